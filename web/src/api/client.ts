import i18n, { currentLang } from '../i18n/index.js';

export interface FieldError {
  field: string;
  message: string;
}

/** An error answered by the API: its stable code and its message, already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** The session's anti-forgery token, sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function errorOf(status: number, body: unknown): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; message?: unknown; details?: unknown };
  const details = Array.isArray(b.details) ? (b.details as unknown[]).filter((d): d is FieldError =>
    typeof d === 'object' && d !== null && typeof (d as FieldError).field === 'string' && typeof (d as FieldError).message === 'string') : [];
  return new ApiError(
    status,
    typeof b.code === 'string' ? b.code : `http_${status}`,
    typeof b.message === 'string' ? b.message : i18n.t('errors.unknown'),
    details,
  );
}

/**
 * One JSON request to the API, in the UI's language. Writes carry the CSRF token and always a
 * JSON body (`{}` when there is nothing to send: the server refuses an empty JSON body).
 */
export function api<T>(method: Method, path: string, body?: object): Promise<T> {
  return send<T>(method, path, method === 'GET' ? null : { type: 'application/json', data: JSON.stringify(body ?? {}) });
}

/** A file sent as the raw request body (no multipart), e.g. an evidence package to verify. */
export const upload = <T>(path: string, file: Blob, type: string): Promise<T> => send<T>('POST', path, { type, data: file });

async function send<T>(method: Method, path: string, body: { type: string; data: BodyInit } | null): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLang() };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body) {
    headers['Content-Type'] = body.type;
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    init.body = body.data;
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw errorOf(res.status, data);
  return data as T;
}

/** The message to show for any error: the server's own words when it answered, ours otherwise. */
export const messageOf = (err: unknown): string => (err instanceof ApiError ? err.message : i18n.t('errors.unknown'));
