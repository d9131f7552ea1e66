#!/usr/bin/env node
// The `vigil` command. Runs the compiled build (dist/, made by `npm run build`, which the setup
// script runs) when it is up to date with src/ and tools/; otherwise the TypeScript sources
// through tsx, so an edit is never run stale.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist/src/cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const fresh = existsSync(built) &&
  statSync(built).mtimeMs >= Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'tools')));
if (fresh) {
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
