import { describe, expect, it } from 'vitest';
import { playbackArgv, playbackListFile } from '../../src/ffmpeg/clip.js';
import { keyframeAtOrBefore, retimedMoof, segmentMedia } from '../../src/server/repositories/segment-media.js';
import { directPlayable, fragmentWallMs, retime, startFragment } from '../../src/server/services/playback-direct.js';
import { planPlayback } from '../../src/server/services/footage.js';

/** An MP4 box: size, type, payload. */
const box = (type: string, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
};
const u32 = (...ns: number[]) => Buffer.concat(ns.map((n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0, 0); return b; }));
const u64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n), 0); return b; };
const fullBox = (type: string, version: number, flags: number, ...parts: Buffer[]) => box(type, u32((version << 24) | flags), ...parts);

/** moov of one video track: mdhd (timescale), stsd with an avc1 or hev1 entry, optional edit list. */
function moov(o: { timescale: number; entry: 'avc1' | 'hev1'; editMediaTime?: number }) {
  const mdhd = fullBox('mdhd', 0, 0, u32(0, 0, o.timescale, 0), Buffer.alloc(4));
  const config = o.entry === 'avc1' ? box('avcC', Buffer.from([1, 0x64, 0x00, 0x28, 0xff])) : box('hvcC', Buffer.alloc(23));
  const sampleEntry = box(o.entry, Buffer.alloc(78), config);
  const stsd = fullBox('stsd', 0, 0, u32(1), sampleEntry);
  const edts = o.editMediaTime === undefined ? [] : [box('edts', fullBox('elst', 0, 0, u32(1, 10_000, o.editMediaTime), u32(0x10000)))];
  return box('moov', box('trak', ...edts, box('mdia', mdhd, box('minf', box('stbl', stsd)))));
}

/** moof with one traf: tfdt (decode time) and a trun giving the first sample's flags and composition offset. */
function moof(o: { decodeTime: number; keyframe: boolean; compositionOffset?: number }) {
  const tfhd = fullBox('tfhd', 0, 0x020000, u32(1));
  const tfdt = fullBox('tfdt', 1, 0, u64(o.decodeTime));
  const cto = o.compositionOffset !== undefined;
  // data offset + first-sample-flags, and per sample: duration, size (+ composition offset).
  const trun = fullBox('trun', 0, 0x1 | 0x4 | 0x100 | 0x200 | (cto ? 0x800 : 0), u32(1, 0, o.keyframe ? 0x02000000 : 0x01010000, 512, 1000), ...(cto ? [u32(o.compositionOffset ?? 0)] : []));
  return box('moof', fullBox('mfhd', 0, 0, u32(1)), box('traf', tfhd, tfdt, trun));
}

describe('a recorded segment read from its boxes', () => {
  it('finds the codec and the keyframes of an H.264 segment (a fragment per GOP)', () => {
    const m = segmentMedia(moov({ timescale: 12800, entry: 'avc1' }), [0, 2, 4, 6, 8].map((s) => moof({ decodeTime: s * 12800, keyframe: true })));
    expect(m).toMatchObject({ sampleEntry: 'avc1', h264Codec: 'avc1.640028', keyframesSeconds: [0, 2, 4, 6, 8], firstSeconds: 0, timescale: 12800, trackCount: 1 });
    expect(m.fragments.map((f) => f.decodeTicks)).toEqual([0, 2, 4, 6, 8].map((s) => s * 12800));
    expect(keyframeAtOrBefore(m, 5.3)).toBe(4);
    expect(keyframeAtOrBefore(m, 4)).toBe(4);
    expect(keyframeAtOrBefore(m, 0.5)).toBe(0);
  });

  it('tells H.265 apart (it must be transcoded for the browser) and skips fragments that do not start on a keyframe', () => {
    const m = segmentMedia(moov({ timescale: 90000, entry: 'hev1' }), [moof({ decodeTime: 0, keyframe: true }), moof({ decodeTime: 90000, keyframe: false }), moof({ decodeTime: 180000, keyframe: true })]);
    expect(m.h264Codec).toBeNull();
    expect(m.sampleEntry).toBe('hev1');
    expect(m.keyframesSeconds).toEqual([0, 2]);
    expect(keyframeAtOrBefore(m, 1.5)).toBe(0);
  });

  it('places keyframes at their presentation time (composition offset, edit list) as ffmpeg does', () => {
    const m = segmentMedia(moov({ timescale: 1000, entry: 'avc1', editMediaTime: 80 }), [moof({ decodeTime: 0, keyframe: true, compositionOffset: 80 }), moof({ decodeTime: 2000, keyframe: true, compositionOffset: 80 })]);
    expect(m.keyframesSeconds).toEqual([0, 2]);
    expect(m.firstSeconds).toBe(0);
  });
});

