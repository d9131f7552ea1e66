import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';

/**
 * One event of the audit log as GET /api/audit sends it (src/domain/audit-chain.ts's ChainedEvent,
 * which the web app cannot import: that module hashes with node:crypto).
 */
export interface AuditEvent {
  seq: number;
  atMs: number;
  actor: string;
  actorRole: string | null;
  action: string;
  cameraId: number | null;
  reasonCode: string | null;
  reasonText: string | null;
  ip: string | null;
  outcome: 'allowed' | 'denied' | 'failed';
}

export interface AuditFilter {
  actor?: string;
  cameraId?: number;
  /** Exact, or a prefix ending in `.*`. */
  action?: string;
  outcome?: AuditEvent['outcome'];
  from?: number;
  to?: number;
}

/** GET /api/audit/verify: the chain walked and the checkpoints' signatures checked. */
export interface VerifyReport {
  ok: boolean;
  events: number;
  message: { vi: string; en: string };
}

const PAGE = 50;

function query(f: AuditFilter, beforeSeq: number | undefined): string {
  const q = new URLSearchParams({ limit: String(PAGE) });
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') q.set(k, String(v));
  if (beforeSeq !== undefined) q.set('beforeSeq', String(beforeSeq));
  return q.toString();
}

/** Newest first, a page at a time (keyset on the sequence number). */
export const useAuditLog = (f: AuditFilter) =>
  useInfiniteQuery({
    queryKey: ['audit', f],
    queryFn: ({ pageParam }) => api<{ events: AuditEvent[]; nextBeforeSeq: number | null }>('GET', `/api/audit?${query(f, pageParam)}`),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBeforeSeq ?? undefined,
  });

export const verifyAuditLog = () => api<VerifyReport>('GET', '/api/audit/verify');
