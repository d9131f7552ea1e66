import { Badge, Button, Card, Code, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { WHOLE_BADGE } from '../admin/badge.js';
import { BIEN_BAN_MACHINE, type CaseDocument } from '../contract.js';
import { currentLang } from '../i18n/index.js';
import { formatDateTime } from '../lib/time.js';
import { documentPdfUrl } from './api.js';

export function DocumentStateBadge({ doc }: { doc: CaseDocument }) {
  return (
    <Badge color={doc.state === 'finalised' ? 'green' : 'yellow'} variant="light" tt="none" styles={WHOLE_BADGE} data-doc-state={doc.state}>
      {BIEN_BAN_MACHINE.states[doc.state][currentLang()]}
    </Badge>
  );
}

export const PdfButton = ({ caseId, doc, children }: { caseId: number; doc: CaseDocument; children: ReactNode }) => (
  <Button component="a" href={documentPdfUrl(caseId, doc.id)} target="_blank" rel="noopener" variant="light" size="sm" leftSection={<IconFileTypePdf size={18} />} data-testid="bien-ban-pdf">
    {children}
  </Button>
);

/** A version as it reads: finalised ones never change (R4.3), so this is all there is to see of them. */
export function DocumentView({ caseId, doc, actions }: { caseId: number; doc: CaseDocument; actions?: ReactNode }) {
  const { t } = useTranslation();
  const c = doc.content;
  return (
    <Card withBorder radius="md" padding="md" data-testid="bien-ban-view" data-version={doc.version}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs">
            <Title order={3} fz="lg">{doc.number ? t('cases.doc.numbered', { number: doc.number }) : t('cases.doc.version', { version: doc.version })}</Title>
            <DocumentStateBadge doc={doc} />
          </Group>
          <Group gap="xs">
            <PdfButton caseId={caseId} doc={doc}>{t('cases.doc.viewPdf')}</PdfButton>
            {actions}
          </Group>
        </Group>
        {doc.finalisedAtMs !== null && <Text size="xs" c="dimmed">{t('cases.doc.finalisedBy', { name: doc.finalisedBy ?? '', time: formatDateTime(doc.finalisedAtMs) })}</Text>}
        {doc.pdfSha256 && <Text size="xs">{t('cases.doc.pdfHash')}: <Code style={{ overflowWrap: 'anywhere' }} data-testid="pdf-sha256">{doc.pdfSha256}</Code></Text>}
        <Text fw={700} ta="center" mt="xs">BIÊN BẢN</Text>
        <Text size="sm" ta="center" fs="italic">{c.subject}</Text>
        <Text size="sm">{t('cases.doc.when', { from: formatDateTime(c.startedAt), to: formatDateTime(c.endedAt) })} · {c.place}</Text>
        <Text size="sm" fw={600}>{t('cases.doc.present')}</Text>
        <List size="sm">{c.present.map((p, i) => <List.Item key={i}>{p.name} — {p.position}</List.Item>)}</List>
        <Text size="sm">{t('cases.doc.chair')}: {c.chair.name} — {c.chair.position}</Text>
        <Text size="sm">{t('cases.doc.secretary')}: {c.secretary.name} — {c.secretary.position}</Text>
        {c.content.map((p, i) => <Text key={i} size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{p}</Text>)}
        <Text size="sm" fw={600}>{t('cases.doc.recipients')}</Text>
        {c.recipients.map((r, i) => <Text key={i} size="sm">{r}</Text>)}
        <Text size="xs" c="dimmed">{t('cases.doc.createdBy', { name: doc.createdBy, time: formatDateTime(doc.createdAtMs) })} · {BIEN_BAN_MACHINE.states[doc.state][currentLang()]}</Text>
      </Stack>
    </Card>
  );
}
