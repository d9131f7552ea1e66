import { ApiError } from '../api/client.js';

/** The server's per-field messages of a 400 `invalid_input`, by field name. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  return Object.fromEntries(err.details.map((d) => [d.field, d.message]));
}
