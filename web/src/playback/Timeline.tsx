import { Group, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { type KeyboardEvent, type PointerEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './playback.module.css';
import { type TimeRange, clampView, msAt, panBy, ticks, xAt, zoomAt } from './timeline-scale.js';
import { HELD_KINDS, type HeldRange } from './api.js';
import { formatVnClock } from './vn-time.js';

export interface TimelineLane {
  cameraId: number;
  name: string;
  spans: TimeRange[];
  gaps: Array<TimeRange & { reason: string }>;
  /** Footage kept whatever retention says (R3.2): an amber band along the top of the lane. */
  held: HeldRange[];
}

interface Props {
  lanes: TimelineLane[];
  /** The day shown: the view never leaves it. */
  bounds: TimeRange;
  view: TimeRange;
  onView(view: TimeRange): void;
  nowMs: number;
  playheadMs: number | null;
  selection: TimeRange | null;
  onSelection(range: TimeRange | null): void;
  /** Dragging selects a range instead of moving the view. */
  selecting: boolean;
  onSeek(ms: number): void;
}

const AXIS_PX = 22;
const LANE_PX = 22;
const LANE_GAP_PX = 4;
/** The held band: the top of the lane, so the recorded span or gap under it stays visible. */
const HELD_PX = 7;
/** A press that moves less than this is a click (seek), not a drag. */
const CLICK_SLOP_PX = 5;

interface Drag {
  pointers: Map<number, number>;
  startX: number;
  startView: TimeRange;
  moved: boolean;
  mode: 'pan' | 'select' | 'pinch';
  pinch: { distance: number; view: TimeRange; centreMs: number } | null;
}

/**
 * Recorded spans, gaps (hatched, with their reason), held footage (an amber band, with why) and the
 * playhead, one lane per camera. Click
 * to play from an instant; drag to move (or to select a range); wheel, pinch or the buttons zoom.
 */
export function Timeline(p: Props) {
  const { t } = useTranslation();
  const { ref, width } = useElementSize<HTMLDivElement>();
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<Drag | null>(null);
  const [hoverMs, setHoverMs] = useState<number | null>(null);
  const props = useRef(p);
  props.current = p;
  const w = Math.max(width, 1);
  const height = AXIS_PX + p.lanes.length * (LANE_PX + LANE_GAP_PX) + LANE_GAP_PX;
  const x = (ms: number) => Math.min(Math.max(xAt(p.view, ms, w), -2), w + 2);
  const localX = (clientX: number) => clientX - (svg.current?.getBoundingClientRect().left ?? 0);

  // A wheel zooms around the pointer (horizontal wheel or shift moves): not passive, to keep the page still.
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const { view, bounds, onView } = props.current;
      const width = el.getBoundingClientRect().width;
      const at = msAt(view, e.clientX - el.getBoundingClientRect().left, width);
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        onView(panBy(view, ((e.deltaX || e.deltaY) / width) * (view.endMs - view.startMs), bounds));
      } else {
        onView(zoomAt(view, Math.exp(e.deltaY * 0.002), at, bounds));
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const d = drag.current;
    if (d && d.pointers.size === 1) {
      // A second finger: pinch to zoom.
      d.pointers.set(e.pointerId, localX(e.clientX));
      const [a = 0, b = 0] = [...d.pointers.values()];
      d.mode = 'pinch';
      d.moved = true;
      d.pinch = { distance: Math.max(Math.abs(a - b), 1), view: p.view, centreMs: msAt(p.view, (a + b) / 2, w) };
      return;
    }
    const x0 = localX(e.clientX);
    drag.current = {
      pointers: new Map([[e.pointerId, x0]]), startX: x0, startView: p.view, moved: false,
      mode: p.selecting || e.shiftKey ? 'select' : 'pan', pinch: null,
    };
  };

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const lx = localX(e.clientX);
    if (e.pointerType === 'mouse') setHoverMs(msAt(p.view, lx, w));
    const d = drag.current;
    if (!d || !d.pointers.has(e.pointerId)) return;
    d.pointers.set(e.pointerId, lx);
    if (d.mode === 'pinch' && d.pinch) {
      const [a = 0, b = 0] = [...d.pointers.values()];
      const factor = d.pinch.distance / Math.max(Math.abs(a - b), 1);
      p.onView(zoomAt(d.pinch.view, factor, d.pinch.centreMs, p.bounds));
      return;
    }
    if (!d.moved && Math.abs(lx - d.startX) < CLICK_SLOP_PX) return;
    d.moved = true;
    if (d.mode === 'select') {
      const a = msAt(d.startView, d.startX, w);
      const b = msAt(p.view, lx, w);
      p.onSelection({ startMs: Math.max(Math.min(a, b), p.bounds.startMs), endMs: Math.min(Math.max(a, b), p.bounds.endMs) });
    } else {
      p.onView(panBy(d.startView, ((d.startX - lx) / w) * (d.startView.endMs - d.startView.startMs), p.bounds));
    }
  };

  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d) return;
    d.pointers.delete(e.pointerId);
    if (d.pointers.size > 0) return;
    drag.current = null;
    if (!d.moved) p.onSeek(msAt(p.view, localX(e.clientX), w));
  };

  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    const span = p.view.endMs - p.view.startMs;
    const centre = (p.view.startMs + p.view.endMs) / 2;
    const moves: Record<string, () => TimeRange> = {
      ArrowLeft: () => panBy(p.view, -span / 10, p.bounds),
      ArrowRight: () => panBy(p.view, span / 10, p.bounds),
      '+': () => zoomAt(p.view, 0.5, p.playheadMs ?? centre, p.bounds),
      '=': () => zoomAt(p.view, 0.5, p.playheadMs ?? centre, p.bounds),
      '-': () => zoomAt(p.view, 2, p.playheadMs ?? centre, p.bounds),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    p.onView(clampView(move(), p.bounds));
  };

  const marks = ticks(p.view, w);
  const inView = (r: TimeRange) => r.endMs > p.view.startMs && r.startMs < p.view.endMs;
  const laneY = (i: number) => AXIS_PX + LANE_GAP_PX + i * (LANE_PX + LANE_GAP_PX);
  const hoverGap = hoverMs === null ? null : p.lanes.flatMap((l) => l.gaps.filter((g) => g.startMs <= hoverMs && hoverMs < g.endMs).map((g) => ({ ...g, lane: l.name })))[0];
  const hoverHeld = hoverMs === null ? [] : p.lanes.flatMap((l) => l.held.filter((h) => h.startMs <= hoverMs && hoverMs < h.endMs).map((h) => ({ ...h, lane: l.name })));
  const hoverParts = [
    ...(hoverGap ? [`${hoverGap.lane}: ${gapLabel(t, hoverGap.reason)}`] : []),
    ...hoverHeld.map((h) => `${p.lanes.length > 1 ? `${h.lane}: ` : ''}${heldLabel(t, h.kinds)}`),
  ];

  return (
    <div ref={ref} style={{ width: '100%' }}>
      <svg
        ref={svg} width={w} height={height} role="group" tabIndex={0} className={classes.timeline} aria-label={t('playback.timeline.label')}
        data-testid="timeline" data-view-start={Math.round(p.view.startMs)} data-view-end={Math.round(p.view.endMs)}
        style={{ display: 'block', touchAction: 'none', cursor: p.selecting ? 'text' : 'pointer', userSelect: 'none', borderRadius: 6 }}
        onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}
        onPointerLeave={() => setHoverMs(null)} onKeyDown={onKeyDown}
      >
        <defs>
          <pattern id="vigil-gap-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#fff4e6" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#f76707" strokeWidth="2" />
          </pattern>
          <pattern id="vigil-held-hatch" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(-45)">
            <rect width="5" height="5" fill="#ffd43b" />
            <line x1="0" y1="0" x2="0" y2="5" stroke="#e67700" strokeWidth="2" />
          </pattern>
        </defs>
        <rect width={w} height={height} fill="#f1f3f5" />
        {p.nowMs < p.view.endMs && <rect x={x(p.nowMs)} y={0} width={w - x(p.nowMs)} height={height} fill="#dee2e6" />}
        {marks.minor.map((ms) => <line key={`m${ms}`} x1={x(ms)} x2={x(ms)} y1={AXIS_PX - 5} y2={AXIS_PX} stroke="#adb5bd" />)}
        {marks.major.map(({ ms, label }) => (
          <g key={ms}>
            <line x1={x(ms)} x2={x(ms)} y1={AXIS_PX - 9} y2={height} stroke="#ced4da" />
            <text x={x(ms) + 3} y={12} fontSize={11} fill="#495057">{label}</text>
          </g>
        ))}
        {p.lanes.map((lane, i) => (
          <g key={lane.cameraId} data-lane={lane.cameraId}>
            <rect x={0} y={laneY(i)} width={w} height={LANE_PX} fill="#ffffff" opacity={0.6} />
            {lane.spans.filter(inView).map((s) => (
              <rect key={s.startMs} x={x(s.startMs)} y={laneY(i)} width={Math.max(x(s.endMs) - x(s.startMs), 1.5)} height={LANE_PX} fill="#2f9e44" data-span-start={s.startMs} data-span-end={s.endMs}>
                <title>{`${lane.name}: ${t('playback.timeline.recorded')} ${formatVnClock(s.startMs)} – ${formatVnClock(s.endMs)}`}</title>
              </rect>
            ))}
            {lane.gaps.filter(inView).map((g) => (
              <rect key={`g${g.startMs}`} x={x(g.startMs)} y={laneY(i)} width={Math.max(x(g.endMs) - x(g.startMs), 1.5)} height={LANE_PX} fill="url(#vigil-gap-hatch)" data-gap={g.reason}>
                <title>{`${lane.name}: ${gapLabel(t, g.reason)} ${formatVnClock(g.startMs)} – ${formatVnClock(g.endMs)}`}</title>
              </rect>
            ))}
            {lane.held.filter(inView).map((h) => (
              <rect
                key={`h${h.startMs}`} x={x(h.startMs)} y={laneY(i)} width={Math.max(x(h.endMs) - x(h.startMs), 3)} height={HELD_PX}
                fill="url(#vigil-held-hatch)" stroke="#e67700" strokeWidth={1} data-held={h.kinds.join(' ')} data-held-start={h.startMs} data-held-end={h.endMs}
              >
                <title>{`${lane.name}: ${heldLabel(t, h.kinds)} ${formatVnClock(h.startMs)} – ${formatVnClock(h.endMs)}`}</title>
              </rect>
            ))}
            {p.lanes.length > 1 && (
              <text x={4} y={laneY(i) + 15} fontSize={11} fontWeight={600} fill="#212529" stroke="#fff" strokeWidth={3} paintOrder="stroke" pointerEvents="none">{lane.name}</text>
            )}
          </g>
        ))}
        {p.selection && inView(p.selection) && (
          <rect
            x={x(p.selection.startMs)} y={AXIS_PX} width={Math.max(x(p.selection.endMs) - x(p.selection.startMs), 2)} height={height - AXIS_PX}
            fill="rgba(34, 139, 230, 0.25)" stroke="#1c7ed6" strokeWidth={1.5} pointerEvents="none" data-testid="timeline-selection"
          />
        )}
        {hoverMs !== null && <line x1={x(hoverMs)} x2={x(hoverMs)} y1={AXIS_PX} y2={height} stroke="#495057" strokeDasharray="3 3" pointerEvents="none" />}
        {p.playheadMs !== null && inView({ startMs: p.playheadMs, endMs: p.playheadMs + 1 }) && (
          <g pointerEvents="none" data-testid="timeline-playhead">
            <line x1={x(p.playheadMs)} x2={x(p.playheadMs)} y1={AXIS_PX - 4} y2={height} stroke="#e03131" strokeWidth={2} />
            <path d={`M ${x(p.playheadMs) - 5} ${AXIS_PX - 8} h 10 l -5 6 z`} fill="#e03131" />
          </g>
        )}
      </svg>
      <Text size="xs" c="dimmed" mt={4} style={{ minHeight: '1.5em' }} data-testid="timeline-hover">
        {hoverMs !== null
          ? [formatVnClock(hoverMs), ...hoverParts].join(' — ')
          : t(p.selecting ? 'playback.timeline.selectHint' : 'playback.timeline.hint')}
      </Text>
      <TimelineLegend held={p.lanes.some((l) => l.held.length > 0)} />
    </div>
  );
}

