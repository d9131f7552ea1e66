import { type CameraRow, shownState } from '../api/cameras.js';

export const GRID_SIZES = [1, 4, 9, 16] as const;
export type GridSize = (typeof GRID_SIZES)[number];

/** Square grids: 1×1, 2×2, 3×3, 4×4. */
export const columnsOf = (size: GridSize): number => Math.round(Math.sqrt(size));

/** The smallest grid that shows every camera at once (16 at most: then pages). */
export const gridFor = (cameras: number): GridSize => GRID_SIZES.find((g) => g >= cameras) ?? 16;

export interface CameraGroup {
  /** `all`, `attention`, or `unit:<id>`. */
  key: string;
  kind: 'all' | 'unit' | 'attention';
  /** The unit's name for a unit group. */
  name: string | null;
  cameras: CameraRow[];
}

const needsAttention = (c: CameraRow) => {
  const h = shownState(c).health;
  return h === 'offline' || h === 'reconnecting';
};

/** All cameras, then one group per owner unit (R6: units own cameras), then those needing attention. */
export function cameraGroups(cameras: readonly CameraRow[]): CameraGroup[] {
  const units = new Map<number, CameraGroup>();
  for (const c of cameras) {
    const g = units.get(c.ownerUnit.id) ?? { key: `unit:${c.ownerUnit.id}`, kind: 'unit', name: c.ownerUnit.name, cameras: [] };
    g.cameras.push(c);
    units.set(c.ownerUnit.id, g);
  }
  const byName = [...units.values()].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'vi'));
  return [
    { key: 'all', kind: 'all', name: null, cameras: [...cameras] },
    ...byName,
    { key: 'attention', kind: 'attention', name: null, cameras: cameras.filter(needsAttention) },
  ];
}

/** One page of the wall: `page` counts from 0 and is brought back into range. */
export function pageOf<T>(items: readonly T[], size: GridSize, page: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(p * size, (p + 1) * size), page: p, pages };
}

const GRID_KEY = 'vigil.live.grid';
const GROUP_KEY = 'vigil.live.group';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

/** The grid chosen on this browser, or null (then the wall picks one that fits). */
export function storedGrid(): GridSize | null {
  const n = Number(read(GRID_KEY));
  return GRID_SIZES.find((g) => g === n) ?? null;
}

export const storeGrid = (size: GridSize) => write(GRID_KEY, String(size));
export const storedGroup = (): string => read(GROUP_KEY) ?? 'all';
export const storeGroup = (key: string) => write(GROUP_KEY, key);
