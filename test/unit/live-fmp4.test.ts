import { describe, expect, it } from 'vitest';
import { liveArgv, liveInputFile, mseCodecString } from '../../src/ffmpeg/live.js';
import { BoxSplitter, FragmentReader, KeyframeCache, type Mp4Segment, isSyncSampleFlags } from '../../src/server/live/fmp4.js';

// Hand-built MP4 boxes, laid out as ffmpeg's mp4 muxer writes them for a live pipe.
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const box = (type: string, ...parts: Buffer[]) => Buffer.concat([u32(8 + parts.reduce((n, p) => n + p.length, 0)), Buffer.from(type, 'latin1'), ...parts]);
const fullBox = (type: string, flags: number, ...parts: Buffer[]) => box(type, u32(flags & 0xffffff), ...parts);

const KEY = 0x02000000; // sample_depends_on = 2 (an I-frame)
const NON_KEY = 0x01010000; // depends on others, is_non_sync_sample
const TRACK = 1;

function initSegment(trexFlags = NON_KEY, avcC = [1, 0x64, 0x00, 0x1f]): Buffer {
  const avc1 = box('avc1', Buffer.alloc(78), box('avcC', Buffer.from([...avcC, 0xff, 0xe1])));
  const stsd = fullBox('stsd', 0, u32(1), avc1);
  const trak = box('trak', box('tkhd', Buffer.alloc(84)), box('mdia', box('minf', box('stbl', stsd))));
  const trex = fullBox('trex', 0, u32(TRACK), u32(1), u32(0), u32(0), u32(trexFlags));
  return Buffer.concat([box('ftyp', Buffer.from('isom\0\0\x02\0isomiso6', 'latin1')), box('moov', box('mvhd', Buffer.alloc(100)), trak, box('mvex', trex))]);
}

/** A fragment whose first sample's flags sit where `where` says (the precedence under test). */
function fragment(where: 'firstSampleFlags' | 'sampleFlags' | 'tfhd' | 'trex', flags: number, payload = 'frame'): Buffer {
  const tfhd = where === 'tfhd' ? fullBox('tfhd', 0x020000 | 0x20, u32(TRACK), u32(flags)) : fullBox('tfhd', 0x020000, u32(TRACK));
  const trun = where === 'firstSampleFlags' ? fullBox('trun', 0x1 | 0x4 | 0x200, u32(2), u32(0), u32(flags), u32(5), u32(5))
    : where === 'sampleFlags' ? fullBox('trun', 0x1 | 0x100 | 0x200 | 0x400, u32(2), u32(0), u32(40), u32(5), u32(flags), u32(40), u32(5), u32(NON_KEY))
    : fullBox('trun', 0x1 | 0x200, u32(2), u32(0), u32(5), u32(5));
  return Buffer.concat([box('moof', fullBox('mfhd', 0, u32(1)), box('traf', tfhd, fullBox('tfdt', 0, u32(0)), trun)), box('mdat', Buffer.from(payload))]);
}

function readAll(stream: Buffer, cuts: number[]): Mp4Segment[] {
  const reader = new FragmentReader();
  const out: Mp4Segment[] = [];
  let at = 0;
  for (const cut of [...cuts, stream.length]) {
    out.push(...reader.push(stream.subarray(at, cut)));
    at = cut;
  }
  return out;
}

describe('the fragmented MP4 reader', () => {
  const stream = Buffer.concat([initSegment(), fragment('firstSampleFlags', KEY, 'k1'), fragment('firstSampleFlags', NON_KEY, 'p1'), fragment('firstSampleFlags', KEY, 'k2')]);
  const whole = readAll(stream, []);

  it('yields the init segment, then whole moof+mdat fragments marked keyframe or not', () => {
    expect(whole.map((s) => (s.kind === 'init' ? 'init' : s.keyframe ? 'K' : 'P'))).toEqual(['init', 'K', 'P', 'K']);
    expect(whole[0]?.data).toEqual(initSegment());
    expect(whole[2]?.data).toEqual(fragment('firstSampleFlags', NON_KEY, 'p1'));
  });

  it('gives the same segments wherever the chunks of ffmpeg output are cut', () => {
    for (let cut = 1; cut < stream.length; cut++) expect(readAll(stream, [cut])).toEqual(whole);
    expect(readAll(stream, Array.from({ length: stream.length - 1 }, (_, i) => i + 1))).toEqual(whole);
    expect(readAll(stream, [3, 9, 17, 200, 201, 202, stream.length - 1])).toEqual(whole);
  });

  it('reads a keyframe from trun first-sample flags, per-sample flags, tfhd defaults, then trex', () => {
    const kinds = (init: Buffer, frag: Buffer) => readAll(Buffer.concat([init, frag]), []).map((s) => s.kind === 'fragment' && s.keyframe);
    for (const where of ['firstSampleFlags', 'sampleFlags', 'tfhd'] as const) {
      expect(kinds(initSegment(), fragment(where, KEY)), where).toEqual([false, true]);
      expect(kinds(initSegment(KEY), fragment(where, NON_KEY)), where).toEqual([false, false]);
    }
    expect(kinds(initSegment(KEY), fragment('trex', 0))).toEqual([false, true]);
    expect(kinds(initSegment(NON_KEY), fragment('trex', 0))).toEqual([false, false]);
  });

  it('decides sync samples by sample_depends_on and is_non_sync_sample', () => {
    expect(isSyncSampleFlags(0x02000000)).toBe(true); // depends on nothing
    expect(isSyncSampleFlags(0x00000000)).toBe(true); // unknown dependency, not marked non-sync
    expect(isSyncSampleFlags(0x00010000)).toBe(false); // non-sync
    expect(isSyncSampleFlags(0x01000000)).toBe(false); // depends on others
    expect(isSyncSampleFlags(0x01010000)).toBe(false);
  });

  it('frames 64-bit box sizes and refuses a corrupt header instead of buffering forever', () => {
    const large = Buffer.concat([u32(1), Buffer.from('free'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 20]), Buffer.from('abcd')]);
    const split = new BoxSplitter();
    expect(split.push(large.subarray(0, 10))).toEqual([]);
    expect(split.push(large.subarray(10))).toEqual([{ type: 'free', data: large }]);
    expect(() => new BoxSplitter().push(Buffer.concat([u32(4), Buffer.from('moof')]))).toThrow(/malformed/);
    expect(() => new BoxSplitter().push(Buffer.concat([u32(0xfffffff0), Buffer.from('mdat')]))).toThrow(/malformed/);
  });

  it('ignores what a live viewer cannot use (mfra written at exit)', () => {
    expect(readAll(Buffer.concat([stream, box('mfra', Buffer.alloc(16))]), [])).toEqual(whole);
  });
});

