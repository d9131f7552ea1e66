/** The parts of the shared contract (src/) the management screens use: pure rules and labels, never src/server. */
export type { CameraInput, CameraPatch } from '../../../src/contract/cameras.js';
export type { CameraHealthReport } from '../../../src/contract/health.js';
export { AREA_TYPES, AREA_TYPE_LABELS, type AreaType, isBannedArea } from '../../../src/domain/camera-rules.js';
export { REASON_LABELS, type ReasonCode } from '../../../src/domain/reasons.js';
export { ROLES } from '../../../src/domain/roles.js';
