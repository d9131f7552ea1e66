import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Real ffmpeg and RTSP on 2 cores: one file at a time keeps timings honest.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Builds web/dist when it is missing or older than its sources.
          globalSetup: ['test/e2e/build-web.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // One Chromium at a time on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
