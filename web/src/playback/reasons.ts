/** R3.1: the reasons for looking at footage, shared with the server (src/domain/reasons.ts). */
export { MIN_OTHER_REASON_TEXT, MIN_REASON_TEXT, REASONS, REASON_LABELS, type ReasonCode, reasonProblem } from '../../../src/domain/reasons.js';
