import { Alert, Anchor, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconArrowBackUp, IconMovie, IconSearch } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AuthLayout } from '../components/AuthLayout.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { formatVnDate } from '../playback/vn-time.js';
import { complaintStatus, withdrawByCode } from './api.js';
import { ComplaintStateBadge } from './Badges.js';
import { useComplaintsT } from './i18n.js';
import { COMPLAINT_KIND_LABELS, type ComplaintStatus } from './shared.js';

const PENDING = new Set(['filed', 'acknowledged', 'extended']);

/** R3.3: the filer is told — the state, both deadlines, the answer, whether a clip was released — by tracking code. */
export function ComplaintStatusPage() {
  const tc = useComplaintsT();
  const [params] = useSearchParams();
  const [code, setCode] = useState(params.get('ma') ?? '');
  const [shown, setShown] = useState<ComplaintStatus | null>(null);
  const look = useMutation({ mutationFn: complaintStatus, onSuccess: setShown });
  const { mutate } = look;
  const initial = params.get('ma');
  useEffect(() => {
    if (initial) mutate(initial);
  }, [initial, mutate]);
  return (
    <AuthLayout title={tc('status.title')} width={600}>
      <form onSubmit={(e) => { e.preventDefault(); if (code.trim()) look.mutate(code); }} data-testid="complaint-lookup">
        <Stack gap="sm">
          <Text size="sm">{tc('status.intro')}</Text>
          <Group align="flex-end" gap="sm" wrap="nowrap">
            <TextInput
              label={tc('trackingCode')} name="code" value={code} onChange={(e) => setCode(e.currentTarget.value)} placeholder="KN-XXXX-XXXX"
              autoCapitalize="characters" autoComplete="off" style={{ flex: 1, minWidth: 0 }}
            />
            <Button type="submit" leftSection={<IconSearch size={16} />} loading={look.isPending}>{tc('status.search')}</Button>
          </Group>
        </Stack>
      </form>
      <ErrorAlert error={look.error} />
      {shown && !look.isError && <StatusTable s={shown} onWithdrawn={setShown} />}
      <Group justify="space-between">
        <Anchor component={Link} to="/khieu-nai" size="sm">{tc('status.newComplaint')}</Anchor>
        <Anchor component={Link} to="/" size="sm">{tc('form.signIn')}</Anchor>
      </Group>
    </AuthLayout>
  );
}

function StatusTable({ s, onWithdrawn }: { s: ComplaintStatus; onWithdrawn(s: ComplaintStatus): void }) {
  const tc = useComplaintsT();
  const [confirming, setConfirming] = useState(false);
  const withdraw = useMutation({ mutationFn: () => withdrawByCode(s.trackingCode), onSuccess: (next) => { setConfirming(false); onWithdrawn(next); } });
  const row = (label: string, value: ReactNode, testId?: string) => (
    <Table.Tr><Table.Th w="42%">{label}</Table.Th><Table.Td style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid={testId}>{value}</Table.Td></Table.Tr>
  );
  const pending = PENDING.has(s.state);
  return (
    <Stack gap="xs" data-testid="complaint-status" data-state={s.state}>
      <Group gap="xs"><Text fw={700}>{s.trackingCode}</Text><ComplaintStateBadge state={s.state} /></Group>
      <Table variant="vertical" withTableBorder layout="fixed">
        <Table.Tbody>
          {row(tc('kind'), COMPLAINT_KIND_LABELS[s.kind][currentLang()])}
          {row(tc('filedAt'), formatDateTime(s.filedAtMs))}
          {pending && row(tc('acknowledgeBy'), formatVnDate(s.acknowledgeByMs))}
          {pending && row(tc('answerBy'), formatVnDate(s.answerByMs))}
          {s.extensionReason && row(tc('extensionReason'), s.extensionReason)}
          {s.answeredAtMs !== null && row(tc('answeredAt'), formatDateTime(s.answeredAtMs))}
          {s.answerText && row(tc('answerText'), s.answerText, 'status-answer')}
        </Table.Tbody>
      </Table>
      {s.clipReleased && <Alert color="blue" variant="light" icon={<IconMovie />}>{tc('status.clipReleased')}</Alert>}
      {pending && (
        <Group justify="flex-end">
          <Button variant="default" color="red" leftSection={<IconArrowBackUp size={16} />} onClick={() => setConfirming(true)} data-testid="status-withdraw">
            {tc('status.withdraw')}
          </Button>
        </Group>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={tc('status.withdraw')} centered>
        <Stack gap="sm">
          <Text size="sm">{tc('status.withdrawConfirm')}</Text>
          <ErrorAlert error={withdraw.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>{tc('cancel')}</Button>
            <Button color="red" loading={withdraw.isPending} onClick={() => withdraw.mutate()} data-testid="status-withdraw-confirm">{tc('status.withdraw')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
