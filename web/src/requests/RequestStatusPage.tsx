import { Alert, Anchor, Button, Group, Modal, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { IconArrowBackUp, IconSearch } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useRequestsT } from './i18n.js';
import { Link, useSearchParams } from 'react-router';
import { AuthLayout } from '../components/AuthLayout.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { requestStatus, withdrawRequest } from './api.js';
import { RequestStateBadge } from './RequestStateBadge.js';
import { REQUEST_MACHINE } from './shared.js';

/** R4.2: "the requester is told" — the state, the decision, the reason and the validity, by tracking code. */
export function RequestStatusPage() {
  const tr = useRequestsT();
  const lang = currentLang();
  const [params] = useSearchParams();
  const [code, setCode] = useState(params.get('ma') ?? '');
  const look = useMutation({ mutationFn: requestStatus });
  const withdraw = useMutation({ mutationFn: withdrawRequest });
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const { mutate } = look;
  const initial = params.get('ma');
  useEffect(() => {
    if (initial) mutate(initial);
  }, [initial, mutate]);
  // After a withdrawal, its answer is the request's status as it now is.
  const s = withdraw.data ?? look.data;
  return (
    <AuthLayout title={tr('status.title')} width={560}>
      <form onSubmit={(e) => { e.preventDefault(); if (code.trim()) { withdraw.reset(); look.mutate(code); } }} data-testid="request-lookup">
        <Stack gap="sm">
          <Text size="sm">{tr('status.intro')}</Text>
          <Group align="flex-end" gap="sm" wrap="nowrap">
            <TextInput
              label={tr('code')} name="code" value={code} onChange={(e) => setCode(e.currentTarget.value)} placeholder="YC-XXXX-XXXX"
              autoCapitalize="characters" autoComplete="off" style={{ flex: 1 }}
            />
            <Button type="submit" leftSection={<IconSearch size={16} />} loading={look.isPending}>{tr('status.search')}</Button>
          </Group>
        </Stack>
      </form>
      <ErrorAlert error={look.error} />
      {s && (
        <Stack gap="xs" data-testid="request-status" data-state={s.state}>
          <Group gap="xs"><Text fw={700}>{s.trackingCode}</Text><RequestStateBadge state={s.state} /></Group>
          <Table variant="vertical" withTableBorder layout="fixed">
            <Table.Tbody>
              <Table.Tr><Table.Th w="45%">{tr('state')}</Table.Th><Table.Td>{REQUEST_MACHINE.states[s.state][lang]}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th>{tr('submittedAt')}</Table.Th><Table.Td>{formatDateTime(s.submittedAtMs)}</Table.Td></Table.Tr>
              {s.decidedAtMs !== null && <Table.Tr><Table.Th>{tr('decidedAt')}</Table.Th><Table.Td>{formatDateTime(s.decidedAtMs)}</Table.Td></Table.Tr>}
              {s.validUntilMs !== null && <Table.Tr><Table.Th>{tr('validUntil')}</Table.Th><Table.Td>{formatDateTime(s.validUntilMs)}</Table.Td></Table.Tr>}
              {s.refusalReason && <Table.Tr><Table.Th>{tr('refusalReason')}</Table.Th><Table.Td style={{ overflowWrap: 'anywhere' }}>{s.refusalReason}</Table.Td></Table.Tr>}
            </Table.Tbody>
          </Table>
          {s.state === 'approved' && <Alert color="blue" variant="light">{tr('status.approvedHint')}</Alert>}
          {withdraw.data && <Alert color="gray" variant="light" data-testid="request-withdrawn">{tr('status.withdrawn')}</Alert>}
          {s.state === 'submitted' && (
            <Group><Button variant="default" color="red" leftSection={<IconArrowBackUp size={16} />} onClick={() => setConfirming(true)} data-testid="request-withdraw">{tr('status.withdraw')}</Button></Group>
          )}
        </Stack>
      )}
      <Modal opened={confirming && s?.state === 'submitted'} onClose={() => setConfirming(false)} title={tr('status.withdraw')} centered>
        <form onSubmit={(e) => {
          e.preventDefault();
          if (s) withdraw.mutate({ code: s.trackingCode, note }, { onSuccess: () => { setConfirming(false); setNote(''); } });
        }}>
          <Stack gap="sm">
            <Text size="sm">{tr('status.withdrawIntro')}</Text>
            <Textarea label={tr('status.withdrawNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} autosize minRows={2} />
            <ErrorAlert error={withdraw.error} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setConfirming(false)}>{tr('status.withdrawCancel')}</Button>
              <Button type="submit" color="red" loading={withdraw.isPending} data-testid="request-withdraw-confirm">{tr('status.withdrawConfirm')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Group justify="space-between">
        <Anchor component={Link} to="/yeu-cau" size="sm">{tr('status.newRequest')}</Anchor>
        <Anchor component={Link} to="/" size="sm">{tr('form.signIn')}</Anchor>
      </Group>
    </AuthLayout>
  );
}
