import { z } from 'zod';
import { GRANT_ACTIONS } from '../domain/policy.js';
import { REASONS } from '../domain/reasons.js';
import { ROLES } from '../domain/roles.js';
import { Instant } from './common.js';

/** The sign-in form: the fields are named `username` and `password` (issue 5). */
export const LoginInput = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
}).strict();

export const SecondFactorInput = z.union([
  z.object({ code: z.string().trim().regex(/^\d{6}$/, { message: 'auth.codeFormat' }) }).strict(),
  z.object({ recoveryCode: z.string().trim().min(8).max(20) }).strict(),
]);

export const TotpConfirmInput = z.object({ code: z.string().trim().regex(/^\d{6}$/, { message: 'auth.codeFormat' }) }).strict();

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
}).strict();

export const LogoutInput = z.object({ everywhere: z.boolean().default(false) }).strict();

export const Username = z.string().trim().toLowerCase().min(3).max(32);
export const UsernameParam = z.object({ username: Username });

export const UserInput = z.object({
  username: Username,
  fullName: z.string().trim().min(1).max(120),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  unitId: z.number().int().positive().nullish(),
}).strict();

export const RolesInput = z.object({ roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length) }).strict();

export const UnitInput = z.object({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(['room', 'department', 'other']),
  guardsWatch: z.boolean().default(false),
}).strict();
export const UnitPatch = z.object({ name: z.string().trim().min(1).max(120).optional(), guardsWatch: z.boolean().optional() }).strict();

/** R4.2: what the principal approves — whose, which cameras, which footage, which actions, until when, why. */
export const GrantInput = z.object({
  username: Username,
  cameraIds: z.array(z.number().int().positive()).min(1).max(64),
  from: Instant,
  to: Instant,
  actions: z.array(z.enum(GRANT_ACTIONS)).min(1).max(GRANT_ACTIONS.length),
  validUntil: Instant,
  purpose: z.string().trim().min(5).max(1000),
}).strict().refine((g) => g.to > g.from, { message: 'range.order', path: ['to'] });

export const WorkOrderInput = z.object({
  title: z.string().trim().min(3).max(200),
  vendorUsername: Username.nullish(),
  cameraIds: z.array(z.number().int().positive()).min(1).max(64),
}).strict();

/** R3.1: a reason from the short list plus the viewer's own words. */
export const Reason = z.object({
  reasonCode: z.enum(REASONS),
  reasonText: z.string().trim().max(500),
});

export const AuditQuery = z.object({
  actor: z.string().trim().max(64).optional(),
  cameraId: z.coerce.number().int().positive().optional(),
  action: z.string().trim().max(64).regex(/^[a-z_.*]+$/).optional(),
  outcome: z.enum(['allowed', 'denied', 'failed']).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).strict();