/** What the colours mean; the held swatch only when something shown is held. */
function TimelineLegend({ held }: { held: boolean }) {
  const { t } = useTranslation();
  const swatch = (fill: string, label: string, testId: string, stroke?: string) => (
    <Group gap={6} wrap="nowrap" data-testid={testId}>
      <svg width={22} height={12} aria-hidden style={{ flex: 'none' }}>
        <rect x={0.5} y={0.5} width={21} height={11} rx={2} fill={fill} stroke={stroke ?? 'none'} />
      </svg>
      <Text size="xs" c="dimmed">{label}</Text>
    </Group>
  );
  return (
    <Group gap="md" mt={2} wrap="wrap" data-testid="timeline-legend">
      <svg width={0} height={0} aria-hidden style={{ position: 'absolute' }}>
        <defs>
          <pattern id="vigil-legend-gap" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#fff4e6" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#f76707" strokeWidth="2" />
          </pattern>
          <pattern id="vigil-legend-held" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(-45)">
            <rect width="5" height="5" fill="#ffd43b" />
            <line x1="0" y1="0" x2="0" y2="5" stroke="#e67700" strokeWidth="2" />
          </pattern>
        </defs>
      </svg>
      {swatch('#2f9e44', t('playback.timeline.recordedLegend'), 'legend-recorded')}
      {swatch('url(#vigil-legend-gap)', t('playback.gap.no_recording'), 'legend-gap')}
      {held && swatch('url(#vigil-legend-held)', t('playback.held.legend'), 'legend-held', '#e67700')}
    </Group>
  );
}

/** "Held (not deleted by retention): Incident, Case" — why this footage is kept. */
export function heldLabel(t: ReturnType<typeof useTranslation>['t'], kinds: readonly string[]): string {
  const known = HELD_KINDS.filter((k) => kinds.includes(k));
  const words = known.map((k) => t(`playback.held.kinds.${k}`));
  return words.length > 0 ? `${t('playback.held.legend')}: ${words.join(', ')}` : t('playback.held.legend');
}

const GAP_REASONS = ['camera_disconnected', 'connection_failed', 'watchdog', 'recorder_stopped', 'not_started', 'no_recording'] as const;

/** Why there is no recording, in words (the recorder's codes: src/domain/supervisor-state.ts). */
export function gapLabel(t: ReturnType<typeof useTranslation>['t'], reason: string): string {
  const known = (GAP_REASONS as readonly string[]).includes(reason) ? (reason as (typeof GAP_REASONS)[number]) : 'no_recording';
  return t(`playback.gap.${known}`);
}
