/** Where a camera may be placed and who owns it. Pure rules, no I/O. */

// R2.1: cameras cover common areas only.
export const ALLOWED_AREA_TYPES = [
  'gate', 'yard', 'corridor', 'hall', 'stairs', 'storeroom', 'classroom', 'office',
  'canteen', 'library', 'parking', 'perimeter', 'other',
] as const;
// R2.1: never toilets, changing rooms or sleeping rooms.
export const BANNED_AREA_TYPES = ['toilet', 'changing_room', 'sleeping_room'] as const;
export const AREA_TYPES = [...ALLOWED_AREA_TYPES, ...BANNED_AREA_TYPES] as const;
export type AreaType = (typeof AREA_TYPES)[number];

export const AREA_TYPE_LABELS: Record<AreaType, { vi: string; en: string }> = {
  gate: { vi: 'Cổng trường', en: 'Gate' },
  yard: { vi: 'Sân trường', en: 'Yard' },
  corridor: { vi: 'Hành lang', en: 'Corridor' },
  hall: { vi: 'Hội trường / sảnh', en: 'Hall' },
  stairs: { vi: 'Cầu thang', en: 'Stairs' },
  storeroom: { vi: 'Kho', en: 'Storeroom' },
  classroom: { vi: 'Phòng học', en: 'Classroom' },
  office: { vi: 'Phòng làm việc', en: 'Office' },
  canteen: { vi: 'Nhà ăn', en: 'Canteen' },
  library: { vi: 'Thư viện', en: 'Library' },
  parking: { vi: 'Nhà xe', en: 'Parking' },
  perimeter: { vi: 'Tường rào', en: 'Perimeter' },
  other: { vi: 'Khu vực chung khác', en: 'Other common area' },
  toilet: { vi: 'Nhà vệ sinh', en: 'Toilet' },
  changing_room: { vi: 'Phòng thay đồ', en: 'Changing room' },
  sleeping_room: { vi: 'Phòng ngủ', en: 'Sleeping room' },
};

export function isBannedArea(area: AreaType): boolean {
  return (BANNED_AREA_TYPES as readonly string[]).includes(area);
}

/** R2.1: a camera in a banned area may exist in the registry (to be removed) but never record. */
export function mayEnable(area: AreaType): boolean {
  return !isBannedArea(area);
}

/** R6: a camera belongs to the unit whose area it is in; otherwise to the guards. */
export function owningUnit(requestedUnitId: number | null | undefined, guardsUnitId: number): number {
  return requestedUnitId ?? guardsUnitId;
}
