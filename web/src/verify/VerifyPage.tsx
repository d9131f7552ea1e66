import { Alert, Button, Card, Code, FileInput, List, Stack, Table, Text } from '@mantine/core';
import { IconFileZip, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../admin/format.js';
import { upload } from '../api/client.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PageTitle } from '../components/PageTitle.js';
import type { VerifyReport } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { REASON_LABELS, type ReasonCode } from '../playback/reasons.js';
import { type PackageSummary, packageSummary } from './manifest-summary.js';

/** R4.3: anyone signed in checks an evidence package — signature, every file's SHA-256, nothing added or removed. */
export function VerifyPage() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const verify = useMutation({ mutationFn: (f: File) => upload<VerifyReport>('/api/exports/verify', f, 'application/zip') });
  const r = verify.data;
  return (
    <Stack gap="md" maw={820}>
      <PageTitle title={t('verify.title')}>{t('verify.intro')}</PageTitle>
      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
          <FileInput
            label={t('verify.file')} placeholder={t('verify.filePlaceholder')} accept=".zip,application/zip" leftSection={<IconFileZip size={18} />}
            value={file} onChange={(f) => { setFile(f); verify.reset(); }} clearable name="package" data-testid="verify-file"
          />
          <Button leftSection={<IconShieldCheck size={18} />} disabled={!file} loading={verify.isPending} onClick={() => file && verify.mutate(file)} w="fit-content" data-testid="verify-submit">
            {t('verify.check')}
          </Button>
        </Stack>
      </Card>
      <ErrorAlert error={verify.error} />
      {r && <Verdict report={r} />}
    </Stack>
  );
}

function Verdict({ report }: { report: VerifyReport }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const summary = packageSummary(report.manifest);
  return (
    <Stack gap="md" data-testid="verify-result" data-ok={String(report.ok)}>
      {report.ok ? (
        <Alert color="green" variant="filled" icon={<IconShieldCheck />} title={t('verify.intact')}>{t('verify.intactHint')}</Alert>
      ) : (
        <Alert color="red" variant="light" icon={<IconShieldX />} title={t('verify.broken')}>
          <Text size="sm" mb="xs">{t('verify.brokenHint')}</Text>
          <List size="sm" spacing={4} data-testid="verify-problems">
            {report.problems.map((p, i) => (
              <List.Item key={i}><Code fw={700} style={{ overflowWrap: 'anywhere' }}>{p.file}</Code>: {p.problem[lang]}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {report.signedByThisSchool != null && (
        <Text size="sm" c={report.signedByThisSchool ? 'teal.8' : 'red.8'} fw={600} data-testid="verify-key" data-trusted={String(report.signedByThisSchool)}>
          {report.signedByThisSchool ? t('verify.signedBySchool') : t('verify.notSignedBySchool')}
        </Text>
      )}
      {report.warnings && report.warnings.length > 0 && (
        <Alert color="yellow" variant="light" title={t('verify.warnings')}>
          <List size="sm" spacing={4} data-testid="verify-warnings">
            {report.warnings.map((w, i) => (
              <List.Item key={i}><Code style={{ overflowWrap: 'anywhere' }}>{w.file}</Code>: {w.problem[lang]}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {summary && <Summary s={summary} />}
    </Stack>
  );
}

function Summary({ s }: { s: PackageSummary }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const reason = REASON_LABELS[s.reasonCode as ReasonCode]?.[lang] ?? s.reasonCode;
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap={6}>
        <Text fw={700} style={{ overflowWrap: 'anywhere' }}>{s.caseTitle}{s.number ? ` · ${s.number}` : ''}</Text>
        <Text size="sm">{s.schoolName}</Text>
        <Text size="sm">{t('verify.exportedBy', { name: s.exportedBy, time: formatDateTime(s.exportedAtMs) })}</Text>
        <Text size="sm">{t('verify.reason', { reason, text: s.reasonText })}</Text>
        <Text size="xs">{t('verify.fingerprint')}: <Code fz="xs" style={{ overflowWrap: 'anywhere' }}>{s.keyFingerprint}</Code></Text>
        <Table.ScrollContainer minWidth={520}>
          <Table fz="xs" verticalSpacing={4}>
            <Table.Thead><Table.Tr><Table.Th>{t('verify.fileName')}</Table.Th><Table.Th>{t('verify.size')}</Table.Th><Table.Th>SHA-256</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {s.files.map((f) => (
                <Table.Tr key={f.path}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{f.path}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(f.bytes)}</Table.Td>
                  <Table.Td><Code fz={10} style={{ overflowWrap: 'anywhere' }}>{f.sha256}</Code></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}
