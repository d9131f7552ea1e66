import { Card, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCameras } from '../api/cameras.js';
import { may, useSignedIn } from '../auth/me-context.js';
import { currentLang } from '../i18n/index.js';
import { HoldList } from '../incidents/HoldList.js';
import { formatDateTime } from '../lib/time.js';
import { useComplaintsT } from './i18n.js';
import { COMPLAINT_KIND_LABELS, type ComplaintDetail } from './shared.js';

const pending = (c: ComplaintDetail) => c.state === 'filed' || c.state === 'acknowledged' || c.state === 'extended';

/** What was filed, and the footage held for it from the moment it was filed (R3.3, R3.2). */
export function ComplaintInfoTab({ c, filer = false }: { c: ComplaintDetail; filer?: boolean }) {
  const { t } = useTranslation();
  const tc = useComplaintsT();
  const me = useSignedIn();
  const cameras = useCameras(may(me, 'camera.read'));
  const cameraName = (id: number) => cameras.data?.find((x) => x.id === id)?.name ?? t('workflow.cameraNo', { id });
  const row = (label: string, value: ReactNode) => (
    <Table.Tr><Table.Th w="36%">{label}</Table.Th><Table.Td style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{value}</Table.Td></Table.Tr>
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Card withBorder>
        <Table variant="vertical" layout="fixed" data-testid="complaint-facts">
          <Table.Tbody>
            {row(tc('kind'), COMPLAINT_KIND_LABELS[c.kind][currentLang()])}
            {row(tc('filerName'), c.filerName + (c.filerUsername ? ` (${c.filerUsername})` : ''))}
            {row(tc('filerRelation'), tc(`relations.${c.relation}`))}
            {c.pupilName && row(tc('pupilName'), `${c.pupilName}${c.pupilClass ? ` — ${tc('classOf', { name: c.pupilClass })}` : ''}`)}
            {c.cameraIds.length > 0 && row(tc('cameras'), c.cameraIds.map(cameraName).join(', '))}
            {c.place && row(tc('place'), c.place)}
            {row(tc('range'), `${formatDateTime(c.fromMs)} – ${formatDateTime(c.toMs)}`)}
            {row(tc('description'), c.description)}
            {(c.contactEmail || c.contactPhone) && row(tc('contact'), [c.contactPhone, c.contactEmail].filter(Boolean).join(' · '))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">{tc('holdsTitle')}</Title>
        {/* The filer is told that the footage is kept, not which recordings (those are leadership's). */}
        {filer
          ? <Text size="sm" data-testid="filer-holds">{pending(c) ? tc('filerHeld') : tc('noHolds')}</Text>
          : <HoldList holds={c.holds} cameraName={cameraName} emptyText={tc('noHolds')} />}
      </Card>
    </SimpleGrid>
  );
}
