import type { Complaint, DeadlineStatus } from './shared.js';

export type Which = 'acknowledge' | 'answer';

/** How many complaints have a deadline of each kind overdue or due soon (the list's warnings, R3.3). */
export function deadlineWarnings(complaints: readonly Pick<Complaint, 'deadlines'>[]): Array<{ status: Exclude<DeadlineStatus, 'ok'>; which: Which; count: number }> {
  const out: Array<{ status: Exclude<DeadlineStatus, 'ok'>; which: Which; count: number }> = [];
  for (const status of ['overdue', 'due_soon'] as const) {
    for (const which of ['acknowledge', 'answer'] as const) {
      const count = complaints.filter((c) => c.deadlines.some((d) => d.which === which && d.status === status)).length;
      if (count > 0) out.push({ status, which, count });
    }
  }
  return out;
}

export const DEADLINE_COLOR: Record<DeadlineStatus, string> = { ok: 'teal', due_soon: 'orange', overdue: 'red' };
