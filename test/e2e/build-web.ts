import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SOURCES = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'src/contract', 'src/domain'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((e) => newest(join(path, e))));
}

/**
 * Vitest global setup: the browser tests run the built app, so build it when it is missing or
 * stale. In a child process with NODE_ENV=production: under vitest's NODE_ENV=test, Vite would
 * bundle React's development build.
 */
export default function buildWeb(): void {
  const index = resolve('web/dist/index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (builtAt >= Math.max(...SOURCES.map((s) => newest(resolve(s))))) return;
  execFileSync(process.execPath, [resolve('node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
