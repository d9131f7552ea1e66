import { cameraNumbers } from '../requests/camera-numbers.js';
import { type ComplaintInput, type ComplaintKind, type FilerRelation, MIN_COMPLAINT_TEXT, type PublicComplaintInput } from './shared.js';

/** What the complaint forms hold (R3.3): the public one and the signed-in one share all but the filer's name. */
export interface ComplaintValues {
  kind: ComplaintKind | null;
  relation: FilerRelation | null;
  pupilName: string;
  pupilClass: string;
  cameraNumbers: string;
  place: string;
  from: number | null;
  to: number | null;
  description: string;
  filerName: string;
  contactEmail: string;
  contactPhone: string;
}

const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

/** The last hour by default: a complaint is about footage already recorded. */
export function emptyComplaint(nowMs: number): ComplaintValues {
  const now = minute(nowMs);
  return {
    kind: null, relation: null, pupilName: '', pupilClass: '', cameraNumbers: '', place: '', from: now - 3_600_000, to: now,
    description: '', filerName: '', contactEmail: '', contactPhone: '',
  };
}

type Tr = (key: 'form.required' | 'form.pupilRequired' | 'form.placeOrCameras' | 'form.cameraNumbersWrong' | 'form.rangeRequired' | 'form.rangeOrder'
  | 'form.rangePast' | 'form.describe' | 'form.contactRequired', options?: Record<string, unknown>) => string;

/** Checked before sending, in the words of filingProblem (src/domain/workflows/complaint.ts); the server checks again. */
export function complaintValidation(tr: Tr, isPublic: boolean) {
  return {
    kind: (v: ComplaintKind | null) => (v ? null : tr('form.required')),
    relation: (v: FilerRelation | null) => (v ? null : tr('form.required')),
    pupilName: (v: string, all: ComplaintValues) => (all.relation === 'parent_of_pupil' && v.trim().length < 2 ? tr('form.pupilRequired') : null),
    cameraNumbers: (v: string) => (cameraNumbers(v) === null ? tr('form.cameraNumbersWrong') : null),
    place: (v: string, all: ComplaintValues) => (v.trim() || (cameraNumbers(all.cameraNumbers) ?? []).length > 0 ? null : tr('form.placeOrCameras')),
    from: (v: number | null) => (v === null ? tr('form.rangeRequired') : v >= Date.now() ? tr('form.rangePast') : null),
    to: (v: number | null, all: ComplaintValues) => {
      if (v === null) return tr('form.rangeRequired');
      return all.from !== null && v <= all.from ? tr('form.rangeOrder') : null;
    },
    description: (v: string) => (v.trim().length >= MIN_COMPLAINT_TEXT ? null : tr('form.describe', { min: MIN_COMPLAINT_TEXT })),
    filerName: (v: string) => (isPublic && v.trim().length < 2 ? tr('form.required') : null),
    contactEmail: (v: string, all: ComplaintValues) => (isPublic && !v.trim() && !all.contactPhone.trim() ? tr('form.contactRequired') : null),
  };
}

export function complaintInput(v: ComplaintValues): ComplaintInput {
  const parent = v.relation === 'parent_of_pupil';
  return {
    kind: v.kind ?? 'complaint', relation: v.relation ?? 'other',
    pupilName: parent ? v.pupilName.trim() : '', pupilClass: parent ? v.pupilClass.trim() : '',
    cameraIds: cameraNumbers(v.cameraNumbers) ?? [], place: v.place.trim(), from: v.from ?? 0, to: v.to ?? 0, description: v.description.trim(),
    contactEmail: v.contactEmail.trim() || null, contactPhone: v.contactPhone.trim() || null,
  };
}

export const publicComplaintInput = (v: ComplaintValues): PublicComplaintInput => ({ ...complaintInput(v), filerName: v.filerName.trim() });
