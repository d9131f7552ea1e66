import { Alert, Button, Code, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconDownload, IconPackageExport } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../admin/format.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { ReasonFields, type ReasonValue, reasonErrors } from '../playback/ReasonFields.js';
import { casesApi, exportDownloadUrl, useExportJob } from './api.js';
import { exportPercent } from './export-progress.js';

/**
 * R4.3, R2.3: the evidence package leaves the system — with its reason (audited), a progress bar
 * while the server builds and signs the zip, then the download and the package's SHA-256.
 */
export function ExportModal({ caseId, opened, onClose }: { caseId: number; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<ReasonValue>({ code: 'evidence', text: '' });
  const [tried, setTried] = useState(false);
  const start = useMutation({ mutationFn: (v: ReasonValue) => casesApi.export(caseId, v.code ?? 'evidence', v.text.trim()) });
  const job = useExportJob(start.data?.id ?? null);
  const errors = tried ? reasonErrors(value, t) : {};
  const close = () => {
    if (start.isPending) return;
    start.reset();
    setTried(false);
    setValue({ code: 'evidence', text: '' });
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(reasonErrors(value, t)).length === 0) start.mutate(value);
  };
  const j = job.data ?? start.data;
  return (
    <Modal opened={opened} onClose={close} title={t('cases.export.title')} size="lg" centered data-testid="export-modal">
      {!j ? (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">{t('cases.export.intro')}</Text>
            <ReasonFields value={value} onChange={setValue} errors={errors} autoFocus />
            <ErrorAlert error={start.error} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>{t('admin.form.cancel')}</Button>
              <Button type="submit" leftSection={<IconPackageExport size={18} />} loading={start.isPending} data-testid="export-start">{t('cases.export.start')}</Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap="sm" data-testid="export-job" data-state={j.state}>
          <Progress value={exportPercent(j)} size="lg" animated={j.state === 'running'} color={j.state === 'failed' ? 'red' : j.state === 'done' ? 'green' : 'blue'} aria-label={t('cases.export.progress')} />
          <Text size="sm">
            {j.state === 'running' && t('cases.export.running', { done: formatBytes(j.bytesDone), total: formatBytes(j.bytesTotal), percent: exportPercent(j) })}
            {j.state === 'done' && t('cases.export.done', { size: formatBytes(j.bytesTotal) })}
          </Text>
          {j.state === 'failed' && <Alert color="red" variant="light" title={t('cases.export.failed')}>{j.error}</Alert>}
          <ErrorAlert error={job.error} />
          {j.state === 'done' && (
            <Alert color="green" variant="light" icon={<IconCircleCheck />}>
              <Stack gap="xs">
                <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>{j.fileName}</Text>
                <Text size="xs">SHA-256: <Code fz="xs" style={{ overflowWrap: 'anywhere' }} data-testid="export-sha256">{j.sha256}</Code></Text>
                <Text size="xs" c="dimmed">{t('cases.export.hashHint')}</Text>
                <Button component="a" href={exportDownloadUrl(j.id)} download={j.fileName} leftSection={<IconDownload size={18} />} w="fit-content" data-testid="export-download">
                  {t('cases.export.download')}
                </Button>
              </Stack>
            </Alert>
          )}
          <Group justify="flex-end"><Button variant="default" onClick={close}>{t('cases.export.close')}</Button></Group>
        </Stack>
      )}
    </Modal>
  );
}
