import { Anchor, Button, Card, Group, Modal, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconArrowLeft, IconCheck, IconBan, IconX } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestsT } from './i18n.js';
import { Link, useParams } from 'react-router';
import { useCameras } from '../api/cameras.js';
import { may, useSignedIn } from '../auth/me-context.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { HistoryTimeline } from '../components/HistoryTimeline.js';
import { PageTitle } from '../components/PageTitle.js';
import { currentLang } from '../i18n/index.js';
import { HoldList } from '../incidents/HoldList.js';
import { formatDateTime } from '../lib/time.js';
import { useDecision, useRequest } from './api.js';
import { ApproveModal } from './ApproveModal.js';
import { RequestStateBadge } from './RequestStateBadge.js';
import { NEED_GRANT_ACTION, type OutsiderRequestDetail, REQUEST_MACHINE, REQUEST_NEEDS, REQUEST_NEED_LABELS, REQUEST_PURPOSE_LABELS } from './shared.js';

type Open = 'approve' | 'refuse' | 'revoke' | null;

/** R4.2: one request — what was asked, the grant, the footage held, the history — and the principal's decisions. */
export function RequestDetailPage() {
  const { t } = useTranslation();
  const tr = useRequestsT();
  const id = Number(useParams().id);
  const me = useSignedIn();
  const request = useRequest(id);
  const cameras = useCameras(may(me, 'camera.read'));
  const [open, setOpen] = useState<Open>(null);
  if (request.isPending) return <FullPageLoader inline />;
  if (!request.data) return <ErrorAlert error={request.error} />;
  const r = request.data;
  const cameraName = (cid: number) => cameras.data?.find((c) => c.id === cid)?.name ?? t('workflow.cameraNo', { id: cid });
  const can = (e: string) => r.allowedEvents.includes(e);
  return (
    <Stack gap="md" data-testid="request-detail" data-state={r.state}>
      <Anchor component={Link} to="/requests" size="sm"><Group gap={4}><IconArrowLeft size={14} />{tr('nav')}</Group></Anchor>
      <Group justify="space-between" align="flex-start" gap="xs">
        <PageTitle title={`${r.trackingCode} · ${r.organisation}`}>{REQUEST_PURPOSE_LABELS[r.purpose][currentLang()]}</PageTitle>
        <RequestStateBadge state={r.state} />
      </Group>
      <Group gap="sm">
        {can('approve') && <Button color="green" leftSection={<IconCheck size={18} />} onClick={() => setOpen('approve')} data-testid="request-approve">{tr('approve.button')}</Button>}
        {can('refuse') && <Button color="red" variant="light" leftSection={<IconX size={18} />} onClick={() => setOpen('refuse')} data-testid="request-refuse">{tr('refuse.button')}</Button>}
        {can('revoke') && <Button color="grape" variant="light" leftSection={<IconBan size={18} />} onClick={() => setOpen('revoke')} data-testid="request-revoke">{tr('revoke.button')}</Button>}
        {r.state === 'submitted' && !may(me, 'request.decide') && <Text size="sm" c="dimmed">{tr('principalOnly')}</Text>}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Asked r={r} cameraName={cameraName} />
        <Stack gap="md">
          {r.grant && <Granted r={r} cameraName={cameraName} />}
          <Card withBorder>
            <Title order={2} size="h5" mb="xs">{t('workflow.holds')}</Title>
            <HoldList holds={r.holds} cameraName={cameraName} />
          </Card>
          <Card withBorder>
            <Title order={2} size="h5" mb="xs">{t('workflow.history')}</Title>
            <HistoryTimeline entries={r.history} testId="request-history" label={(e) => REQUEST_MACHINE.events[e.event as keyof typeof REQUEST_MACHINE.events]?.[currentLang()] ?? e.event} />
          </Card>
        </Stack>
      </SimpleGrid>
      <ApproveModal request={r} cameras={cameras.data ?? []} opened={open === 'approve'} onClose={() => setOpen(null)} />
      {(open === 'refuse' || open === 'revoke') && <ReasonModal id={r.id} event={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

function Asked({ r, cameraName }: { r: OutsiderRequestDetail; cameraName(id: number): string }) {
  const tr = useRequestsT();
  const lang = currentLang();
  const row = (label: string, value: ReactNode) => (
    <Table.Tr><Table.Th w="38%">{label}</Table.Th><Table.Td style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{value}</Table.Td></Table.Tr>
  );
  return (
    <Card withBorder>
      <Table variant="vertical" layout="fixed" data-testid="request-asked">
        <Table.Tbody>
          {row(tr('requester'), `${r.requesterName} — ${r.organisation}`)}
          {row(tr('contactEmail'), r.contactEmail ?? '—')}
          {row(tr('contactPhone'), r.contactPhone ?? '—')}
          {row(tr('cameras'), r.cameraIds.length > 0 ? r.cameraIds.map(cameraName).join(', ') : '—')}
          {row(tr('places'), r.places || '—')}
          {row(tr('range'), `${formatDateTime(r.fromMs)} – ${formatDateTime(r.toMs)}`)}
          {row(tr('needs'), r.needs.map((n) => REQUEST_NEED_LABELS[n][lang]).join(', '))}
          {row(tr('legalBasis'), r.legalBasis)}
          {row(tr('description'), r.description)}
          {row(tr('submittedAt'), formatDateTime(r.submittedAtMs))}
          {r.refusalReason && row(tr('refusalReason'), r.refusalReason)}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function Granted({ r, cameraName }: { r: OutsiderRequestDetail; cameraName(id: number): string }) {
  const tr = useRequestsT();
  const lang = currentLang();
  const g = r.grant;
  if (!g) return null;
  const needs = REQUEST_NEEDS.filter((n) => g.actions.includes(NEED_GRANT_ACTION[n]));
  return (
    <Card withBorder data-testid="request-grant">
      <Title order={2} size="h5" mb="xs">{tr('grant')}{g.revokedAtMs !== null && ` (${tr('grantRevoked')})`}</Title>
      <Stack gap={4}>
        <Text size="sm"><b>{tr('account')}:</b> {r.requesterUsername}</Text>
        <Text size="sm"><b>{tr('cameras')}:</b> {g.cameraIds.map(cameraName).join(', ')}</Text>
        <Text size="sm"><b>{tr('range')}:</b> {formatDateTime(g.fromMs)} – {formatDateTime(g.toMs)}</Text>
        <Text size="sm"><b>{tr('needs')}:</b> {needs.map((n) => REQUEST_NEED_LABELS[n][lang]).join(', ')}</Text>
        <Text size="sm"><b>{tr('validUntil')}:</b> {formatDateTime(g.validUntilMs)}</Text>
        {r.decidedBy && <Text size="sm"><b>{tr('decidedBy')}:</b> {r.decidedBy}</Text>}
      </Stack>
    </Card>
  );
}

/** Refusing or revoking says why (R4.2); the requester is told. */
function ReasonModal({ id, event, onClose }: { id: number; event: 'refuse' | 'revoke'; onClose(): void }) {
  const { t } = useTranslation();
  const tr = useRequestsT();
  const decide = useDecision(id);
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 10) return setTooShort(true);
    decide.mutate({ event, reason: reason.trim() }, { onSuccess: onClose });
  };
  return (
    <Modal opened onClose={onClose} title={tr(`${event}.title`)} centered>
      <form onSubmit={submit} noValidate data-testid={`${event}-form`}>
        <Stack gap="sm">
          <ErrorAlert error={decide.error} />
          <Textarea
            label={tr(`${event}.reason`)} name="reason" withAsterisk autosize minRows={3} maxLength={2000} value={reason} data-autofocus
            onChange={(e) => { setReason(e.currentTarget.value); setTooShort(false); }} error={tooShort ? tr('reasonTooShort') : undefined}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>{t('admin.form.cancel')}</Button>
            <Button type="submit" color={event === 'refuse' ? 'red' : 'grape'} loading={decide.isPending} data-testid={`${event}-confirm`}>{tr(`${event}.confirm`)}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
