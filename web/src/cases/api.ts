import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, upload } from '../api/client.js';
import type { BienBanDraftInput, CaseAttachment, CaseClip, CaseDocument, EvidenceCase, EvidenceCaseDetail, ExportJob } from '../contract.js';
import type { ReasonCode } from '../playback/reasons.js';

export const CASES_KEY = ['cases'] as const;
export const caseKey = (id: number) => [...CASES_KEY, 'one', id] as const;

/** GET /api/cases (src/server/http/routes/cases.ts): leadership's evidence cases (R4.3). */
export const useCases = (enabled = true) => useQuery({ queryKey: [...CASES_KEY, 'list'], queryFn: () => api<EvidenceCase[]>('GET', '/api/cases'), enabled });

export const useCase = (id: number) => useQuery({ queryKey: caseKey(id), queryFn: () => api<EvidenceCaseDetail>('GET', `/api/cases/${id}`) });

export interface NewClip {
  cameraId: number;
  from: number;
  to: number;
  note?: string;
}

const base = (id: number) => `/api/cases/${id}`;

export const casesApi = {
  open: (input: { title: string; description: string; incidentId?: number | null }) => api<EvidenceCase>('POST', '/api/cases', input),
  patch: (id: number, input: { title?: string; description?: string }) => api<EvidenceCase>('PATCH', base(id), input),
  addPerson: (id: number, input: { name: string; role: string; className: string | null }) => api<EvidenceCaseDetail>('POST', `${base(id)}/people`, input),
  removePerson: (id: number, personId: number) => api<EvidenceCaseDetail>('DELETE', `${base(id)}/people/${personId}`),
  /** Takes a few seconds: the server cuts the clip with ffmpeg and hashes it. */
  addClip: (id: number, input: NewClip) => api<CaseClip>('POST', `${base(id)}/clips`, input),
  /** R4.3: the file is the raw body, its name and note in the query (src/server/http/routes/cases.ts). */
  addAttachment: (id: number, file: File, mediaType: string, note: string) =>
    upload<CaseAttachment>(`${base(id)}/attachments?${new URLSearchParams({ name: file.name.normalize('NFC'), ...(note.trim() ? { note: note.trim() } : {}) }).toString()}`, file, mediaType),
  removeAttachment: (id: number, attachmentId: number) => api<null>('DELETE', `${base(id)}/attachments/${attachmentId}`),
  addNote: (id: number, text: string) => api<EvidenceCaseDetail>('POST', `${base(id)}/notes`, { text }),
  close: (id: number, note: string) => api<EvidenceCase>('POST', `${base(id)}/close`, { note }),
  reopen: (id: number, reason: string) => api<EvidenceCase>('POST', `${base(id)}/reopen`, { reason }),
  draft: (id: number, input: BienBanDraftInput) => api<CaseDocument>('POST', `${base(id)}/documents`, input),
  editDraft: (id: number, docId: number, input: BienBanDraftInput) => api<CaseDocument>('PUT', `${base(id)}/documents/${docId}`, input),
  finalise: (id: number, docId: number) => api<CaseDocument>('POST', `${base(id)}/documents/${docId}/finalise`),
  export: (id: number, reasonCode: ReasonCode, reasonText: string) => api<ExportJob>('POST', `${base(id)}/exports`, { reasonCode, reasonText }),
};

export const clipFileUrl = (caseId: number, clipId: number) => `${base(caseId)}/clips/${clipId}/file`;
export const attachmentFileUrl = (caseId: number, attachmentId: number) => `${base(caseId)}/attachments/${attachmentId}`;
export const documentPdfUrl = (caseId: number, docId: number) => `${base(caseId)}/documents/${docId}/pdf`;
export const exportDownloadUrl = (exportId: number) => `/api/exports/${exportId}/download`;

/** An export's progress, asked every 500 ms while it runs. */
export const useExportJob = (exportId: number | null) =>
  useQuery({
    queryKey: ['exports', exportId],
    queryFn: () => api<ExportJob>('GET', `/api/exports/${exportId ?? 0}`),
    enabled: exportId !== null,
    refetchInterval: (q) => (q.state.data?.state === 'running' || q.state.data === undefined ? 500 : false),
  });

/** A change to a case: afterwards the case (and the list's counts) are read again. */
export function useCaseChange<A>(fn: (input: A) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: CASES_KEY });
    },
  });
}
