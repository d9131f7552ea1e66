import { HistoryTimeline } from '../components/HistoryTimeline.js';
import { currentLang } from '../i18n/index.js';
import { useComplaintsT } from './i18n.js';
import { COMPLAINT_MACHINE, type ComplaintDetail } from './shared.js';

/** "Lịch sử": everything done to the complaint, by whom and when (R3.3). */
export function ComplaintHistoryTab({ c }: { c: ComplaintDetail }) {
  const tc = useComplaintsT();
  const lang = currentLang();
  const events: Record<string, { vi: string; en: string }> = COMPLAINT_MACHINE.events;
  const label = (event: string) => events[event]?.[lang] ?? (HISTORY_KEYS.has(event) ? tc(`history.${event as HistoryKey}`) : event);
  return <HistoryTimeline entries={c.history} label={(e) => label(e.event)} testId="complaint-history" />;
}

/** Events the service writes beside its state machine's (src/server/services/complaints.ts). */
const HISTORY = ['add_person', 'remove_person', 'record_consent', 'withdraw_consent', 'cut_clip', 'set_redaction', 'detect_faces', 'render_redaction'] as const;
type HistoryKey = (typeof HISTORY)[number];
const HISTORY_KEYS: ReadonlySet<string> = new Set(HISTORY);
