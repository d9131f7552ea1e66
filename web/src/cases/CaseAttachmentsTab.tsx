import { ActionIcon, Alert, Anchor, Button, Card, Code, FileButton, Group, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconPaperclip, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { formatBytes } from '../admin/format.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import type { CaseAttachment, EvidenceCaseDetail } from '../contract.js';
import { formatVnDateTime } from '../playback/vn-time.js';
import { attachmentFileUrl, casesApi, useCaseChange } from './api.js';
import { useCaseFilesT } from './files-i18n.js';

/** What the server takes (src/domain/attachments.ts): the type a browser may leave blank is told by the name. */
const TYPE_OF_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', txt: 'text/plain', doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const ACCEPT = [...Object.keys(TYPE_OF_EXTENSION).map((e) => `.${e}`), ...new Set(Object.values(TYPE_OF_EXTENSION))].join(',');
const MAX_BYTES = 25 * 1024 * 1024;

const mediaTypeOf = (file: File) => file.type || TYPE_OF_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? ''] || 'application/octet-stream';

function AttachmentRow({ caseId, a, removable, onRemove }: { caseId: number; a: CaseAttachment; removable: boolean; onRemove: () => void }) {
  const tf = useCaseFilesT();
  return (
    <Card withBorder radius="md" padding="sm" data-testid="case-attachment" data-attachment={a.id}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={700} style={{ overflowWrap: 'anywhere' }}>{a.fileName}</Text>
          {a.note && <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{a.note}</Text>}
          <Text size="xs" c="dimmed" mt={4}>
            {formatBytes(a.bytes)} · SHA-256 <Tooltip label={tf('hashTitle', { hash: a.sha256 })} multiline maw={320}><Code fz="xs" data-testid="attachment-sha256">{a.sha256.slice(0, 12)}…</Code></Tooltip>
            {' · '}{tf('addedBy', { name: a.addedBy, time: formatVnDateTime(a.addedAtMs) })}
          </Text>
        </div>
        <Group gap={4} wrap="nowrap">
          <Anchor href={attachmentFileUrl(caseId, a.id)} download={a.fileName} size="sm">
            <Group gap={4} wrap="nowrap"><IconDownload size={16} />{tf('download')}</Group>
          </Anchor>
          {removable && (
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`${tf('remove')} ${a.fileName}`} data-testid="attachment-remove"><IconTrash size={18} /></ActionIcon>
          )}
        </Group>
      </Group>
    </Card>
  );
}

/** R4.3 "notes and attachments": a case's files other than clips, each with its fingerprint; added and removed while it is open. */
export function CaseAttachmentsTab({ c, editable, removable }: { c: EvidenceCaseDetail; editable: boolean; removable: boolean }) {
  const tf = useCaseFilesT();
  const [note, setNote] = useState('');
  const [removing, setRemoving] = useState<CaseAttachment | null>(null);
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const add = useCaseChange((file: File) => casesApi.addAttachment(c.id, file, mediaTypeOf(file), note));
  const remove = useCaseChange((a: CaseAttachment) => casesApi.removeAttachment(c.id, a.id));
  const choose = (file: File | null) => {
    if (!file) return;
    setTooLarge(file.size > MAX_BYTES ? file.name : null);
    if (file.size > MAX_BYTES) return;
    add.mutate(file, {
      onSuccess: () => {
        setNote('');
        notifications.show({ color: 'green', message: tf('added', { name: file.name }) });
      },
    });
  };
  return (
    <Stack gap="md" data-testid="case-attachments">
      <Text size="sm" c="dimmed">{tf('intro')}</Text>
      {c.attachments.length === 0 && <Text c="dimmed" size="sm">{tf('none')}</Text>}
      {c.attachments.map((a) => <AttachmentRow key={a.id} caseId={c.id} a={a} removable={removable} onRemove={() => setRemoving(a)} />)}
      {editable ? (
        <Card withBorder radius="md" padding="md">
          <Stack gap="sm">
            <TextInput label={tf('note')} placeholder={tf('notePlaceholder')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} />
            <FileButton onChange={choose} accept={ACCEPT}>
              {(props) => (
                <Button {...props} leftSection={<IconPaperclip size={18} />} loading={add.isPending} w="fit-content" data-testid="attachment-choose">{tf('choose')}</Button>
              )}
            </FileButton>
            {tooLarge && <Alert color="red" variant="light" role="alert" style={{ overflowWrap: 'anywhere' }}>{tf('tooLarge', { name: tooLarge })}</Alert>}
            <ErrorAlert error={add.error} />
          </Stack>
        </Card>
      ) : c.state === 'closed' && <Text size="sm" c="dimmed">{tf('closed')}</Text>}
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={tf('removeTitle')} centered>
        {removing && (
          <Stack gap="sm">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{tf('removeConfirm', { name: removing.fileName })}</Text>
            <ErrorAlert error={remove.error} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setRemoving(null)}>{tf('removeCancel')}</Button>
              <Button color="red" loading={remove.isPending} data-testid="attachment-remove-confirm" onClick={() => remove.mutate(removing, {
                onSuccess: () => {
                  notifications.show({ color: 'green', message: tf('removed', { name: removing.fileName }) });
                  setRemoving(null);
                },
              })}>{tf('remove')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