describe('the keyframe cache for viewers who join late', () => {
  const f = (name: string, keyframe: boolean) => ({ data: Buffer.from(name), keyframe });

  it('keeps the fragments since the last keyframe, and nothing before the first one', () => {
    const cache = new KeyframeCache(1000);
    cache.add(f('p0', false));
    expect(cache.fragments).toEqual([]);
    for (const x of [f('k1', true), f('p1', false), f('k2', true), f('p2', false), f('p3', false)]) cache.add(x);
    expect(cache.fragments.map(String)).toEqual(['k2', 'p2', 'p3']);
  });

  it('drops a GOP that outgrows its bound, and starts again at the next keyframe', () => {
    const cache = new KeyframeCache(5);
    cache.add(f('k1', true));
    cache.add(f('p1', false));
    cache.add(f('p2', false)); // 6 bytes > 5
    expect(cache.fragments).toEqual([]);
    cache.add(f('p3', false));
    expect(cache.fragments).toEqual([]);
    cache.add(f('k2', true));
    expect(cache.fragments.map(String)).toEqual(['k2']);
  });
});

describe('the MSE codec string', () => {
  it('is read from the avcC profile, compatibility and level bytes', () => {
    expect(mseCodecString(initSegment())).toBe('avc1.64001f');
    expect(mseCodecString(initSegment(NON_KEY, [1, 0x42, 0xc0, 0x1e]))).toBe('avc1.42c01e');
  });

  it('is null for a track that is not H.264 (e.g. H.265), or for no init segment at all', () => {
    const hevc = Buffer.from(initSegment().toString('latin1').replace('avc1', 'hvc1').replace('avcC', 'hvcC'), 'latin1');
    expect(mseCodecString(hevc)).toBeNull();
    expect(mseCodecString(Buffer.alloc(0))).toBeNull();
    expect(mseCodecString(fragment('tfhd', KEY))).toBeNull();
  });
});

describe('ffmpeg argv for live view', () => {
  const input = [
    '-hide_banner', '-nostdin', '-loglevel', 'warning',
    '-flags', 'low_delay', '-probesize', '32768', '-analyzeduration', '500000',
    '-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,rtsp,rtsps,rtp,srtp,tcp,udp,tls,crypto',
    '-i', '/run/live-1-sub.ffconcat', '-map', '0:v:0',
  ];
  const output = ['-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '200000', 'pipe:1'];

  it('copies H.264 into fragmented MP4 on stdout', () => {
    expect(liveArgv({ inputFile: '/run/live-1-sub.ffconcat', codec: 'h264', transcode: false })).toEqual([...input, '-c:v', 'copy', ...output]);
  });

  it('re-encodes H.265 to small H.264 with a keyframe every second, dropping frames before the first keyframe', () => {
    expect(liveArgv({ inputFile: '/run/live-1-sub.ffconcat', codec: 'hevc', transcode: true })).toEqual([
      ...input,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
      '-vf', "select='key+not(isnan(prev_selected_n))',scale=640:-2,format=yuv420p",
      '-force_key_frames', 'expr:gte(t,n_forced*1)',
      '-b:v', '800k', '-maxrate', '800k', '-bufsize', '800k',
      ...output,
    ]);
    expect(liveArgv({ inputFile: '/x', codec: 'hevc', transcode: true, transcodeWidth: 1280 })).toContain("select='key+not(isnan(prev_selected_n))',scale=1280:-2,format=yuv420p");
  });

  it('keeps the camera URL and password in the 0600 input file, never in argv', () => {
    const url = "rtsp://admin:p'ss@10.0.0.5/ch1";
    for (const transcode of [false, true]) {
      const argv = liveArgv({ inputFile: '/run/live-1-main.ffconcat', codec: 'h264', transcode }).join(' ');
      expect(argv).not.toContain('rtsp://');
      expect(argv).not.toContain('p\'ss');
    }
    expect(liveInputFile(url)).toBe(
      "ffconcat version 1.0\nfile 'rtsp://admin:p'\\''ss@10.0.0.5/ch1'\noption rtsp_transport tcp\noption timeout 5000000\n" +
        'option probesize 32768\noption analyzeduration 500000\n',
    );
  });
});
