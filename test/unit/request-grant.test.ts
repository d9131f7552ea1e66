import { describe, expect, it } from 'vitest';
import { clipArgv, filterValue, watermarkFilter } from '../../src/ffmpeg/clip.js';
import { allowedRange } from '../../src/domain/policy.js';
import { clipWatermark, requesterUsername, vietnamDate } from '../../src/domain/workflows/outsider-request.js';

describe('a clip given out under a grant (R4.2)', () => {
  it('names the request, the organisation and the day at the school', () => {
    // 2026-12-01 18:30 UTC is already 2 December in Hanoi.
    const at = Date.UTC(2026, 11, 1, 18, 30);
    expect(vietnamDate(at)).toBe('02/12/2026');
    expect(clipWatermark({ trackingCode: 'YC-7K3M-Q9TX', organisation: 'Công an phường Ngọc Lâm' }, at)).toBe('YC-7K3M-Q9TX · Công an phường Ngọc Lâm · 02/12/2026');
  });

  it('keeps the watermark on one line, however the organisation was typed', () => {
    const text = clipWatermark({ trackingCode: 'YC-2222-3333', organisation: 'Trường\nĐại học\u202e  Sư phạm ' + 'x'.repeat(80) }, 0);
    expect(text).not.toMatch(/[\n\r\u202e]/);
    expect(text.startsWith('YC-2222-3333 · Trường Đại học Sư phạm')).toBe(true);
    expect(text).toContain('… · 01/01/1970');
  });

  it('names the requester account after the tracking code', () => {
    expect(requesterUsername('YC-7K3M-Q9TX')).toBe('yc-7k3m-q9tx');
  });

  it('re-encodes with drawtext reading its text from a file; other clips stay stream-copied', () => {
    const w = { textFile: '/t/watermark.txt', fontFile: '/fonts/LiberationSans-Regular.ttf' };
    expect(clipArgv('/t/list', '/t/out.mp4', w)).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', '/t/list',
      '-map', '0:v:0', '-vf', `${watermarkFilter(w)},format=yuv420p`, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23',
      '-movflags', '+faststart', '-f', 'mp4', '-y', '/t/out.mp4',
    ]);
    expect(watermarkFilter(w)).toBe(
      'drawtext=fontfile=/fonts/LiberationSans-Regular.ttf:textfile=/t/watermark.txt:expansion=none:fontcolor=white:fontsize=h/22:box=1:boxcolor=black@0.6:boxborderw=12:x=24:y=h-text_h-36',
    );
    expect(clipArgv('/t/list', '/t/out.mp4')).toContain('copy');
  });

  it('escapes a path with a colon, a quote or a comma twice (option, then graph), so ffmpeg reads it as one value', () => {
    expect(filterValue("/d/a:b'c,d")).toBe("/d/a\\\\:b\\\\\\'c\\,d");
  });
});

describe('a grant holder playing back (R4.2)', () => {
  const camera = { id: 1, unitId: 1, guardsWatch: true };
  const grant = { id: 7, cameraIds: [1], fromMs: 1_000, toMs: 5_000, actions: ['footage.playback' as const], validUntilMs: 10_000, revokedAtMs: null };
  const requester = { userId: 9, roles: ['requester' as const], unitId: null, grants: [grant], workOrderCameraIds: [] };
  const principal = { userId: 1, roles: ['principal' as const], unitId: null, grants: [], workOrderCameraIds: [] };

  it("gets a window that starts inside the grant up to the grant's end, and nothing that starts outside it", () => {
    expect(allowedRange(requester, 'footage.playback', camera, { startMs: 2_000, endMs: 602_000 }, 0)).toEqual({ startMs: 2_000, endMs: 5_000 });
    expect(allowedRange(requester, 'footage.playback', camera, { startMs: 2_000, endMs: 3_000 }, 0)).toEqual({ startMs: 2_000, endMs: 3_000 });
    expect(allowedRange(requester, 'footage.playback', camera, { startMs: 500, endMs: 3_000 }, 0)).toBeNull();
    expect(allowedRange(requester, 'footage.playback', camera, { startMs: 5_000, endMs: 6_000 }, 0)).toBeNull();
    expect(allowedRange(requester, 'footage.playback', { ...camera, id: 2 }, { startMs: 2_000, endMs: 3_000 }, 0)).toBeNull();
    expect(allowedRange(requester, 'footage.clip', camera, { startMs: 2_000, endMs: 3_000 }, 0)).toBeNull();
    // Expired or revoked: nothing.
    expect(allowedRange(requester, 'footage.playback', camera, { startMs: 2_000, endMs: 3_000 }, 10_000)).toBeNull();
    expect(allowedRange({ ...requester, grants: [{ ...grant, revokedAtMs: 1 }] }, 'footage.playback', camera, { startMs: 2_000, endMs: 3_000 }, 0)).toBeNull();
  });

  it('leaves the range of someone allowed by role as asked', () => {
    expect(allowedRange(principal, 'footage.playback', camera, { startMs: 0, endMs: 600_000 }, 0)).toEqual({ startMs: 0, endMs: 600_000 });
  });
});
