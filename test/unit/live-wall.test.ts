import { describe, expect, it, vi } from 'vitest';
import type { CameraRow, RecordingState } from '../../web/src/api/cameras.js';
import { IDLE, type PlayerSnapshot } from '../../web/src/live/live-player.js';
import { isH265, tileView } from '../../web/src/live/tile-state.js';
import { cameraGroups, columnsOf, gridFor, pageOf } from '../../web/src/live/wall-layout.js';

// The camera list's module talks to the server through the browser's fetch and i18n: not needed here.
vi.mock('../../web/src/api/client.js', () => ({ api: vi.fn() }));

const T0 = Date.UTC(2026, 10, 25, 1, 15); // 08:15 in Hanoi
const recorder = (health: RecordingState['health'], extra: Partial<RecordingState> = {}): RecordingState => ({
  health, sinceMs: T0, downSinceMs: health === 'recording' ? null : T0, lastSegmentAtMs: null, lastError: null, ...extra,
});

function camera(id: number, extra: Partial<CameraRow> = {}): CameraRow {
  return {
    id, name: `Camera ${id}`, location: 'Khu A', areaType: 'gate', areaLabel: { vi: 'Cổng', en: 'Gate' }, ownerUnit: { id: 1, name: 'Nhà trường' },
    mainUrl: 'rtsp://cam/main', subUrl: 'rtsp://cam/sub', credentials: null, make: 'Vigil camsim', model: 'H.264', serial: null,
    signInPlace: true, signCheckedAt: null, enabled: true, createdAt: T0, updatedAt: T0, state: recorder('recording'), ...extra,
  };
}

const lost = { code: 'camera.notFound', vi: 'Camera không có luồng ở đường dẫn này.', en: 'The camera has no stream at this path.' };
const snap = (s: Partial<PlayerSnapshot>): PlayerSnapshot => ({ ...IDLE, ...s });

describe('a live tile never shows a black picture without saying why', () => {
  it('is live only while frames advance, and says whether the recorder records', () => {
    expect(tileView(camera(1), snap({ phase: 'playing' }), 'vi')).toEqual({ state: 'live', sinceMs: null, reason: null, recording: true });
    expect(tileView(camera(1, { state: recorder('offline') }), snap({ phase: 'playing' }), 'vi').recording).toBe(false);
    expect(tileView(camera(1), snap({ phase: 'stalled' }), 'vi').state).toBe('stalled');
  });

  it("says offline since the recorder lost the camera, with the server's reason in the user's language", () => {
    const down = camera(4, { state: recorder('offline', { downSinceMs: T0 - 3_600_000 }) });
    const server = { state: 'offline' as const, sinceMs: T0, reason: lost };
    expect(tileView(down, snap({ phase: 'connecting', server }), 'vi')).toEqual({ state: 'offline', sinceMs: T0 - 3_600_000, reason: lost.vi, recording: false });
    expect(tileView(down, snap({ phase: 'connecting', server }), 'en').reason).toBe(lost.en);
    // The feed still retrying a camera the recorder has lost: offline all the same.
    expect(tileView(down, snap({ phase: 'connecting', server: { ...server, state: 'reconnecting' } }), 'vi').state).toBe('offline');
    // The live feed lost a camera the recorder still records: since the feed's own time.
    expect(tileView(camera(1), snap({ phase: 'connecting', server: { ...server, state: 'reconnecting' } }), 'vi')).toMatchObject({ state: 'reconnecting', sinceMs: T0 });
  });

  it("uses the recorder's word before the live feed has spoken", () => {
    const down = camera(4, { state: recorder('offline', { lastError: lost }) });
    expect(tileView(down, snap({ phase: 'connecting' }), 'vi')).toMatchObject({ state: 'offline', sinceMs: T0, reason: lost.vi });
    expect(tileView(camera(1), snap({ phase: 'connecting' }), 'vi').state).toBe('connecting');
  });

  it('tells a disabled camera, a refusal and a browser that cannot play apart', () => {
    expect(tileView(camera(1, { enabled: false }), IDLE, 'vi').state).toBe('disabled');
    expect(tileView(camera(1), snap({ phase: 'refused', refusal: 'Bạn không có quyền.' }), 'vi')).toMatchObject({ state: 'refused', reason: 'Bạn không có quyền.' });
    expect(tileView(camera(1), snap({ phase: 'unsupported' }), 'vi').state).toBe('unsupported');
  });

  it('knows an H.265 camera from its model (the server transcodes it)', () => {
    expect(isH265({ make: 'Vigil camsim', model: 'H.265' })).toBe(true);
    expect(isH265({ make: 'Hikvision', model: 'DS-2CD1043G2 HEVC' })).toBe(true);
    expect(isH265({ make: 'Dahua', model: 'IPC-HFW1230S H.264' })).toBe(false);
    expect(isH265({ make: null, model: null })).toBe(false);
  });
});

describe('the wall: grids, groups and pages', () => {
  it('picks the smallest grid that shows every camera, and pages beyond 16', () => {
    expect([1, 3, 4, 5, 9, 10, 16, 40].map(gridFor)).toEqual([1, 4, 4, 9, 9, 16, 16, 16]);
    expect([1, 4, 9, 16].map((g) => columnsOf(g as 1 | 4 | 9 | 16))).toEqual([1, 2, 3, 4]);
    const ids = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(pageOf(ids, 4, 2)).toEqual({ items: [9, 10], page: 2, pages: 3 });
    expect(pageOf(ids, 4, 7).page).toBe(2);
    expect(pageOf([], 9, 0)).toEqual({ items: [], page: 0, pages: 1 });
  });

  it('groups cameras by owner unit (R6), with all of them first and those needing attention last', () => {
    const khoi1 = { id: 2, name: 'Tổ khối 1' };
    const cams = [camera(1), camera(2), camera(3, { ownerUnit: khoi1 }), camera(4, { state: recorder('offline') })];
    const groups = cameraGroups(cams);
    expect(groups.map((g) => [g.key, g.name, g.cameras.map((c) => c.id)])).toEqual([
      ['all', null, [1, 2, 3, 4]],
      ['unit:1', 'Nhà trường', [1, 2, 4]],
      ['unit:2', 'Tổ khối 1', [3]],
      ['attention', null, [4]],
    ]);
  });
});
