import type { AuditFacts, AuditOutcome } from '../../domain/audit-chain.js';

/** Who is acting, for the audit log: a signed-in user (with the role they act in), or the server's command line. */
export interface Actor {
  name: string;
  role: string | null;
  ip: string | null;
  userAgent: string | null;
}

export const CLI_ACTOR = (role: string | null = null): Actor => ({ name: 'cli', role, ip: null, userAgent: null });
export const SYSTEM_ACTOR: Actor = { name: 'system', role: null, ip: null, userAgent: null };

/** The facts of one audit event from the actor and what happened. */
export function factsOf(
  actor: Actor,
  atMs: number,
  e: { action: string; resourceType: string; resourceId?: string | number | null; cameraId?: number | null; reason?: { code: string; text: string } | null; outcome?: AuditOutcome; detail?: Record<string, unknown> },
): AuditFacts {
  return {
    atMs, actor: actor.name, actorRole: actor.role, action: e.action, resourceType: e.resourceType,
    resourceId: e.resourceId === undefined || e.resourceId === null ? null : String(e.resourceId), cameraId: e.cameraId ?? null,
    reasonCode: e.reason?.code ?? null, reasonText: e.reason?.text ?? null, ip: actor.ip, userAgent: actor.userAgent,
    outcome: e.outcome ?? 'allowed', detail: e.detail ?? {},
  };
}
