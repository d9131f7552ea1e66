import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { prepareClips } from '../../tools/camsim/camsim.js';
import { testClipsLoopingEvery } from './helpers.js';

/**
 * Vitest global setup: encode the simulator's clips once, before any worker starts. Test files
 * running in parallel would otherwise each encode them at the same time on a clean machine.
 * `npm test` starts that encoding in the background during its setup (scripts/setup.sh): wait for
 * it first (its lock), then there is nothing left to do.
 */
export default async function prepareTestClips(): Promise<void> {
  mkdirSync(resolve('.cache/camsim'), { recursive: true });
  execFileSync('flock', [resolve('.cache/camsim/encode.lock'), 'true']);
  await prepareClips(resolve('.cache/camsim'), 60, (msg) => console.log(msg));
  await testClipsLoopingEvery(20);
}
