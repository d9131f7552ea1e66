import { ApiError } from '../api/client.js';
import { fieldErrors } from '../lib/fields.js';

/**
 * The server's messages by form field: its zod `details`, plus refusals that come without a field
 * list (a rule of the service) put under the field named for their code.
 */
export function serverFieldErrors(err: unknown, fieldOfCode: Record<string, string> = {}): Record<string, string> {
  const found = fieldErrors(err);
  if (err instanceof ApiError) {
    const field = fieldOfCode[err.code];
    if (field) found[field] = err.message;
  }
  return found;
}
