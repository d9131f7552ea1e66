/**
 * Outsider requests (R4.2): a unit or person not named in the regulation asks for footage through
 * a public form; only the principal approves — as a limited, revocable, expiring grant — or
 * refuses with a reason. The footage asked for is held while the request is open.
 */
import type { AccessGrant, GrantAction } from '../policy.js';
import { DAY_MS } from '../retention.js';
import { type Bilingual, type Machine, START_BEFORE_END, reasonTooShort } from './machine.js';

export const REQUEST_PURPOSES = ['professional', 'scientific_research', 'police', 'parent', 'other'] as const;
export type RequestPurpose = (typeof REQUEST_PURPOSES)[number];
export const REQUEST_PURPOSE_LABELS: Record<RequestPurpose, Bilingual> = {
  professional: { vi: 'Chuyên môn, nghiệp vụ', en: 'Professional' },
  scientific_research: { vi: 'Nghiên cứu khoa học', en: 'Scientific research' },
  police: { vi: 'Cơ quan công an', en: 'Police' },
  parent: { vi: 'Phụ huynh học sinh', en: 'Parent' },
  other: { vi: 'Mục đích khác', en: 'Other' },
};

export const REQUEST_NEEDS = ['view_on_site', 'clip_copy'] as const;
export type RequestNeed = (typeof REQUEST_NEEDS)[number];
export const REQUEST_NEED_LABELS: Record<RequestNeed, Bilingual> = {
  view_on_site: { vi: 'Xem tại trường', en: 'View on site' },
  clip_copy: { vi: 'Sao chép đoạn ghi hình', en: 'Copy of a clip' },
};
/** What each need becomes in the grant (policy.ts): watching recorded footage, or taking a copy. */
export const NEED_GRANT_ACTION: Record<RequestNeed, GrantAction> = { view_on_site: 'footage.playback', clip_copy: 'footage.clip' };

