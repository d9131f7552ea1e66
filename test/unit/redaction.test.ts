import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DetectedFace, type FrameDetections, type NormBox, type RedactionBox,
  buildTracks, checkRedactionBoxes, iou, padBox, proposeRedactions, unionBox,
} from '../../src/domain/redaction.js';
import {
  MAX_INLINE_GRAPH, detectionFramesArgv, detectionSize, parseProbe, parseProgressLine, redactArgv,
  redactionFilterGraph, toPixelBox,
} from '../../src/ffmpeg/redact-argv.js';

const face = (x: number, y: number, w = 0.1, h = 0.1, score = 0.9): DetectedFace => ({ x, y, w, h, score });
/** Frames sampled at `fps`, from `from` seconds, one face each given by `at(i)`. */
function track(count: number, fps: number, at: (i: number) => DetectedFace, from = 0): FrameDetections[] {
  return Array.from({ length: count }, (_, i) => ({ tS: from + i / fps, boxes: [at(i)] }));
}
const contains = (outer: NormBox, inner: NormBox, eps = 1e-4) =>
  inner.x >= outer.x - eps && inner.y >= outer.y - eps && inner.x + inner.w <= outer.x + outer.w + eps && inner.y + inner.h <= outer.y + outer.h + eps;

describe('redaction geometry', () => {
  it('measures overlap, unions and padding within the picture', () => {
    expect(iou({ x: 0, y: 0, w: 0.2, h: 0.2 }, { x: 0.1, y: 0, w: 0.2, h: 0.2 })).toBeCloseTo(1 / 3);
    expect(iou({ x: 0, y: 0, w: 0.1, h: 0.1 }, { x: 0.5, y: 0.5, w: 0.1, h: 0.1 })).toBe(0);
    expect(unionBox({ x: 0.1, y: 0.2, w: 0.1, h: 0.1 }, { x: 0.3, y: 0.1, w: 0.1, h: 0.1 })).toEqual({ x: 0.1, y: 0.1, w: expect.closeTo(0.3), h: expect.closeTo(0.2) });
    const padded = padBox({ x: 0.4, y: 0.4, w: 0.1, h: 0.2 }, 0.2);
    expect(padded.x).toBeCloseTo(0.39);
    expect(padded.y).toBeCloseTo(0.38);
    expect(padded.w).toBeCloseTo(0.12);
    expect(padded.h).toBeCloseTo(0.24);
    // At the edge: cut to the picture.
    expect(padBox({ x: 0, y: 0.95, w: 0.1, h: 0.05 }, 0.5)).toEqual({ x: 0, y: expect.closeTo(0.9375), w: expect.closeTo(0.125), h: expect.closeTo(0.0625) });
  });
});

describe('face tracks', () => {
  it('follows two faces walking side by side as two tracks', () => {
    const frames: FrameDetections[] = Array.from({ length: 8 }, (_, i) => ({
      tS: i * 0.25,
      boxes: [face(0.1 + i * 0.01, 0.2), face(0.6 - i * 0.01, 0.25, 0.12, 0.12)],
    }));
    const tracks = buildTracks(frames);
    expect(tracks).toHaveLength(2);
    expect(tracks.map((t) => t.points.length)).toEqual([8, 8]);
    expect(tracks[0]!.points.every((p) => p.box.x < 0.3)).toBe(true);
    expect(tracks[1]!.points.every((p) => p.box.x > 0.4)).toBe(true);
  });

  it('keeps a small fast face in its track by centre distance when boxes no longer overlap', () => {
    // 0.04 wide, moving 0.025 a sample: overlap 0.23 (below 0.3), centres 0.025 apart (within 0.75 × 0.04).
    const fast = track(4, 4, (i) => face(0.1 + i * 0.025, 0.5, 0.04, 0.04));
    expect(iou(fast[0]!.boxes[0]!, fast[1]!.boxes[0]!)).toBeLessThan(0.3);
    expect(buildTracks(fast)).toHaveLength(1);
    expect(buildTracks(fast, { centreDistance: 0.1 })).toHaveLength(4);
  });

  it('closes a track after a gap longer than maxGapS, and ignores faces below minScore', () => {
    const frames = [...track(3, 4, () => face(0.3, 0.3)), ...track(3, 4, () => face(0.3, 0.3), 3)];
    expect(buildTracks(frames)).toHaveLength(2);
    expect(buildTracks(frames, { maxGapS: 5 })).toHaveLength(1);
    expect(buildTracks(track(3, 4, () => face(0.3, 0.3, 0.1, 0.1, 0.2)), { minScore: 0.35 })).toHaveLength(0);
  });
});

