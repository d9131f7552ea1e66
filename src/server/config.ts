import { resolve } from 'node:path';
import { z } from 'zod';

/** All configuration comes from the environment, validated once into one typed object. */
const Env = z.object({
  VIGIL_DATA_DIR: z.string().min(1).default('./data'),
  VIGIL_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  VIGIL_DEMO_CAMERAS: z.coerce.number().int().min(1).max(64).default(4),
  VIGIL_CAMSIM_PORT: z.coerce.number().int().min(1).max(65535).default(8554),
  VIGIL_SEGMENT_SECONDS: z.coerce.number().int().min(2).max(60).default(10),
  VIGIL_WATCHDOG_SECONDS: z.coerce.number().int().min(5).max(600).default(20),
  VIGIL_SWEEP_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  VIGIL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  dataDir: string;
  databaseFile: string;
  recordingsDir: string;
  keysDir: string;
  runDir: string;
  tmpDir: string;
  /** Until accounts land (next issue) the server listens on loopback only. */
  host: '127.0.0.1';
  port: number;
  demoCameras: number;
  camsimPort: number;
  segmentSeconds: number;
  watchdogSeconds: number;
  sweepSeconds: number;
  logLevel: z.infer<typeof Env>['VIGIL_LOG_LEVEL'];
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.VIGIL_DATA_DIR);
  return {
    dataDir,
    databaseFile: resolve(dataDir, 'vigil.sqlite'),
    recordingsDir: resolve(dataDir, 'recordings'),
    keysDir: resolve(dataDir, 'keys'),
    runDir: resolve(dataDir, 'run'),
    tmpDir: resolve(dataDir, 'tmp'),
    host: '127.0.0.1',
    port: e.VIGIL_PORT,
    demoCameras: e.VIGIL_DEMO_CAMERAS,
    camsimPort: e.VIGIL_CAMSIM_PORT,
    segmentSeconds: e.VIGIL_SEGMENT_SECONDS,
    watchdogSeconds: e.VIGIL_WATCHDOG_SECONDS,
    sweepSeconds: e.VIGIL_SWEEP_SECONDS,
    logLevel: e.VIGIL_LOG_LEVEL,
  };
}
