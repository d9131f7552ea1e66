import type { AreaType } from '../domain/camera-rules.js';
import type { Camsim } from '../../tools/camsim/camsim.js';
import type { Vigil } from './vigil.js';

const PLACES: Array<{ name: string; location: string; areaType: AreaType }> = [
  { name: 'Cổng chính', location: 'Cổng trường, phố Đoàn Khuê', areaType: 'gate' },
  { name: 'Sân trường', location: 'Sân giữa khu A và khu B', areaType: 'yard' },
  { name: 'Hành lang tầng 2', location: 'Khu A, tầng 2', areaType: 'corridor' },
  { name: 'Cầu thang khu B', location: 'Khu B, cầu thang chính', areaType: 'stairs' },
  { name: 'Nhà xe', location: 'Nhà xe giáo viên', areaType: 'parking' },
  { name: 'Thư viện', location: 'Khu C, tầng 1', areaType: 'library' },
  { name: 'Nhà ăn', location: 'Khu bán trú', areaType: 'canteen' },
  { name: 'Kho thiết bị', location: 'Khu C, tầng trệt', areaType: 'storeroom' },
];

/** The demo's cameras: one per simulated camera, in real school places (idempotent). */
export async function seedDemo(vigil: Vigil, camsim: Camsim, count: number): Promise<void> {
  const existing = new Set((await vigil.cameras.list()).map((c) => c.name));
  for (let n = 1; n <= count; n += 1) {
    const place = PLACES[(n - 1) % PLACES.length] ?? PLACES[0];
    if (!place) continue;
    const name = n <= PLACES.length ? place.name : `${place.name} ${n}`;
    if (existing.has(name)) continue;
    await vigil.cameras.create({
      name, location: place.location, areaType: place.areaType,
      mainUrl: camsim.url(n), subUrl: camsim.url(n, 'sub'),
      make: 'Vigil camsim', model: n === 2 ? 'H.265' : 'H.264', serial: `SIM-${String(n).padStart(4, '0')}`,
      signInPlace: true, enabled: true,
    });
  }
}