/** `expired` is never stored: it follows from the grant's validity (`effectiveState`). */
export const REQUEST_STATES = ['submitted', 'approved', 'refused', 'withdrawn', 'revoked', 'expired'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export type StoredRequestState = Exclude<RequestState, 'expired'>;
export const REQUEST_EVENTS = ['submit', 'approve', 'refuse', 'withdraw', 'revoke'] as const;
export type RequestEvent = (typeof REQUEST_EVENTS)[number];

/** R4.2: "Only the principal approves or refuses" — vice-principals may not, nor may anyone else. */
const PRINCIPAL = { roles: ['principal'] } as const;

export const REQUEST_MACHINE: Machine<RequestState, RequestEvent> = {
  subject: { vi: 'đề nghị', en: 'request' },
  states: {
    submitted: { vi: 'Chờ Hiệu trưởng duyệt', en: 'Awaiting the principal' },
    approved: { vi: 'Đã duyệt', en: 'Approved' },
    refused: { vi: 'Bị từ chối', en: 'Refused' },
    withdrawn: { vi: 'Đã rút', en: 'Withdrawn' },
    revoked: { vi: 'Đã thu hồi quyền', en: 'Revoked' },
    expired: { vi: 'Hết hiệu lực', en: 'Expired' },
  },
  events: {
    submit: { vi: 'Gửi đề nghị', en: 'Submit a request' },
    approve: { vi: 'Duyệt', en: 'Approve' },
    refuse: { vi: 'Từ chối', en: 'Refuse' },
    withdraw: { vi: 'Rút đề nghị', en: 'Withdraw' },
    revoke: { vi: 'Thu hồi quyền', en: 'Revoke' },
  },
  transitions: [
    // R4.2: a public form, no account needed.
    { from: null, event: 'submit', to: 'submitted', who: { anyone: true }, rule: 'R4.2' },
    { from: 'submitted', event: 'approve', to: 'approved', who: PRINCIPAL, rule: 'R4.2' },
    { from: 'submitted', event: 'refuse', to: 'refused', who: PRINCIPAL, rule: 'R4.2' },
    { from: 'submitted', event: 'withdraw', to: 'withdrawn', who: { facts: ['filer'] }, rule: 'R4.2' },
    // R4.2: the grant "can be revoked" — by the one who granted it.
    { from: 'approved', event: 'revoke', to: 'revoked', who: PRINCIPAL, rule: 'R4.2' },
  ],
};

/** R4.2: an approved request expires with its grant's validity. */
export function effectiveState(request: { state: StoredRequestState; validUntilMs: number | null }, nowMs: number): RequestState {
  if (request.state === 'approved' && request.validUntilMs !== null && nowMs >= request.validUntilMs) return 'expired';
  return request.state;
}

/** R4.2, R3.2: footage is held while the request waits and while its grant may be used. */
export const requestHoldsFootage = (state: RequestState): boolean => state === 'submitted' || state === 'approved';

export interface RequestSettings {
  defaultValidityDays: number;
  maxValidityDays: number;
  /** The longest stretch of footage one request may cover. */
  maxRangeDays: number;
  minReasonChars: number;
}
export const DEFAULT_REQUEST_SETTINGS: RequestSettings = { defaultValidityDays: 7, maxValidityDays: 90, maxRangeDays: 31, minReasonChars: 10 };

/** What was asked on the form (the parts the rules look at). */
export interface RequestAsked {
  cameraIds: readonly number[];
  places: string;
  fromMs: number;
  toMs: number;
  needs: readonly RequestNeed[];
  purposeDetail: string;
}

function rangeProblem(fromMs: number, toMs: number, nowMs: number, s: RequestSettings): Bilingual | null {
  if (!(fromMs < toMs)) return START_BEFORE_END;
  if (fromMs >= nowMs) return { vi: 'Chỉ có thể đề nghị đoạn ghi hình đã có (trước thời điểm hiện tại).', en: 'Only footage already recorded can be asked for.' };
  if (toMs - fromMs > s.maxRangeDays * DAY_MS) {
    return { vi: `Khoảng thời gian tối đa ${s.maxRangeDays} ngày.`, en: `The time range is at most ${s.maxRangeDays} days.` };
  }
  return null;
}

/** R4.2: purpose, cameras or places, time range, what is needed. */
export function submissionProblem(r: RequestAsked, nowMs: number, s: RequestSettings = DEFAULT_REQUEST_SETTINGS): Bilingual | null {
  if (r.cameraIds.length === 0 && r.places.trim() === '') {
    return { vi: 'Hãy chọn camera hoặc ghi rõ địa điểm cần xem.', en: 'Choose the cameras, or name the places you need.' };
  }
  if (r.needs.length === 0) return { vi: 'Hãy chọn nhu cầu: xem tại trường hoặc sao chép đoạn ghi hình.', en: 'Choose what you need: view on site, or a copy.' };
  if (r.purposeDetail.trim().length < s.minReasonChars) {
    return {
      vi: `Hãy ghi rõ mục đích sử dụng (ít nhất ${s.minReasonChars} ký tự).`,
      en: `Say what the footage is for (at least ${s.minReasonChars} characters).`,
    };
  }
  return rangeProblem(r.fromMs, r.toMs, nowMs, s);
}

/** What the principal grants (R4.2): cameras, range, actions and validity. */
export interface RequestApproval {
  cameraIds: readonly number[];
  fromMs: number;
  toMs: number;
  needs: readonly RequestNeed[];
  validityDays: number;
}

/**
 * R4.2: the grant is limited. The principal may grant less than was asked, never more: cameras
 * among those asked (any when only places were named), what is needed among what was asked.
 * The range is the principal's choice, within the same bounds as a request.
 */
export function approvalProblem(asked: RequestAsked, a: RequestApproval, nowMs: number, s: RequestSettings = DEFAULT_REQUEST_SETTINGS): Bilingual | null {
  if (a.cameraIds.length === 0) return { vi: 'Hãy chọn ít nhất một camera được phép xem.', en: 'Choose at least one camera to grant.' };
  if (asked.cameraIds.length > 0 && a.cameraIds.some((c) => !asked.cameraIds.includes(c))) {
    return { vi: 'Chỉ được cấp quyền với những camera đã được đề nghị.', en: 'Grant only cameras that were asked for.' };
  }
  if (a.needs.length === 0) return { vi: 'Hãy chọn quyền được cấp: xem tại trường hoặc sao chép.', en: 'Choose what is granted: view on site, or a copy.' };
  if (a.needs.some((n) => !asked.needs.includes(n))) {
    return { vi: 'Không cấp quyền nhiều hơn nhu cầu đã đề nghị.', en: 'Grant nothing beyond what was asked for.' };
  }
  if (!Number.isInteger(a.validityDays) || a.validityDays < 1 || a.validityDays > s.maxValidityDays) {
    return {
      vi: `Thời hạn hiệu lực từ 1 đến ${s.maxValidityDays} ngày (thường là ${s.defaultValidityDays} ngày).`,
      en: `Validity is 1 to ${s.maxValidityDays} days (usually ${s.defaultValidityDays}).`,
    };
  }
  return rangeProblem(a.fromMs, a.toMs, nowMs, s);
}

/** R4.2: the grant an approval creates; audited on every use by `can()` in policy.ts. */
export function grantFromApproval(a: RequestApproval, approvedAtMs: number): Omit<AccessGrant, 'id'> {
  return {
    cameraIds: [...new Set(a.cameraIds)],
    fromMs: a.fromMs,
    toMs: a.toMs,
    actions: [...new Set(a.needs.map((n) => NEED_GRANT_ACTION[n]))],
    validUntilMs: approvedAtMs + a.validityDays * DAY_MS,
    revokedAtMs: null,
  };
}

/** R4.2: a refusal says why; the requester is told. */
export function refusalProblem(reason: string, s: RequestSettings = DEFAULT_REQUEST_SETTINGS): Bilingual | null {
  return reasonTooShort(reason, s.minReasonChars, {
    vi: 'Mục đích không thuộc phạm vi sử dụng dữ liệu camera của nhà trường',
    en: "The purpose is outside what the school's footage may be used for",
  });
}

/** No 0/O or 1/I: codes are read aloud over the phone and typed from paper. 32 symbols. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_SYMBOLS = 8;
export const TRACKING_CODE_BYTES = CODE_SYMBOLS;

/** 'YC-7K3M-Q9TX' from 8 random bytes (40 bits: one symbol per byte, unbiased since 256 = 8 × 32). */
export function trackingCode(randomBytes: Uint8Array): string {
  if (randomBytes.length < CODE_SYMBOLS) throw new RangeError(`a tracking code needs ${CODE_SYMBOLS} random bytes`);
  const symbols = Array.from(randomBytes.subarray(0, CODE_SYMBOLS), (b) => CODE_ALPHABET[b % 32] ?? '');
  return `YC-${symbols.slice(0, 4).join('')}-${symbols.slice(4).join('')}`;
}

/** A typed code in canonical form ('yc 7k3m q9tx' → 'YC-7K3M-Q9TX'), or null when it cannot be one. */
export function normaliseTrackingCode(typed: string): string | null {
  let compact = typed.toUpperCase().replace(/[\s\-_.]/g, '');
  if (compact.startsWith('YC') && compact.length === CODE_SYMBOLS + 2) compact = compact.slice(2);
  if (compact.length !== CODE_SYMBOLS || [...compact].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `YC-${compact.slice(0, 4)}-${compact.slice(4)}`;
}

/** The account an approval creates is named after the request: 'YC-7K3M-Q9TX' → 'yc-7k3m-q9tx'. */
export const requesterUsername = (trackingCode: string): string => trackingCode.toLowerCase();

/** Vietnam keeps UTC+7 all year (no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** 'dd/MM/yyyy' of an instant at the school. */
export function vietnamDate(ms: number): string {
  const d = new Date(ms + VIETNAM_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/**
 * R4.2: the line burnt into a clip given out — the request, who it was given to, and when — so a
 * copy that travels further says where it came from. One line: no control characters.
 */
export function clipWatermark(r: { trackingCode: string; organisation: string }, atMs: number): string {
  const org = r.organisation.replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ').replace(/\s+/g, ' ').trim();
  const short = org.length > 60 ? `${org.slice(0, 59)}…` : org;
  return `${r.trackingCode} · ${short} · ${vietnamDate(atMs)}`;
}
