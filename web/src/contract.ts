/** What the web app shares with the server: the API's zod schemas and the pure domain rules (never src/server). */
export { ChangePasswordInput, LoginInput, SecondFactorInput, TotpConfirmInput } from '../../src/contract/auth.js';
export type { CameraView } from '../../src/contract/cameras.js';
export { checkPassword } from '../../src/domain/password-policy.js';
export type { Action } from '../../src/domain/policy.js';
export { ROLE_LABELS, type Role } from '../../src/domain/roles.js';
export { type CameraHealth, shownHealth } from '../../src/domain/supervisor-state.js';
