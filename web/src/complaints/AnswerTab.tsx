import { Alert, Anchor, Button, Card, Code, CopyButton, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCheck, IconCopy, IconDownload, IconEyeOff, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '../admin/FormError.js';
import { serverFieldErrors } from '../admin/form-errors.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { formatVnDateTime } from '../playback/vn-time.js';
import { complaintsApi, redactedUrl, useComplaintChange } from './api.js';
import { useComplaintsT } from './i18n.js';
import { type ComplaintAnswered, type ComplaintDetail, MIN_COMPLAINT_TEXT } from './shared.js';

const NO_CLIP = 'none';

/** R3.3: the answer, where fitting with a redacted clip — which goes out only when the children's consents are recorded. */
export function AnswerTab({ c }: { c: ComplaintDetail }) {
  const [release, setRelease] = useState<ComplaintAnswered['release']>(null);
  return (
    <Stack gap="md">
      {c.answerText !== null ? <Answered c={c} /> : c.allowedEvents.includes('answer') ? <AnswerForm c={c} onAnswered={setRelease} /> : <NotYet />}
      <ReleaseLink release={release} onClose={() => setRelease(null)} />
    </Stack>
  );
}

function NotYet() {
  const tc = useComplaintsT();
  return <Text c="dimmed" size="sm">{tc('answer.notYet')}</Text>;
}

/** What was answered, and the clip released with it. */
export function Answered({ c }: { c: ComplaintDetail }) {
  const tc = useComplaintsT();
  const clip = c.clips.find((x) => x.id === c.releasedClipId);
  return (
    <Card withBorder data-testid="complaint-answer">
      <Stack gap="xs">
        <Text size="xs" c="dimmed">{tc('answeredAtLine', { time: c.answeredAtMs === null ? '' : formatDateTime(c.answeredAtMs) })}</Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{c.answerText}</Text>
        {clip && (
          <Anchor href={redactedUrl(c.id, clip.id, clip.renderedSha256)} download={`${c.trackingCode}.mp4`} size="sm" data-testid="released-clip">
            <Group gap={4} wrap="nowrap"><IconDownload size={16} />{tc('answer.releasedClip', { camera: clip.cameraName, from: formatVnDateTime(clip.fromMs) })}</Group>
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

function AnswerForm({ c, onAnswered }: { c: ComplaintDetail; onAnswered(release: ComplaintAnswered['release']): void }) {
  const tc = useComplaintsT();
  const lang = currentLang();
  const ready = c.clips.filter((x) => x.state === 'rendered' && x.rendered);
  const form = useForm({
    mode: 'controlled',
    initialValues: { text: '', clip: NO_CLIP },
    validate: { text: (v) => (v.trim().length >= MIN_COMPLAINT_TEXT ? null : tc('answer.textMin', { min: MIN_COMPLAINT_TEXT })) },
  });
  // The link is handed up in the mutation's own onSuccess: this form is gone once the answer is in.
  const answer = useComplaintChange((v: { text: string; clip: string }) => complaintsApi.answer(c.id, v.text.trim(), v.clip === NO_CLIP ? null : Number(v.clip)), (a) => onAnswered(a.release));
  const withClip = form.values.clip !== NO_CLIP;
  const blocked = withClip && c.consentStatus.problem !== null;
  return (
    <Card withBorder>
      <form noValidate data-testid="answer-form" onSubmit={form.onSubmit((v) => answer.mutate(v, { onError: (err) => form.setErrors(serverFieldErrors(err)) }))}>
        <Stack gap="sm">
          <FormError error={answer.error} />
          <Textarea label={tc('answer.text')} description={tc('answer.textHint')} withAsterisk name="answerText" autosize minRows={5} maxRows={16} maxLength={10_000} {...form.getInputProps('text')} />
          <Select
            label={tc('answer.clip')} name="answerClip" allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid="answer-clip"
            description={ready.length === 0 ? tc('answer.noRenderedClip') : tc('answer.clipHint')}
            data={[{ value: NO_CLIP, label: tc('answer.noClip') }, ...ready.map((x) => ({ value: String(x.id), label: `${x.cameraName} · ${formatVnDateTime(x.fromMs)} (#${x.id})` }))]}
            {...form.getInputProps('clip')}
          />
          {blocked && c.consentStatus.problem && (
            <Alert color="orange" variant="filled" icon={<IconAlertTriangle />} title={tc('people.consentsMissing')} data-testid="answer-consent-problem">
              {c.consentStatus.problem[lang]}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" color="green" leftSection={<IconSend size={18} />} loading={answer.isPending} disabled={blocked} data-testid="answer-send">{tc('answer.send')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** The one-time download link of the released clip: shown once, to pass to the filer (R3.3). */
function ReleaseLink({ release, onClose }: { release: ComplaintAnswered['release']; onClose(): void }) {
  const tc = useComplaintsT();
  const url = release ? new URL(release.url, window.location.origin).toString() : '';
  return (
    <Modal opened={release !== null} onClose={onClose} title={tc('release.title')} size="lg" centered closeOnClickOutside={false}>
      {release && (
        <Stack gap="sm" data-testid="release-link">
          <Text size="sm">{tc('release.intro')}</Text>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Code fz="sm" p="sm" style={{ flex: 1, overflowWrap: 'anywhere', minWidth: 0 }} data-testid="release-url">{url}</Code>
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'filled' : 'light'} color={copied ? 'green' : 'blue'} onClick={copy} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} style={{ flexShrink: 0 }}>
                  {copied ? tc('release.copied') : tc('release.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="sm">{tc('release.validUntil', { time: formatDateTime(release.validUntilMs) })}</Text>
          <Alert color="yellow" variant="light" icon={<IconEyeOff />}>{tc('release.once')}</Alert>
          <Group justify="flex-end"><Button onClick={onClose} data-testid="release-close">{tc('release.done')}</Button></Group>
        </Stack>
      )}
    </Modal>
  );
}
