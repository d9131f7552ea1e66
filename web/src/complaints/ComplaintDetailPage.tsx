import { Stack, Tabs } from '@mantine/core';
import { useParams, useSearchParams } from 'react-router';
import { may, useSignedIn } from '../auth/me-context.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { useComplaint } from './api.js';
import { AnswerTab } from './AnswerTab.js';
import { ComplaintActions } from './ComplaintActions.js';
import { ComplaintHeader } from './ComplaintHeader.js';
import { ComplaintHistoryTab } from './ComplaintHistoryTab.js';
import { ComplaintInfoTab } from './ComplaintInfoTab.js';
import { FilerView } from './FilerView.js';
import { useComplaintsT } from './i18n.js';
import { PeopleTab } from './PeopleTab.js';
import { RedactionTab } from './RedactionTab.js';

const TABS = ['info', 'people', 'clips', 'answer', 'history'] as const;
type Tab = (typeof TABS)[number];

/** R3.3: one complaint — for leadership, everything to handle it; for the filer, where it stands and the answer. */
export function ComplaintDetailPage() {
  const tc = useComplaintsT();
  const me = useSignedIn();
  const id = Number(useParams().id);
  const complaint = useComplaint(id);
  const [params, setParams] = useSearchParams();
  if (complaint.isPending) return <FullPageLoader inline />;
  if (!complaint.data) return <ErrorAlert error={complaint.error} />;
  const c = complaint.data;
  if (!may(me, 'complaint.manage')) return <FilerView c={c} />;
  const tab: Tab = TABS.find((x) => x === params.get('tab')) ?? 'info';
  const open = (t: Tab) => setParams({ tab: t }, { replace: true });
  const editable = c.state === 'filed' || c.state === 'acknowledged' || c.state === 'extended';
  const counts: Partial<Record<Tab, number>> = { people: c.people.length, clips: c.clips.length };
  return (
    <Stack gap="md" data-testid="complaint-detail" data-state={c.state}>
      <ComplaintHeader c={c} />
      <ComplaintActions c={c} onAnswer={() => open('answer')} />
      <Tabs value={tab} onChange={(v) => open(TABS.find((x) => x === v) ?? 'info')} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          {TABS.map((x) => (
            <Tabs.Tab key={x} value={x} data-testid={`complaint-tab-${x}`} style={{ flexShrink: 0 }}>
              {tc(`tabs.${x}`)}{counts[x] ? ` (${counts[x]})` : ''}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="info" pt="md"><ComplaintInfoTab c={c} /></Tabs.Panel>
        <Tabs.Panel value="people" pt="md"><PeopleTab c={c} editable={editable} /></Tabs.Panel>
        <Tabs.Panel value="clips" pt="md"><RedactionTab c={c} editable={editable} /></Tabs.Panel>
        <Tabs.Panel value="answer" pt="md"><AnswerTab c={c} /></Tabs.Panel>
        <Tabs.Panel value="history" pt="md"><ComplaintHistoryTab c={c} /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
