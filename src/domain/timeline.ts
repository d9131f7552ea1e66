/** Recorded spans and gaps of a camera: pure merging, used by the index and the timeline. */

export interface TimeRange {
  startMs: number;
  endMs: number;
}

/** Two recordings closer than this are one continuous span (segment boundaries jitter a little). */
export const SPAN_TOLERANCE_MS = 1500;

/** Merge ranges (any order) into continuous spans. */
export function mergeSpans(ranges: readonly TimeRange[], toleranceMs = SPAN_TOLERANCE_MS): TimeRange[] {
  const sorted = [...ranges].sort((a, b) => a.startMs - b.startMs);
  const out: TimeRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.startMs <= last.endMs + toleranceMs) {
      last.endMs = Math.max(last.endMs, r.endMs);
    } else {
      out.push({ startMs: r.startMs, endMs: r.endMs });
    }
  }
  return out;
}

export function clip(range: TimeRange, window: TimeRange): TimeRange | null {
  const startMs = Math.max(range.startMs, window.startMs);
  const endMs = Math.min(range.endMs, window.endMs);
  return endMs > startMs ? { startMs, endMs } : null;
}

/** What is left of `span` once the `removed` ranges are taken out. */
export function subtract(span: TimeRange, removed: readonly TimeRange[]): TimeRange[] {
  let pieces: TimeRange[] = [{ ...span }];
  for (const r of removed) {
    pieces = pieces.flatMap((p) => {
      if (r.endMs <= p.startMs || r.startMs >= p.endMs) return [p];
      const out: TimeRange[] = [];
      if (r.startMs > p.startMs) out.push({ startMs: p.startMs, endMs: r.startMs });
      if (r.endMs < p.endMs) out.push({ startMs: r.endMs, endMs: p.endMs });
      return out;
    });
  }
  return pieces;
}
