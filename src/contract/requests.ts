import { z } from 'zod';
import { REQUEST_NEEDS, REQUEST_PURPOSES, REQUEST_STATES } from '../domain/workflows/outsider-request.js';
import type { GrantAction } from '../domain/policy.js';
import { Instant } from './common.js';
import type { HistoryEntry, Hold } from './workflows.js';

/**
 * The API of outsiders' requests for footage (R4.2): the public form and status lookup (no
 * account), and the leadership's list, detail and the principal's decisions.
 */

const Text = (min: number, max: number) => z.string().trim().min(min).max(max);
/** Vietnamese numbers as people write them: 0912 345 678, +84 912.345.678, (028) 3829 1234. */
const Phone = z.string().trim().regex(/^\+?[0-9 .()-]{8,20}$/, { message: 'request.phone' });

const blankAsNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const RequestInput = z.object({
  requesterName: Text(2, 120),
  organisation: Text(2, 200),
  contactEmail: z.preprocess(blankAsNull, z.email({ message: 'request.email' }).max(200).nullish()),
  contactPhone: z.preprocess(blankAsNull, Phone.nullish()),
  purpose: z.enum(REQUEST_PURPOSES),
  /** Camera numbers, as printed on the school's signs (R2.2); or none, and the places in words. */
  cameraIds: z.array(z.number().int().positive()).max(32).default([]),
  places: Text(0, 500).default(''),
  from: Instant,
  to: Instant,
  needs: z.array(z.enum(REQUEST_NEEDS)).min(1).max(REQUEST_NEEDS.length),
  legalBasis: Text(5, 1000),
  description: Text(10, 5000),
}).strict()
  .refine((r) => r.to > r.from, { message: 'range.order', path: ['to'] })
  .refine((r) => Boolean(r.contactEmail) || Boolean(r.contactPhone), { message: 'request.contact', path: ['contactEmail'] });
export type RequestInput = z.input<typeof RequestInput>;

export const TrackingCodeParam = z.object({ code: z.string().trim().min(8).max(20) });
/** R4.2: the requester withdraws a waiting request by its code; a word of why, if they wish. */
export const RequestWithdrawInput = z.object({ note: Text(0, 500).optional() }).strict();

export const RequestQuery = z.object({
  state: z.enum(['open', 'all', ...REQUEST_STATES]).default('all'),
}).strict();

/** R4.2: the principal grants cameras, a range, actions, and a validity (usually 7 days). */
export const RequestApprovalInput = z.object({
  cameraIds: z.array(z.number().int().positive()).min(1).max(32),
  from: Instant,
  to: Instant,
  needs: z.array(z.enum(REQUEST_NEEDS)).min(1).max(REQUEST_NEEDS.length),
  validityDays: z.number().int().min(1).max(365).default(7),
  note: Text(0, 2000).optional(),
}).strict().refine((r) => r.to > r.from, { message: 'range.order', path: ['to'] });
export type RequestApprovalInput = z.input<typeof RequestApprovalInput>;

export const RequestReasonInput = z.object({ reason: Text(1, 2000) }).strict();

/** What anyone holding the code learns (R4.2: "the requester is told") — and nothing else. */
export interface RequestStatus {
  trackingCode: string;
  state: (typeof REQUEST_STATES)[number];
  submittedAtMs: number;
  decidedAtMs: number | null;
  refusalReason: string | null;
  validUntilMs: number | null;
}

export interface RequestGrantView {
  id: number;
  cameraIds: number[];
  fromMs: number;
  toMs: number;
  actions: GrantAction[];
  validUntilMs: number;
  revokedAtMs: number | null;
}

export interface OutsiderRequest {
  id: number;
  trackingCode: string;
  requesterName: string;
  organisation: string;
  contactEmail: string | null;
  contactPhone: string | null;
  purpose: (typeof REQUEST_PURPOSES)[number];
  cameraIds: number[];
  places: string;
  fromMs: number;
  toMs: number;
  needs: Array<(typeof REQUEST_NEEDS)[number]>;
  legalBasis: string;
  description: string;
  state: (typeof REQUEST_STATES)[number];
  submittedAtMs: number;
  decidedBy: string | null;
  decidedAtMs: number | null;
  refusalReason: string | null;
  validUntilMs: number | null;
  requesterUsername: string | null;
}

export interface OutsiderRequestDetail extends OutsiderRequest {
  grant: RequestGrantView | null;
  history: HistoryEntry[];
  holds: Hold[];
  /** What the viewer may do next (buttons). */
  allowedEvents: string[];
}

/** The answer to an approval: the account's one-time password is shown this once, to pass on. */
export interface RequestApproved extends OutsiderRequestDetail {
  account: { username: string; oneTimePassword: string };
}
