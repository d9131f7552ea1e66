import { z } from 'zod';
import { AREA_TYPES, isBannedArea } from '../domain/camera-rules.js';

const StreamUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => /^rtsps?:\/\/[^\s/]+/i.test(s) && URL.canParse(s), { message: 'camera.url' });

const Text = (max: number) => z.string().trim().min(1).max(max);
const OptionalText = (max: number) => z.string().trim().max(max).nullish();

const CameraFields = z.object({
  name: Text(80),
  location: Text(160),
  areaType: z.enum(AREA_TYPES),
  ownerUnitId: z.number().int().positive().nullish(),
  mainUrl: StreamUrl,
  subUrl: StreamUrl.nullish(),
  username: z.string().max(200).nullish(),
  password: z.string().max(200).nullish(),
  make: OptionalText(80),
  model: OptionalText(80),
  serial: OptionalText(80),
  signInPlace: z.boolean().default(false),
  signCheckedAt: z.number().int().min(0).nullish(),
  enabled: z.boolean().default(true),
});

/** R2.1: a camera whose area type is banned cannot be enabled. */
const bannedAreaRule = (c: { areaType?: string; enabled?: boolean }) =>
  !(c.enabled && c.areaType && isBannedArea(c.areaType as (typeof AREA_TYPES)[number]));

export const CameraInput = CameraFields.strict().refine(bannedAreaRule, {
  message: 'camera.bannedArea',
  path: ['enabled'],
});
export type CameraInput = z.infer<typeof CameraInput>;

export const CameraPatch = CameraFields.partial()
  .extend({ signInPlace: z.boolean().optional(), enabled: z.boolean().optional() })
  .strict();
export type CameraPatch = z.infer<typeof CameraPatch>;

export interface CameraView {
  id: number;
  name: string;
  location: string;
  areaType: string;
  areaLabel: { vi: string; en: string };
  ownerUnit: { id: number; name: string };
  mainUrl: string;
  subUrl: string | null;
  /** Masked: the password never leaves the server. */
  credentials: { username: string; password: string } | null;
  make: string | null;
  model: string | null;
  serial: string | null;
  signInPlace: boolean;
  signCheckedAt: number | null;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}
