import { ActionIcon, Box, Group, Slider, Text } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconPlayerTrackNext, IconPlayerTrackPrev } from '@tabler/icons-react';
import { type PointerEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { useComplaintsT } from './i18n.js';
import { boxFromDrag, formatSeconds, shownAt } from './redaction-boxes.js';
import type { RedactionBox } from './shared.js';

interface Props {
  src: string;
  videoRef: RefObject<HTMLVideoElement | null>;
  aspect: number;
  durationS: number;
  atS: number;
  onTime(s: number): void;
  boxes: readonly RedactionBox[];
  proposals: readonly RedactionBox[];
  selected: number | null;
  /** Null: drawing is off (not leadership, or the clip is busy). */
  onDraw: ((box: RedactionBox) => void) | null;
}

type Point = { x: number; y: number };

/** The unredacted clip with its rectangles over it: drag on the picture to draw one from the current second (R3.3). */
export function RedactionCanvas({ src, videoRef, aspect, durationS, atS, onTime, boxes, proposals, selected, onDraw }: Props) {
  const tc = useComplaintsT();
  const overlay = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ from: Point; to: Point } | null>(null);
  const [playing, setPlaying] = useState(false);

  // While playing, follow the picture every frame (timeupdate comes only 4 times a second).
  useEffect(() => {
    if (!playing) return undefined;
    let frame = 0;
    const tick = () => {
      if (videoRef.current) onTime(videoRef.current.currentTime);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, onTime, videoRef]);

  const point = (e: PointerEvent<HTMLDivElement>): Point => {
    const r = overlay.current?.getBoundingClientRect();
    if (!r || r.width === 0 || r.height === 0) return { x: 0, y: 0 };
    return { x: (e.clientX - r.left) / r.width, y: (e.clientY - r.top) / r.height };
  };
  const down = (e: PointerEvent<HTMLDivElement>) => {
    if (!onDraw || e.button !== 0) return;
    videoRef.current?.pause();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = point(e);
    setDrag({ from: p, to: p });
  };
  const move = (e: PointerEvent<HTMLDivElement>) => {
    if (drag) setDrag({ from: drag.from, to: point(e) });
  };
  const up = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag || !onDraw) return;
    const box = boxFromDrag(drag.from, point(e), videoRef.current?.currentTime ?? atS, durationS);
    setDrag(null);
    if (box) onDraw(box);
  };
  const seek = (s: number) => {
    const v = videoRef.current;
    const to = Math.min(Math.max(0, s), durationS);
    if (v) v.currentTime = to;
    onTime(to);
  };
  const toggle = () => {
    const v = videoRef.current;
    if (!v) return;
    if (v.paused) void v.play(); else v.pause();
  };
  const preview = drag ? boxFromDrag(drag.from, drag.to, atS, durationS) : null;
  return (
    <Box>
      <Box pos="relative" bg="black" style={{ aspectRatio: String(aspect), width: '100%', borderRadius: 4, overflow: 'hidden' }}>
        <video
          ref={videoRef} src={src} preload="auto" muted playsInline data-testid="source-video"
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', objectFit: 'fill', display: 'block' }}
          onTimeUpdate={(e) => onTime(e.currentTarget.currentTime)} onSeeked={(e) => onTime(e.currentTarget.currentTime)}
          onPlay={() => setPlaying(true)} onPause={() => setPlaying(false)} onEnded={() => setPlaying(false)}
        />
        <div
          ref={overlay} data-testid="redaction-overlay" onPointerDown={down} onPointerMove={move} onPointerUp={up} onPointerCancel={() => setDrag(null)}
          style={{ position: 'absolute', inset: 0, cursor: onDraw ? 'crosshair' : 'default', touchAction: onDraw ? 'none' : 'auto' }}
        >
          {boxes.map((b, i) => shownAt(b, atS) && <Rect key={`b${i}`} box={b} label={String(i + 1)} kind={i === selected ? 'selected' : 'box'} />)}
          {proposals.map((b, i) => shownAt(b, atS) && <Rect key={`p${i}`} box={b} label="?" kind="proposal" />)}
          {preview && <Rect box={preview} label="+" kind="selected" />}
        </div>
      </Box>
      <Group gap="xs" wrap="nowrap" mt={6}>
        <ActionIcon variant="default" size="lg" onClick={() => seek(atS - 1)} aria-label={tc('editor.back1')}><IconPlayerTrackPrev size={18} /></ActionIcon>
        <ActionIcon variant="filled" size="lg" onClick={toggle} aria-label={playing ? tc('editor.pause') : tc('editor.play')} data-testid="editor-play">
          {playing ? <IconPlayerPause size={18} /> : <IconPlayerPlay size={18} />}
        </ActionIcon>
        <ActionIcon variant="default" size="lg" onClick={() => seek(atS + 1)} aria-label={tc('editor.forward1')}><IconPlayerTrackNext size={18} /></ActionIcon>
        <Slider
          style={{ flex: 1, minWidth: 0 }} min={0} max={Math.max(durationS, 0.1)} step={0.1} value={Math.min(atS, durationS)} onChange={seek}
          label={(v) => formatSeconds(v)} aria-label={tc('editor.position')} data-testid="editor-slider"
        />
        <Text size="xs" ff="monospace" style={{ whiteSpace: 'nowrap' }} data-testid="editor-time">{formatSeconds(atS)} / {formatSeconds(durationS)} s</Text>
      </Group>
    </Box>
  );
}

const STYLE = {
  box: { border: '2px solid var(--mantine-color-red-6)', background: 'rgba(250, 82, 82, 0.28)', color: 'var(--mantine-color-red-6)' },
  selected: { border: '2px solid var(--mantine-color-blue-5)', background: 'rgba(51, 154, 240, 0.3)', color: 'var(--mantine-color-blue-5)' },
  proposal: { border: '2px dashed var(--mantine-color-yellow-5)', background: 'rgba(252, 196, 25, 0.22)', color: 'var(--mantine-color-yellow-5)' },
} as const;

function Rect({ box, label, kind }: { box: RedactionBox; label: string; kind: keyof typeof STYLE }) {
  const s = STYLE[kind];
  return (
    <div
      data-testid={kind === 'proposal' ? 'proposal-rect' : 'box-rect'}
      style={{
        position: 'absolute', left: `${box.x * 100}%`, top: `${box.y * 100}%`, width: `${box.w * 100}%`, height: `${box.h * 100}%`,
        border: s.border, background: s.background, pointerEvents: 'none', boxSizing: 'border-box',
      }}
    >
      <span style={{ position: 'absolute', top: 0, left: 0, padding: '0 4px', fontSize: 11, fontWeight: 700, background: 'rgba(0,0,0,0.6)', color: 'white' }}>{label}</span>
    </div>
  );
}
