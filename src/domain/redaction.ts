/**
 * Redaction (R3.3): which rectangles of a clip are blurred, and when. Leadership answers a
 * data-subject request with a clip in which everyone else is blurred: rectangles drawn by hand over
 * a time range, and rectangles proposed from face detection. Pure: the detector gives faces per
 * sampled frame; this turns them into tracks (the same face across neighbouring frames) and the
 * tracks into a few time-ranged rectangles that ffmpeg blurs.
 *
 * Coordinates are fractions of the picture (0..1, origin top left), so a rectangle means the same
 * on the recording, on a scaled detection frame and on the player in the browser.
 */

/** A rectangle as fractions of the picture's width and height. */
export interface NormBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A rectangle blurred from `startS` to `endS` (seconds from the clip's start, both inclusive). */
export interface RedactionBox extends NormBox {
  startS: number;
  endS: number;
}

/** A face found in one sampled frame. */
export interface DetectedFace extends NormBox {
  /** The detector's confidence, 0..1. */
  score: number;
}

/** The faces of one sampled frame, at `tS` seconds from the clip's start. */
export interface FrameDetections {
  tS: number;
  boxes: DetectedFace[];
}

export interface TrackOptions {
  /** Faces below this score are ignored (default 0: the detector's own threshold decides). */
  minScore: number;
  /** A face joins a track whose last face overlaps it at least this much (IoU, default 0.3)... */
  iouThreshold: number;
  /**
   * ...or whose last face's centre is within this many of the larger face's sizes (default 0.75):
   * a small face moving quickly between samples may not overlap its previous position at all.
   */
  centreDistance: number;
  /** A track not seen for longer than this is closed (default 1 s: a few missed samples). */
  maxGapS: number;
  /** Each face is grown by this fraction of its width and height, centred (default 0.2). */
  padFraction: number;
  /** Each track is blurred this long before its first and after its last sighting (default 0.5 s). */
  extendS: number;
  /**
   * A moving face is covered by one rectangle while that rectangle stays within this factor of the
   * largest single (padded) face's area; past it a new rectangle starts (default 2).
   */
  maxGrowth: number;
  /** Tracks seen fewer times are dropped (default 1: a single sighting is still proposed). */
  minDetections: number;
  /** The clip's length: rectangles end by then (default: not clamped). */
  durationS?: number;
}

export const DEFAULT_TRACK_OPTIONS: TrackOptions = {
  minScore: 0,
  iouThreshold: 0.3,
  centreDistance: 0.75,
  maxGapS: 1,
  padFraction: 0.2,
  extendS: 0.5,
  maxGrowth: 2,
  minDetections: 1,
};

export interface TrackPoint {
  tS: number;
  box: DetectedFace;
}

/** One face followed across sampled frames. */
export interface FaceTrack {
  id: number;
  points: TrackPoint[];
}

export const area = (b: NormBox): number => Math.max(0, b.w) * Math.max(0, b.h);

/** Intersection over union of two rectangles (0 when they do not touch). */
export function iou(a: NormBox, b: NormBox): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** The smallest rectangle holding both. */
export function unionBox(a: NormBox, b: NormBox): NormBox {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/** The rectangle cut to the picture (0..1). */
export function clampBox(b: NormBox): NormBox {
  const x = Math.min(1, Math.max(0, b.x));
  const y = Math.min(1, Math.max(0, b.y));
  return { x, y, w: Math.max(0, Math.min(1, b.x + b.w) - x), h: Math.max(0, Math.min(1, b.y + b.h) - y) };
}

/** Grown by `fraction` of its width and height (half on each side), then cut to the picture. */
export function padBox(b: NormBox, fraction: number): NormBox {
  const dx = (b.w * fraction) / 2;
  const dy = (b.h * fraction) / 2;
  return clampBox({ x: b.x - dx, y: b.y - dy, w: b.w + 2 * dx, h: b.h + 2 * dy });
}

function closeEnough(a: NormBox, b: NormBox, o: TrackOptions): number {
  const overlap = iou(a, b);
  if (overlap >= o.iouThreshold) return 1 + overlap;
  const dx = a.x + a.w / 2 - (b.x + b.w / 2);
  const dy = a.y + a.h / 2 - (b.y + b.h / 2);
  const size = Math.max(a.w, a.h, b.w, b.h);
  const distance = Math.hypot(dx, dy);
  // Below 1: matched on distance only, always after any match on overlap.
  return size > 0 && distance <= o.centreDistance * size ? 1 - distance / (o.centreDistance * size) / 2 : 0;
}

/**
 * Follows faces across sampled frames: each face joins the open track whose last face is closest
 * (by overlap, else by centre distance), greedily, best pairs first; the rest start new tracks.
 */
export function buildTracks(frames: readonly FrameDetections[], options: Partial<TrackOptions> = {}): FaceTrack[] {
  const o = { ...DEFAULT_TRACK_OPTIONS, ...options };
  const sorted = [...frames].sort((a, b) => a.tS - b.tS);
  const tracks: FaceTrack[] = [];
  let open: FaceTrack[] = [];
  for (const frame of sorted) {
    open = open.filter((t) => frame.tS - t.points[t.points.length - 1]!.tS <= o.maxGapS);
    const faces = frame.boxes.filter((b) => b.score >= o.minScore && b.w > 0 && b.h > 0);
    const pairs: { track: FaceTrack; face: DetectedFace; score: number }[] = [];
    for (const track of open) {
      const last = track.points[track.points.length - 1]!;
      if (last.tS === frame.tS) continue;
      for (const face of faces) {
        const score = closeEnough(last.box, face, o);
        if (score > 0) pairs.push({ track, face, score });
      }
    }
    pairs.sort((a, b) => b.score - a.score);
    const usedTracks = new Set<FaceTrack>();
    const usedFaces = new Set<DetectedFace>();
    for (const p of pairs) {
      if (usedTracks.has(p.track) || usedFaces.has(p.face)) continue;
      usedTracks.add(p.track);
      usedFaces.add(p.face);
      p.track.points.push({ tS: frame.tS, box: p.face });
    }
    for (const face of faces) {
      if (usedFaces.has(face)) continue;
      const track: FaceTrack = { id: tracks.length + 1, points: [{ tS: frame.tS, box: face }] };
      tracks.push(track);
      open.push(track);
    }
  }
  return tracks.filter((t) => t.points.length >= o.minDetections);
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

/**
 * The rectangles that hide one track: between two sightings the union of both (padded) faces, so
 * the face is covered while it moves; before the first and after the last sighting the face as
 * seen, for `extendS`. Consecutive pieces are merged while the merged rectangle stays within
 * `maxGrowth` of the largest face: someone standing still gets one rectangle, someone walking a few.
 */
export function trackToRedactions(track: FaceTrack, options: Partial<TrackOptions> = {}): RedactionBox[] {
  const o = { ...DEFAULT_TRACK_OPTIONS, ...options };
  const pts = track.points.map((p) => ({ tS: p.tS, box: padBox(p.box, o.padFraction) }));
  if (pts.length === 0) return [];
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  const pieces: { box: NormBox; startS: number; endS: number; largest: number }[] = [];
  pieces.push({ box: first.box, startS: first.tS - o.extendS, endS: first.tS, largest: area(first.box) });
  for (let i = 1; i < pts.length; i += 1) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    pieces.push({ box: unionBox(a.box, b.box), startS: a.tS, endS: b.tS, largest: Math.max(area(a.box), area(b.box)) });
  }
  pieces.push({ box: last.box, startS: last.tS, endS: last.tS + o.extendS, largest: area(last.box) });

  const merged: typeof pieces = [];
  for (const piece of pieces) {
    const current = merged[merged.length - 1];
    if (current) {
      const box = unionBox(current.box, piece.box);
      const largest = Math.max(current.largest, piece.largest);
      if (area(box) <= o.maxGrowth * largest) {
        merged[merged.length - 1] = { box, startS: current.startS, endS: Math.max(current.endS, piece.endS), largest };
        continue;
      }
    }
    merged.push({ ...piece });
  }

  const out: RedactionBox[] = [];
  for (const m of merged) {
    const startS = Math.max(0, m.startS);
    const endS = o.durationS === undefined ? m.endS : Math.min(o.durationS, m.endS);
    const box = clampBox(m.box);
    if (endS < startS || box.w <= 0 || box.h <= 0) continue;
    out.push({ x: round(box.x, 5), y: round(box.y, 5), w: round(box.w, 5), h: round(box.h, 5), startS: round(startS, 3), endS: round(endS, 3) });
  }
  return out;
}

/** Proposed redactions from the faces found in sampled frames, ordered by start. */
export function proposeRedactions(frames: readonly FrameDetections[], options: Partial<TrackOptions> = {}): RedactionBox[] {
  return buildTracks(frames, options)
    .flatMap((t) => trackToRedactions(t, options))
    .sort((a, b) => a.startS - b.startS || a.x - b.x || a.y - b.y);
}

export type RedactionProblem =
  | { code: 'redaction.outsidePicture'; index: number }
  | { code: 'redaction.empty'; index: number }
  | { code: 'redaction.timeOrder'; index: number }
  | { code: 'redaction.outsideClip'; index: number }
  | { code: 'redaction.tooMany'; max: number };

/** At most this many rectangles in one clip: each is a filter in ffmpeg's graph. */
export const MAX_REDACTION_BOXES = 2000;

/** What is wrong with rectangles given by hand (or sent by a client), if anything. */
export function checkRedactionBoxes(boxes: readonly RedactionBox[], durationS?: number): RedactionProblem[] {
  if (boxes.length > MAX_REDACTION_BOXES) return [{ code: 'redaction.tooMany', max: MAX_REDACTION_BOXES }];
  const problems: RedactionProblem[] = [];
  boxes.forEach((b, index) => {
    const finite = [b.x, b.y, b.w, b.h, b.startS, b.endS].every(Number.isFinite);
    if (!finite || b.x < 0 || b.y < 0 || b.x + b.w > 1 + 1e-9 || b.y + b.h > 1 + 1e-9) problems.push({ code: 'redaction.outsidePicture', index });
    else if (b.w <= 0 || b.h <= 0) problems.push({ code: 'redaction.empty', index });
    if (finite && (b.startS < 0 || b.endS < b.startS)) problems.push({ code: 'redaction.timeOrder', index });
    else if (finite && durationS !== undefined && b.startS > durationS) problems.push({ code: 'redaction.outsideClip', index });
  });
  return problems;
}