describe('proposed redactions', () => {
  it('hides a still face with one padded rectangle, half a second either side, within the clip', () => {
    const boxes = proposeRedactions(track(12, 4, () => face(0.4, 0.3, 0.1, 0.2)), { durationS: 3 });
    expect(boxes).toEqual([{ x: 0.39, y: 0.28, w: 0.12, h: 0.24, startS: 0, endS: 3 }]);
    const later = proposeRedactions(track(4, 4, () => face(0.4, 0.3, 0.1, 0.2), 5));
    expect(later).toEqual([{ x: 0.39, y: 0.28, w: 0.12, h: 0.24, startS: 4.5, endS: 6.25 }]);
  });

  it('splits a walking face into a few rectangles, each no larger than maxGrowth allows', () => {
    const frames = track(20, 4, (i) => face(0.05 + i * 0.04, 0.4));
    const boxes = proposeRedactions(frames);
    expect(boxes.length).toBeGreaterThan(2);
    expect(boxes.length).toBeLessThan(20);
    for (const b of boxes) expect(b.w * b.h).toBeLessThanOrEqual(2 * 0.12 * 0.12 + 1e-6);
    // Covered without a break from 0 to the last sighting + 0.5 s.
    const sorted = [...boxes].sort((a, b) => a.startS - b.startS);
    expect(sorted[0]!.startS).toBe(0);
    for (let i = 1; i < sorted.length; i += 1) expect(sorted[i]!.startS).toBeLessThanOrEqual(sorted[i - 1]!.endS);
    expect(sorted[sorted.length - 1]!.endS).toBeCloseTo(19 / 4 + 0.5);
  });

  it('covers every sighted face (padded) at its instant, whatever the motion', () => {
    const faceArb = fc.record({ x: fc.double({ min: 0, max: 0.85, noNaN: true }), y: fc.double({ min: 0, max: 0.85, noNaN: true }), w: fc.double({ min: 0.01, max: 0.15, noNaN: true }), h: fc.double({ min: 0.01, max: 0.15, noNaN: true }), score: fc.constant(0.9) });
    const framesArb = fc.array(fc.array(faceArb, { maxLength: 4 }), { minLength: 1, maxLength: 25 }).map((frames) => frames.map((boxes, i) => ({ tS: i * 0.25, boxes })));
    fc.assert(
      fc.property(framesArb, (frames) => {
        const boxes = proposeRedactions(frames);
        for (const f of frames) {
          for (const b of f.boxes) {
            const need = padBox(b, 0.2);
            const covered = boxes.some((r) => r.startS <= f.tS + 1e-9 && r.endS >= f.tS - 1e-9 && contains(r, need));
            if (!covered) return false;
          }
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('checks rectangles drawn by hand', () => {
    const ok: RedactionBox = { x: 0.1, y: 0.1, w: 0.2, h: 0.2, startS: 1, endS: 2 };
    expect(checkRedactionBoxes([ok], 10)).toEqual([]);
    expect(checkRedactionBoxes([{ ...ok, x: 0.9 }])).toEqual([{ code: 'redaction.outsidePicture', index: 0 }]);
    expect(checkRedactionBoxes([ok, { ...ok, w: 0 }])).toEqual([{ code: 'redaction.empty', index: 1 }]);
    expect(checkRedactionBoxes([{ ...ok, startS: 3 }])).toEqual([{ code: 'redaction.timeOrder', index: 0 }]);
    expect(checkRedactionBoxes([{ ...ok, startS: 11, endS: 12 }], 10)).toEqual([{ code: 'redaction.outsideClip', index: 0 }]);
    expect(checkRedactionBoxes([{ ...ok, x: Number.NaN }])).toEqual([{ code: 'redaction.outsidePicture', index: 0 }]);
  });
});

describe('redaction ffmpeg argv', () => {
  it('samples frames as raw RGB on stdout, scaled for the detector', () => {
    expect(detectionSize({ width: 1920, height: 1080 })).toEqual({ width: 640, height: 360 });
    expect(detectionSize({ width: 352, height: 288 })).toEqual({ width: 352, height: 288 });
    expect(detectionSize({ width: 1000, height: 750 }, 333)).toEqual({ width: 334, height: 250 });
    expect(detectionFramesArgv({ input: '/c/in.mp4', fps: 4, width: 640, height: 360 })).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-i', '/c/in.mp4', '-map', '0:v:0', '-an', '-sn', '-dn',
      '-vf', 'setpts=PTS-STARTPTS,fps=4,scale=640:360:flags=bilinear,format=rgb24',
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
    ]);
    expect(() => detectionFramesArgv({ input: 'x', fps: 0, width: 2, height: 2 })).toThrow();
  });

  it('turns fractions into even pixel rectangles inside the frame, at least 16 px', () => {
    const frame = { width: 1280, height: 720 };
    expect(toPixelBox({ x: 0.1, y: 0.1, w: 0.2, h: 0.3 }, frame)).toEqual({ x: 128, y: 72, w: 256, h: 216 });
    expect(toPixelBox({ x: 0.10001, y: 0.5, w: 0.0001, h: 0.0001 }, frame)).toEqual({ x: 120, y: 352, w: 16, h: 16 });
    expect(toPixelBox({ x: 0.999, y: 0.999, w: 0.001, h: 0.001 }, frame)).toEqual({ x: 1264, y: 704, w: 16, h: 16 });
    expect(toPixelBox({ x: 0, y: 0, w: 1, h: 1 }, { width: 641, height: 361 })).toEqual({ x: 0, y: 0, w: 640, h: 360 });
    const odd = toPixelBox({ x: 0.1234, y: 0.4321, w: 0.0777, h: 0.0555 }, frame);
    for (const v of Object.values(odd)) expect(v % 2).toBe(0);
  });

  it('blurs one rectangle only during its time range', () => {
    expect(redactionFilterGraph([{ x: 0.25, y: 0.5, w: 0.25, h: 0.25, startS: 1, endS: 2.5 }], { width: 640, height: 360 })).toBe(
      "[0:v]setpts=PTS-STARTPTS,split=2[m0][c0];" +
        "[c0]crop=160:90:160:180,boxblur=luma_radius=22:luma_power=3:chroma_radius=11:chroma_power=3:enable='between(t,1.000,2.500)'[b0];" +
        "[m0][b0]overlay=x=160:y=180:enable='between(t,1.000,2.500)',format=yuv420p[v]",
    );
    expect(redactionFilterGraph([], { width: 640, height: 360 })).toBe('[0:v]setpts=PTS-STARTPTS,format=yuv420p[v]');
    expect(redactionFilterGraph([{ x: 0, y: 0, w: 0.5, h: 0.5, startS: 0, endS: 1 }], { width: 640, height: 360 }, 'fill')).toBe(
      "[0:v]setpts=PTS-STARTPTS,drawbox=x=0:y=0:w=320:h=180:color=black:t=fill:enable='between(t,0.000,1.000)',format=yuv420p[v]",
    );
  });

  it('draws the watermark last, over the blurred picture, from a text file (R3.3, R4.2)', () => {
    const graph = redactionFilterGraph([{ x: 0, y: 0, w: 0.5, h: 0.5, startS: 0, endS: 1 }], { width: 640, height: 360 }, 'fill', { textFile: '/tmp/w.txt', fontFile: '/f.ttf' });
    expect(graph).toMatch(/enable='between\(t,0\.000,1\.000\)',drawtext=fontfile=\/f\.ttf:textfile=\/tmp\/w\.txt:expansion=none:.*,format=yuv420p\[v\]$/);
    const blurred = redactionFilterGraph([{ x: 0, y: 0, w: 0.5, h: 0.5, startS: 0, endS: 1 }], { width: 640, height: 360 }, 'blur', { textFile: '/tmp/w.txt', fontFile: '/f.ttf' });
    expect(blurred.endsWith(",format=yuv420p[v]")).toBe(true);
    expect(blurred.split('drawtext=').length).toBe(2);
    expect(blurred.indexOf('drawtext=')).toBeGreaterThan(blurred.lastIndexOf('overlay='));
  });

  it('chains 20 rectangles: every label made once and used once, ending in [v]', () => {
    const boxes: RedactionBox[] = Array.from({ length: 20 }, (_, i) => ({ x: (i % 5) * 0.2, y: Math.floor(i / 5) * 0.25, w: 0.15, h: 0.2, startS: i, endS: i + 1.5 }));
    const graph = redactionFilterGraph(boxes, { width: 1280, height: 720 });
    expect(graph.startsWith('[0:v]setpts=PTS-STARTPTS,split=21[m0][c0][c1]')).toBe(true);
    expect(graph.match(/overlay=/g)).toHaveLength(20);
    expect(graph.match(/boxblur=/g)).toHaveLength(20);
    expect(graph.endsWith(",format=yuv420p[v]")).toBe(true);
    const chains = graph.split(';');
    const made = new Map<string, number>();
    const used = new Map<string, number>();
    for (const chain of chains) {
      const ins = chain.match(/^(\[[^\]]+\])+/)?.[0].match(/\[([^\]]+)\]/g) ?? [];
      const outs = chain.match(/(\[[^\]]+\])+$/)?.[0].match(/\[([^\]]+)\]/g) ?? [];
      for (const l of ins) used.set(l, (used.get(l) ?? 0) + 1);
      for (const l of outs) made.set(l, (made.get(l) ?? 0) + 1);
    }
    for (const [label, count] of made) {
      expect(count).toBe(1);
      if (label !== '[v]') expect(used.get(label)).toBe(1);
    }
    expect(made.size).toBe(1 + 20 + 20 + 19 + 1); // split outputs, blurred crops, overlays, [v]
    expect(graph).toContain("[m19][b19]overlay=x=1024:y=540:enable='between(t,19.000,20.500)',format=yuv420p[v]");
    const argv = redactArgv({ input: '/c/in.mp4', output: '/c/out.mp4.part', frame: { width: 1280, height: 720 }, boxes });
    expect(argv).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1',
      '-i', '/c/in.mp4', '-filter_complex', graph,
      '-map', '[v]', '-an', '-sn', '-dn', '-map_metadata', '-1',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-movflags', '+faststart',
      '-f', 'mp4', '-y', '/c/out.mp4.part',
    ]);
  });

  it('moves a very long graph into a script file', () => {
    const boxes: RedactionBox[] = Array.from({ length: 1000 }, (_, i) => ({ x: 0.1, y: 0.1, w: 0.1, h: 0.1, startS: i, endS: i + 1 }));
    expect(redactionFilterGraph(boxes, { width: 640, height: 360 }).length).toBeGreaterThan(MAX_INLINE_GRAPH);
    expect(() => redactArgv({ input: 'i', output: 'o', frame: { width: 640, height: 360 }, boxes })).toThrow(/filterScriptPath/);
    const argv = redactArgv({ input: 'i', output: 'o', frame: { width: 640, height: 360 }, boxes, filterScriptPath: '/t/graph' });
    expect(argv.slice(argv.indexOf('-filter_complex_script'), argv.indexOf('-filter_complex_script') + 2)).toEqual(['-filter_complex_script', '/t/graph']);
    expect(argv).not.toContain('-filter_complex');
  });

  it('reads ffprobe and -progress output', () => {
    expect(parseProbe('{"streams":[{"codec_name":"h264","width":1280,"height":720}],"format":{"duration":"30.040000"}}')).toEqual({ width: 1280, height: 720, durationS: 30.04, codec: 'h264' });
    expect(() => parseProbe('{"streams":[]}')).toThrow();
    expect(parseProgressLine('out_time_us=1500000')).toEqual({ outTimeS: 1.5 });
    expect(parseProgressLine('out_time_ms=2000000')).toEqual({ outTimeS: 2 });
    expect(parseProgressLine('out_time_us=N/A')).toBeNull();
    expect(parseProgressLine('progress=continue')).toBeNull();
    expect(parseProgressLine('progress=end')).toEqual({ end: true });
    expect(parseProgressLine('frame=12')).toBeNull();
  });
});
