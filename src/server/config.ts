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
  VIGIL_HOST: z.string().min(1).default('0.0.0.0'),
  VIGIL_TLS_CERT: z.string().min(1).optional(),
  VIGIL_TLS_KEY: z.string().min(1).optional(),
  VIGIL_TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  VIGIL_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  VIGIL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** R7.1: notices by email too, when set: smtp://user:password@host:587 or smtps://…:465. */
  VIGIL_SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, 'smtp://user:password@host:587 or smtps://user:password@host:465').optional(),
  VIGIL_SMTP_FROM: z.string().min(3).default('Vigil <vigil@localhost>'),
});

export interface Config {
  dataDir: string;
  databaseFile: string;
  recordingsDir: string;
  keysDir: string;
  runDir: string;
  tmpDir: string;
  /** Incident snapshots, evidence clips and biên bản, export packages (ARCHITECTURE: storage layout). */
  incidentsDir: string;
  evidenceDir: string;
  exportsDir: string;
  /** Outgoing mail for notices; null: in the app only. */
  smtp: { url: string; from: string } | null;
  /** All interfaces by default (`vigil serve`); the demo keeps to loopback unless VIGIL_HOST says otherwise. */
  host: string;
  hostFromEnv: boolean;
  port: number;
  /** HTTPS when both files are given; cookies are then Secure. */
  tls: { certFile: string; keyFile: string } | null;
  /** Behind a reverse proxy: take the client's address and protocol from X-Forwarded-*. */
  trustProxy: boolean;
  /** Sign-in attempts per minute per IP address. */
  loginRatePerMinute: number;
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
  if (Boolean(e.VIGIL_TLS_CERT) !== Boolean(e.VIGIL_TLS_KEY)) {
    throw new ConfigError('Cấu hình không hợp lệ / invalid configuration:\n  VIGIL_TLS_CERT và VIGIL_TLS_KEY phải đi cùng nhau / give both VIGIL_TLS_CERT and VIGIL_TLS_KEY');
  }
  const dataDir = resolve(e.VIGIL_DATA_DIR);
  return {
    dataDir,
    databaseFile: resolve(dataDir, 'vigil.sqlite'),
    recordingsDir: resolve(dataDir, 'recordings'),
    keysDir: resolve(dataDir, 'keys'),
    runDir: resolve(dataDir, 'run'),
    tmpDir: resolve(dataDir, 'tmp'),
    incidentsDir: resolve(dataDir, 'incidents'),
    evidenceDir: resolve(dataDir, 'evidence'),
    exportsDir: resolve(dataDir, 'exports'),
    smtp: e.VIGIL_SMTP_URL ? { url: e.VIGIL_SMTP_URL, from: e.VIGIL_SMTP_FROM } : null,
    host: e.VIGIL_HOST,
    hostFromEnv: env.VIGIL_HOST !== undefined,
    port: e.VIGIL_PORT,
    tls: e.VIGIL_TLS_CERT && e.VIGIL_TLS_KEY ? { certFile: resolve(e.VIGIL_TLS_CERT), keyFile: resolve(e.VIGIL_TLS_KEY) } : null,
    trustProxy: e.VIGIL_TRUST_PROXY,
    loginRatePerMinute: e.VIGIL_LOGIN_RATE_PER_MINUTE,
    demoCameras: e.VIGIL_DEMO_CAMERAS,
    camsimPort: e.VIGIL_CAMSIM_PORT,
    segmentSeconds: e.VIGIL_SEGMENT_SECONDS,
    watchdogSeconds: e.VIGIL_WATCHDOG_SECONDS,
    sweepSeconds: e.VIGIL_SWEEP_SECONDS,
    logLevel: e.VIGIL_LOG_LEVEL,
  };
}
