import { describe, expect, it } from 'vitest';
import { clip, mergeSpans, subtract } from '../../src/domain/timeline.js';
import { isBannedArea, mayEnable, owningUnit } from '../../src/domain/camera-rules.js';
import { bufferReader, hasFragment } from '../../src/server/recorder/segment-file.js';

describe('timeline spans', () => {
  it('merges touching segments (within jitter) into one span and keeps real holes apart', () => {
    const spans = mergeSpans([
      { startMs: 20_000, endMs: 30_000 }, { startMs: 0, endMs: 10_000 }, { startMs: 10_040, endMs: 20_000 }, { startMs: 45_000, endMs: 55_000 },
    ]);
    expect(spans).toEqual([{ startMs: 0, endMs: 30_000 }, { startMs: 45_000, endMs: 55_000 }]);
  });

  it('clips a span to the window asked for, and drops one outside it', () => {
    expect(clip({ startMs: 0, endMs: 100 }, { startMs: 50, endMs: 200 })).toEqual({ startMs: 50, endMs: 100 });
    expect(clip({ startMs: 0, endMs: 100 }, { startMs: 100, endMs: 200 })).toBeNull();
  });

  it('takes deleted segments out of a span', () => {
    expect(subtract({ startMs: 0, endMs: 100 }, [{ startMs: 0, endMs: 10 }, { startMs: 50, endMs: 60 }])).toEqual([
      { startMs: 10, endMs: 50 }, { startMs: 60, endMs: 100 },
    ]);
    expect(subtract({ startMs: 0, endMs: 100 }, [{ startMs: 0, endMs: 100 }])).toEqual([]);
  });
});

describe('camera placement (R2.1) and ownership (R6)', () => {
  it('bans toilets, changing rooms and sleeping rooms', () => {
    expect(['toilet', 'changing_room', 'sleeping_room'].every((a) => isBannedArea(a as 'toilet'))).toBe(true);
    expect(mayEnable('toilet')).toBe(false);
    expect(mayEnable('gate')).toBe(true);
  });

  it('gives a camera outside any unit to the guards', () => {
    expect(owningUnit(undefined, 1)).toBe(1);
    expect(owningUnit(null, 1)).toBe(1);
    expect(owningUnit(7, 1)).toBe(7);
  });
});

describe('segment files', () => {
  const box = (type: string, body = 0) => {
    const b = Buffer.alloc(8 + body);
    b.writeUInt32BE(8 + body, 0);
    b.write(type, 4, 'latin1');
    return b;
  };
  const check = (buf: Buffer) => hasFragment(bufferReader(buf), buf.length);
  it('treats a file with only ftyp+moov (killed at open) as empty', async () => {
    expect(await check(Buffer.concat([box('ftyp', 16), box('moov', 800)]))).toBe(false);
    expect(await check(Buffer.concat([box('ftyp', 16), box('moov', 800), box('moof', 100), box('mdat', 1000)]))).toBe(true);
  });

  it('stops on a damaged box size instead of looping', async () => {
    const bad = Buffer.concat([box('ftyp', 16), Buffer.from([0, 0, 0, 3, 0x6d, 0x6f, 0x6f, 0x76])]);
    expect(await check(bad)).toBe(false);
  });
});
