/** Never let a camera's user:password reach a log line, an error message or a response. */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^/\s@]+)@/gi, '$1***@');
}

/** Split credentials out of a URL someone typed: the URL is stored bare, the secret encrypted. */
export function splitCredentials(url: string): { url: string; username?: string; password?: string } {
  const parsed = new URL(url);
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return {
    url: parsed.toString(),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  };
}

export function withCredentials(url: string, username?: string, password?: string): string {
  if (!username) return url;
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(username);
  if (password) parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
