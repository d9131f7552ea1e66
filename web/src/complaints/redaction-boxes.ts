import type { RedactionBox } from './shared.js';

/** R3.3: a rectangle drawn on a clip lasts this long from where it was drawn, unless changed. */
export const DEFAULT_BOX_SECONDS = 5;
/** A drag smaller than this (fraction of the picture, either side) is a click, not a rectangle. */
const MIN_SIDE = 0.01;
/** The longest clip the server cuts for redaction (src/contract/complaints.ts). */
export const MAX_CLIP_MS = 10 * 60_000;

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The rectangle between two points of a drag, each a fraction of the picture (in any order, even
 * outside it), lasting from `atS` for DEFAULT_BOX_SECONDS (never past the clip's end). Null for a click.
 */
export function boxFromDrag(a: { x: number; y: number }, b: { x: number; y: number }, atS: number, durationS: number): RedactionBox | null {
  const [x0, x1] = [clamp01(Math.min(a.x, b.x)), clamp01(Math.max(a.x, b.x))];
  const [y0, y1] = [clamp01(Math.min(a.y, b.y)), clamp01(Math.max(a.y, b.y))];
  if (x1 - x0 < MIN_SIDE || y1 - y0 < MIN_SIDE) return null;
  const startS = round(Math.min(Math.max(0, atS), durationS), 2);
  return { x: round(x0), y: round(y0), w: round(x1 - x0), h: round(y1 - y0), startS, endS: round(Math.min(startS + DEFAULT_BOX_SECONDS, durationS), 2) };
}

/** Whether the rectangle is blurred at this second of the clip (and so drawn over the video). */
export const shownAt = (box: RedactionBox, atS: number): boolean => atS >= box.startS && atS <= box.endS;

/** A rectangle's time range typed in the list: start within the clip, end not before the start. */
export function retimed(box: RedactionBox, startS: number, endS: number, durationS: number): RedactionBox {
  const start = round(Math.min(Math.max(0, startS), durationS), 2);
  return { ...box, startS: start, endS: round(Math.min(Math.max(start, endS), durationS), 2) };
}

export const sameBoxes = (a: readonly RedactionBox[], b: readonly RedactionBox[]): boolean =>
  a.length === b.length && a.every((x, i) => {
    const y = b[i];
    return y !== undefined && x.x === y.x && x.y === y.y && x.w === y.w && x.h === y.h && x.startS === y.startS && x.endS === y.endS;
  });

/** "12,5 s" → seconds as the list shows them: one decimal, "m:ss" past a minute. */
export function formatSeconds(s: number): string {
  const whole = Math.floor(s);
  const tenth = Math.round((s - whole) * 10) % 10;
  const m = Math.floor(whole / 60);
  const sec = String(whole % 60).padStart(m > 0 ? 2 : 1, '0');
  return `${m > 0 ? `${m}:` : ''}${sec}${tenth ? `,${tenth}` : ''}`;
}

/**
 * The clip a complaint most likely needs: its own time range, cut to 10 minutes from its start,
 * and never past a minute ago (the last segment may not be written yet).
 */
export function clipRange(complaint: { fromMs: number; toMs: number }, nowMs: number): { fromMs: number; toMs: number } {
  const latest = nowMs - 60_000;
  const toMs = Math.min(complaint.toMs, complaint.fromMs + MAX_CLIP_MS, latest);
  const fromMs = Math.min(complaint.fromMs, toMs - 60_000);
  return { fromMs: Math.max(fromMs, toMs - MAX_CLIP_MS), toMs };
}
