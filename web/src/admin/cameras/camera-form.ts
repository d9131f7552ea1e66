import type { CameraRow } from '../../api/cameras.js';
import { type AreaType, type CameraInput, isBannedArea } from '../contract.js';
import { vietnamDay, vietnamDayStart } from '../format.js';

/** The camera form as typed: text everywhere, the secret fields empty unless being changed. */
export interface CameraFormValues {
  name: string;
  location: string;
  areaType: AreaType;
  ownerUnitId: string;
  mainUrl: string;
  subUrl: string;
  username: string;
  password: string;
  make: string;
  model: string;
  serial: string;
  signInPlace: boolean;
  /** yyyy-MM-dd, a day in Vietnam, or empty. */
  signCheckedAt: string;
  enabled: boolean;
}

/** A stored password is never shown: the form starts with empty credentials, whatever is stored. */
export function valuesOf(camera: CameraRow | null, guardsUnitId: number | null): CameraFormValues {
  return {
    name: camera?.name ?? '', location: camera?.location ?? '', areaType: (camera?.areaType as AreaType | undefined) ?? 'gate',
    ownerUnitId: String(camera?.ownerUnit.id ?? guardsUnitId ?? ''), mainUrl: camera?.mainUrl ?? '', subUrl: camera?.subUrl ?? '',
    username: '', password: '', make: camera?.make ?? '', model: camera?.model ?? '', serial: camera?.serial ?? '',
    signInPlace: camera?.signInPlace ?? false, signCheckedAt: camera?.signCheckedAt ? vietnamDay(camera.signCheckedAt) : '',
    enabled: camera?.enabled ?? true,
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** What to send: credentials only when typed ("để trống nếu không đổi"); never enabled in a banned area (R2.1). */
export function payloadOf(v: CameraFormValues): CameraInput {
  return {
    name: v.name, location: v.location, areaType: v.areaType, ownerUnitId: v.ownerUnitId ? Number(v.ownerUnitId) : null,
    mainUrl: v.mainUrl, subUrl: orNull(v.subUrl),
    ...(v.username.trim() ? { username: v.username.trim() } : {}),
    ...(v.password ? { password: v.password } : {}),
    make: orNull(v.make), model: orNull(v.model), serial: orNull(v.serial),
    signInPlace: v.signInPlace, signCheckedAt: v.signCheckedAt ? vietnamDayStart(v.signCheckedAt) : null,
    enabled: v.enabled && !isBannedArea(v.areaType),
  };
}

/** Refusals the camera service gives without a field list, and the field they are about. */
export const FIELD_OF_CODE: Record<string, keyof CameraFormValues> = {
  'camera.bannedArea': 'enabled',
  'camera.duplicateName': 'name',
  'camera.unknownUnit': 'ownerUnitId',
};