describe('the footage a playback answer covers', () => {
  const seg = (startMs: number, endMs: number) => ({ path: `${startMs}.mp4`, startMs, endMs });

  it('takes the segments that follow each other, and ends at a gap saying where footage resumes', () => {
    expect(planPlayback([seg(0, 10_000), seg(10_020, 20_000), seg(45_000, 55_000)])).toEqual({
      segments: [seg(0, 10_000), seg(10_020, 20_000)], endMs: 20_000, nextMs: 45_000,
    });
    expect(planPlayback([seg(0, 10_000), seg(9_990, 20_000)])).toEqual({ segments: [seg(0, 10_000), seg(9_990, 20_000)], endMs: 20_000, nextMs: null });
    expect(planPlayback([])).toBeNull();
  });

  it('never plays the same seconds twice (a salvaged duplicate inside another segment)', () => {
    expect(planPlayback([seg(0, 10_000), seg(3_000, 8_000), seg(10_000, 20_000)])?.segments.map((s) => s.startMs)).toEqual([0, 10_000]);
  });
});

describe('ffmpeg for playback', () => {
  it('copies H.264 into a fragmented MP4 on stdout, reading its list from stdin', () => {
    expect(playbackArgv({ transcode: false })).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error',
      '-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,pipe', '-i', 'pipe:0',
      '-map', '0:v:0', '-c:v', 'copy',
      '-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '500000',
      'pipe:1',
    ]);
  });

  it('transcodes H.265 to smaller H.264 that a browser plays, with a keyframe every second', () => {
    const argv = playbackArgv({ transcode: true, transcodeWidth: 640 });
    expect(argv.slice(argv.indexOf('-c:v'), argv.indexOf('-f', argv.indexOf('-c:v')))).toEqual([
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
      '-vf', "scale='min(640,iw)':-2,format=yuv420p", '-force_key_frames', 'expr:gte(t,n_forced*1)',
      '-b:v', '1500k', '-maxrate', '1500k', '-bufsize', '1500k',
    ]);
  });

  it('lists the files with file: (the list comes through a pipe) and an in point rounded up to the microsecond', () => {
    expect(playbackListFile([{ path: "/r/a'.mp4", inpointSeconds: 1.9600004 }, { path: '/r/b.mp4' }])).toBe(
      "ffconcat version 1.0\nfile 'file:/r/a'\\''.mp4'\ninpoint 1.960001\nfile 'file:/r/b.mp4'\n",
    );
  });
});

describe('direct playback of H.264 fragments (issue 5: no process on a seek)', () => {
  // A segment recorded from 10:00:00.000 whose track's decode times continue the camera's stream (not from 0).
  const segStart = Date.parse('2026-12-02T03:00:00Z');
  const media = (decodeBase: number, keyframes: boolean[]) => segmentMedia(moov({ timescale: 90000, entry: 'avc1' }),
    keyframes.map((k, i) => ({ box: moof({ decodeTime: decodeBase + i * 180000, keyframe: k }), offset: 1000 + i * 5000, bytes: 5000 })));

  it('starts at the last keyframe fragment at or before the instant, and times it from there', () => {
    const m = media(9_000_000, [true, true, false, true, true]);
    expect(directPlayable(m)).toBe(true);
    // 5.5 s in: the fragment at 4 s is not a keyframe; the one at 2 s is.
    const from = startFragment(segStart, m, segStart + 5500);
    expect(from).toBe(1);
    expect(fragmentWallMs(segStart, m, from)).toBe(segStart + 2000);
    expect(retime(segStart, m, from, segStart + 2000)).toEqual([
      { offset: 6000, bytes: 5000, ticks: 0 }, { offset: 11000, bytes: 5000, ticks: 180000 },
      { offset: 16000, bytes: 5000, ticks: 360000 }, { offset: 21000, bytes: 5000, ticks: 540000 },
    ]);
  });

  it('places the next segment by its wall-clock start, whatever its own decode times', () => {
    const next = media(123, [true, true]);
    // Video time 0 was 10:00:02; the next segment starts at 10:00:10 → 8 s in.
    expect(retime(segStart + 10_000, next, 0, segStart + 2000).map((f) => f.ticks)).toEqual([8 * 90000, 10 * 90000]);
  });

  it('moves only the decode time of a fragment', () => {
    const original = moof({ decodeTime: 9_000_000, keyframe: true });
    const moved = retimedMoof(original, 180000);
    expect(moved.length).toBe(original.length);
    expect(segmentMedia(moov({ timescale: 90000, entry: 'avc1' }), [moved]).fragments[0]?.decodeTicks).toBe(180000);
    expect(segmentMedia(moov({ timescale: 90000, entry: 'avc1' }), [original]).fragments[0]?.decodeTicks).toBe(9_000_000);
  });

  it('leaves H.265 and fragments of unknown place to ffmpeg', () => {
    expect(directPlayable(segmentMedia(moov({ timescale: 90000, entry: 'hev1' }), [{ box: moof({ decodeTime: 0, keyframe: true }), offset: 0, bytes: 10 }]))).toBe(false);
    expect(directPlayable(segmentMedia(moov({ timescale: 90000, entry: 'avc1' }), [moof({ decodeTime: 0, keyframe: true })]))).toBe(false);
  });
});
