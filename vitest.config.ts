import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Encodes the simulator's clips once, before the workers start.
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Two files at a time: most of their time is spent waiting for real-time footage, not
          // computing, so two share 2 cores well. Each file has its own simulator, data folder
          // and ports, and looks only at its own processes.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Builds web/dist when it is missing or older than its sources; encodes the clips once.
          globalSetup: ['test/e2e/build-web.ts', 'test/integration/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // One Chromium at a time on 2 cores: the files run one after another in ONE process
          // (not isolated), so test/e2e/harness.ts can keep one Chromium for all of them (a fresh
          // context per file) and have the next file's recording school already recording.
          fileParallelism: false,
          isolate: false,
        },
      },
    ],
  },
});
