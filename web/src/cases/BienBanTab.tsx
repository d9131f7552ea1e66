import { Alert, Anchor, Button, Stack, Table, Text } from '@mantine/core';
import { IconFilePencil, IconFilePlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/me-context.js';
import type { CaseDocument, EvidenceCaseDetail } from '../contract.js';
import { formatDateTime } from '../lib/time.js';
import { documentPdfUrl } from './api.js';
import { type BienBanValues, draftDefaults, valuesOf } from './bien-ban-form.js';
import { BienBanEditor } from './BienBanEditor.js';
import { DocumentStateBadge, DocumentView } from './DocumentView.js';

/**
 * R4.3: the case's biên bản — the draft being written, or the finalised version with "Tạo bản sửa
 * đổi" (a new draft version from it), and every earlier version with its PDF.
 */
export function BienBanTab({ c, editable }: { c: EvidenceCaseDetail; editable: boolean }) {
  const { t } = useTranslation();
  const me = useSignedIn();
  const [starting, setStarting] = useState<BienBanValues | null>(null);
  const versions = [...c.documents].sort((a, b) => b.version - a.version);
  const latest = versions[0];
  const writer = { name: me.user.fullName, position: me.user.roles[0]?.label.vi ?? '' };
  const older = versions.slice(1);

  let main;
  if (starting) {
    main = <BienBanEditor key="new" caseId={c.id} doc={null} initial={starting} onCancel={() => setStarting(null)} onSaved={() => setStarting(null)} />;
  } else if (!latest) {
    main = (
      <Alert color="blue" variant="light" title={t('cases.doc.none')}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t('cases.doc.noneHint')}</Text>
          {editable && (
            <Button leftSection={<IconFilePlus size={18} />} onClick={() => setStarting(draftDefaults(c, writer, Date.now()))} data-testid="bien-ban-start">
              {t('cases.doc.start')}
            </Button>
          )}
        </Stack>
      </Alert>
    );
  } else if (latest.state === 'draft' && editable) {
    main = <BienBanEditor key={latest.id} caseId={c.id} doc={latest} initial={valuesOf(latest.content)} />;
  } else {
    main = (
      <DocumentView
        caseId={c.id} doc={latest}
        actions={editable && latest.state === 'finalised' && (
          <Button size="sm" variant="default" leftSection={<IconFilePencil size={18} />} onClick={() => setStarting(valuesOf(latest.content))} data-testid="bien-ban-amend">
            {t('cases.doc.amend')}
          </Button>
        )}
      />
    );
  }
  // A new version is saved only on its first save: until then, the version being amended stays shown below.
  const listed = starting && latest ? versions : older;
  return (
    <Stack gap="md">
      {main}
      {listed.length > 0 && <Versions caseId={c.id} docs={listed} />}
    </Stack>
  );
}

function Versions({ caseId, docs }: { caseId: number; docs: CaseDocument[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>{t('cases.doc.otherVersions')}</Text>
      <Table.ScrollContainer minWidth={420}>
        <Table verticalSpacing={4} fz="sm">
          <Table.Tbody>
            {docs.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.number ?? t('cases.doc.version', { version: d.version })}</Table.Td>
                <Table.Td><DocumentStateBadge doc={d} /></Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.finalisedAtMs ?? d.createdAtMs)}</Table.Td>
                <Table.Td><Anchor href={documentPdfUrl(caseId, d.id)} target="_blank" rel="noopener">PDF</Anchor></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
