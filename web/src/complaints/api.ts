import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type {
  Complaint, ComplaintAnswered, ComplaintDetail, ComplaintEventInput, ComplaintInput, ComplaintPersonInput, ComplaintStatus, ConsentInput,
  PublicComplaintInput, RedactionBox, RedactionClip, WorkingCalendarInput, WorkingCalendarView,
} from './shared.js';

/** The API of src/server/http/routes/complaints.ts (R3.3), as the contract src/contract/complaints.ts has it. */
export const COMPLAINTS_KEY = ['complaints'] as const;
export const complaintKey = (id: number) => [...COMPLAINTS_KEY, 'one', id] as const;
const clipKey = (id: number, clipId: number) => [...COMPLAINTS_KEY, 'clip', id, clipId] as const;
export const CALENDAR_KEY = ['settings', 'calendar'] as const;

export type ComplaintFilter = 'open' | 'all' | ComplaintDetail['state'];

const base = (id: number) => `/api/complaints/${id}`;
const code = (c: string) => encodeURIComponent(c.trim().toUpperCase());

/** Public, no account: the answer carries the tracking code. */
export const filePublicComplaint = (input: PublicComplaintInput) => api<ComplaintStatus>('POST', '/api/complaints/public', input);
export const complaintStatus = (c: string) => api<ComplaintStatus>('GET', `/api/complaints/status/${code(c)}`);
export const withdrawByCode = (c: string) => api<ComplaintStatus>('POST', `/api/complaints/status/${code(c)}/withdraw`);

export const useComplaints = (state: ComplaintFilter) =>
  useQuery({ queryKey: [...COMPLAINTS_KEY, 'list', state], queryFn: () => api<Complaint[]>('GET', `/api/complaints?state=${state}`), refetchInterval: 60_000 });

export const useComplaint = (id: number) =>
  useQuery({ queryKey: complaintKey(id), queryFn: () => api<ComplaintDetail>('GET', base(id)) });

const working = (c: RedactionClip | undefined) => c === undefined || c.state === 'detecting' || c.state === 'rendering';

/** One redaction clip, asked every 700 ms while face detection or rendering runs. */
export const useRedactionClip = (id: number, clipId: number, initial: RedactionClip) =>
  useQuery({
    queryKey: clipKey(id, clipId),
    queryFn: () => api<RedactionClip>('GET', `${base(id)}/clips/${clipId}`),
    initialData: initial,
    refetchInterval: (q) => (working(q.state.data) ? 700 : false),
  });

export const complaintsApi = {
  file: (input: ComplaintInput) => api<ComplaintDetail>('POST', '/api/complaints', input),
  event: (id: number, input: ComplaintEventInput) => api<ComplaintDetail>('POST', `${base(id)}/events`, input),
  answer: (id: number, text: string, clipId: number | null) => api<ComplaintAnswered>('POST', `${base(id)}/events`, { event: 'answer', text, clipId }),
  addPerson: (id: number, input: ComplaintPersonInput) => api<ComplaintDetail>('POST', `${base(id)}/people`, input),
  removePerson: (id: number, personId: number) => api<ComplaintDetail>('DELETE', `${base(id)}/people/${personId}`),
  recordConsent: (id: number, input: ConsentInput) => api<ComplaintDetail>('POST', `${base(id)}/consents`, input),
  withdrawConsent: (id: number, consentId: number, reason: string) => api<ComplaintDetail>('POST', `${base(id)}/consents/${consentId}/withdraw`, { reason }),
  /** Takes a few seconds: the server cuts the footage with ffmpeg. */
  cutClip: (id: number, input: { cameraId: number; from: number; to: number }) => api<RedactionClip>('POST', `${base(id)}/clips`, input),
  saveBoxes: (id: number, clipId: number, boxes: RedactionBox[], proposals: RedactionBox[]) =>
    api<RedactionClip>('PUT', `${base(id)}/clips/${clipId}/boxes`, { boxes, proposals }),
  detect: (id: number, clipId: number) => api<RedactionClip>('POST', `${base(id)}/clips/${clipId}/detect`),
  render: (id: number, clipId: number) => api<RedactionClip>('POST', `${base(id)}/clips/${clipId}/render`),
};

export const sourceUrl = (id: number, clipId: number) => `${base(id)}/clips/${clipId}/source.mp4`;
/** The rendered file; `v` changes with each render so the browser does not play an older one. */
export const redactedUrl = (id: number, clipId: number, v?: string | null) => `${base(id)}/clips/${clipId}/redacted.mp4${v ? `?v=${v.slice(0, 12)}` : ''}`;

const isDetail = (x: unknown): x is ComplaintDetail => typeof x === 'object' && x !== null && 'trackingCode' in x && 'people' in x;
const isClip = (x: unknown): x is RedactionClip => typeof x === 'object' && x !== null && 'complaintId' in x && 'boxes' in x;

/** A change to a complaint: the answer is the complaint as it now is (or a clip); afterwards both are read again. */
export function useComplaintChange<A, R>(fn: (input: A) => Promise<R>, done?: (result: R) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result) => {
      done?.(result);
      if (isDetail(result)) client.setQueryData(complaintKey(result.id), result);
      if (isClip(result)) client.setQueryData(clipKey(result.complaintId, result.id), result);
      await client.invalidateQueries({ queryKey: COMPLAINTS_KEY });
    },
  });
}

export const useCalendar = () => useQuery({ queryKey: CALENDAR_KEY, queryFn: () => api<WorkingCalendarView>('GET', '/api/settings/calendar') });
export const saveCalendar = (input: WorkingCalendarInput) => api<WorkingCalendarView>('PUT', '/api/settings/calendar', input);
