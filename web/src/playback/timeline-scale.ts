/**
 * The timeline's arithmetic, pure: which stretch of time is in view, zooming around a point,
 * panning, and where tick marks go. From a whole day down to a minute, so seconds can be read.
 */
import { VN_OFFSET_MS, formatVnClock } from './vn-time.js';

export interface TimeRange {
  startMs: number;
  endMs: number;
}

export const MIN_VIEW_MS = 60_000;
export const MAX_VIEW_MS = 86_400_000;

const spanOf = (r: TimeRange) => r.endMs - r.startMs;

/** Keep the view inside the bounds, and its width between a minute and the bounds (at most a day). */
export function clampView(view: TimeRange, bounds: TimeRange): TimeRange {
  const width = Math.min(Math.max(spanOf(view), MIN_VIEW_MS), MAX_VIEW_MS, spanOf(bounds));
  const startMs = Math.min(Math.max(view.startMs, bounds.startMs), bounds.endMs - width);
  return { startMs, endMs: startMs + width };
}

/** Zoom by `factor` (< 1 zooms in) keeping `anchorMs` under the same point of the screen. */
export function zoomAt(view: TimeRange, factor: number, anchorMs: number, bounds: TimeRange): TimeRange {
  const width = Math.min(Math.max(spanOf(view) * factor, MIN_VIEW_MS), MAX_VIEW_MS);
  const at = (anchorMs - view.startMs) / spanOf(view);
  const startMs = anchorMs - at * width;
  return clampView({ startMs, endMs: startMs + width }, bounds);
}

export function panBy(view: TimeRange, deltaMs: number, bounds: TimeRange): TimeRange {
  return clampView({ startMs: view.startMs + deltaMs, endMs: view.endMs + deltaMs }, bounds);
}

/** A view of `widthMs` centred on `ms`. */
export function centreOn(ms: number, widthMs: number, bounds: TimeRange): TimeRange {
  return clampView({ startMs: ms - widthMs / 2, endMs: ms + widthMs / 2 }, bounds);
}

export const msAt = (view: TimeRange, x: number, widthPx: number): number => view.startMs + (x / Math.max(widthPx, 1)) * spanOf(view);
export const xAt = (view: TimeRange, ms: number, widthPx: number): number => ((ms - view.startMs) / spanOf(view)) * widthPx;

/** Steps between labelled ticks, and the finer unlabelled steps that go with them. */
const STEPS: ReadonlyArray<[major: number, minor: number]> = [
  [1_000, 200], [5_000, 1_000], [10_000, 2_000], [15_000, 5_000], [30_000, 10_000],
  [60_000, 10_000], [120_000, 30_000], [300_000, 60_000], [600_000, 120_000], [900_000, 300_000], [1_800_000, 300_000],
  [3_600_000, 900_000], [7_200_000, 1_800_000], [10_800_000, 3_600_000], [21_600_000, 3_600_000],
];

export interface Ticks {
  major: Array<{ ms: number; label: string }>;
  minor: number[];
  stepMs: number;
}

/** Labelled ticks at least `minLabelPx` apart, aligned on Vietnam's clock (10:00, 10:05…). */
export function ticks(view: TimeRange, widthPx: number, minLabelPx = 64): Ticks {
  const msPerPx = spanOf(view) / Math.max(widthPx, 1);
  const [major, minor] = STEPS.find(([m]) => m / msPerPx >= minLabelPx) ?? [21_600_000, 3_600_000];
  const aligned = (step: number) => {
    const out: number[] = [];
    for (let ms = Math.ceil((view.startMs + VN_OFFSET_MS) / step) * step - VN_OFFSET_MS; ms <= view.endMs; ms += step) out.push(ms);
    return out;
  };
  const majors = aligned(major);
  const seconds = major < 60_000;
  return {
    major: majors.map((ms) => ({ ms, label: formatVnClock(ms, seconds) })),
    minor: minor / msPerPx >= 6 ? aligned(minor).filter((ms) => !majors.includes(ms)) : [],
    stepMs: major,
  };
}
