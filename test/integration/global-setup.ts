import { prepareClips } from '../../tools/camsim/camsim.js';
import { testClipsLoopingEvery } from './helpers.js';
import { resolve } from 'node:path';

/**
 * Vitest global setup: encode the simulator's clips once, before any worker starts. Test files
 * running in parallel would otherwise each encode them at the same time on a clean machine.
 */
export default async function prepareTestClips(): Promise<void> {
  await prepareClips(resolve('.cache/camsim'), 60, (msg) => console.log(msg));
  await testClipsLoopingEvery(20);
}
