import type { Action } from '../../domain/policy.js';
import { type ReasonCode, reasonProblem } from '../../domain/reasons.js';
import { AppError, invalid } from '../errors.js';
import type { AuditRepository } from '../repositories/audit.js';
import type { Viewing, ViewingRepository } from '../repositories/viewings.js';
import { type Actor, factsOf } from './actor.js';

/** A session of viewing lasts at most this long; then the reason is asked again. */
export const VIEWING_HOURS = 4;

export const viewingExpired = () =>
  new AppError(403, 'viewing.expired', {
    vi: 'Phiên xem lại đã hết hạn hoặc không thuộc về bạn. Hãy mở lại và ghi lý do xem.',
    en: 'This viewing session has expired or is not yours. Open it again and give your reason.',
  });

export function checkReason(code: ReasonCode, text: string): void {
  const problem = reasonProblem(code, text);
  if (problem) throw invalid('reason.text', problem);
}

/** R3.1: footage is seen for a reason, once per session of viewing, and each look is in the audit log. */
export class ViewingService {
  constructor(
    private readonly viewings: ViewingRepository,
    private readonly audit: AuditRepository,
    private readonly now: () => number,
  ) {}

  async start(v: { sessionIdHash: string; userId: number; cameraIds: number[]; reasonCode: ReasonCode; reasonText: string }, actor: Actor): Promise<Viewing> {
    checkReason(v.reasonCode, v.reasonText);
    const nowMs = this.now();
    return this.viewings.transaction(async (trx) => {
      const viewing = await this.viewings.insert(trx, { ...v, reasonText: v.reasonText.trim(), createdAtMs: nowMs, expiresAtMs: nowMs + VIEWING_HOURS * 3_600_000 });
      for (const cameraId of v.cameraIds) {
        await this.audit.append(trx, factsOf(actor, nowMs, {
          action: 'footage.playback', resourceType: 'camera', resourceId: cameraId, cameraId,
          reason: { code: v.reasonCode, text: viewing.reasonText }, detail: { viewing: viewing.id, step: 'start' },
        }));
      }
      return viewing;
    });
  }

  /** The viewing behind a playback request: this sign-in's, for this camera, not expired. */
  async require(id: string, sessionIdHash: string, cameraId: number): Promise<Viewing> {
    const viewing = await this.viewings.get(id);
    if (!viewing || viewing.sessionIdHash !== sessionIdHash || !viewing.cameraIds.includes(cameraId) || viewing.expiresAtMs <= this.now()) throw viewingExpired();
    return viewing;
  }

  /** Record one use of footage with its reason (clip download, live view start and end). */
  async record(actor: Actor, e: { action: Action | `${Action}.${string}`; cameraId: number; reason: { code: string; text: string }; detail?: Record<string, unknown> }): Promise<void> {
    await this.audit.record(factsOf(actor, this.now(), { action: e.action, resourceType: 'camera', resourceId: e.cameraId, cameraId: e.cameraId, reason: e.reason, detail: e.detail ?? {} }));
  }
}
