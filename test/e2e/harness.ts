import { readFileSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../../src/server/demo.js';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { freePort, quietLog, tempDataDir, testClips, testConfig, waitFor } from '../integration/helpers.js';
import { type Camsim, startCamsim } from '../../tools/camsim/camsim.js';

export const DEMO_PASSWORD = DEFAULT_DEMO_PASSWORD;

/** Debian's Chromium, never a downloaded browser; without the networking flags it tries to reach the internet. */
function launchOwnChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

let sharedChromium: Promise<Browser> | undefined;

/**
 * Chromium for a test file. The e2e files run one after another in one process (vitest.config.ts:
 * isolate false), so they share ONE browser: each file gets its own handle, whose contexts (cookies,
 * storage) are its own, and whose close() closes only those contexts. The browser itself closes
 * when the process ends.
 */
export async function launchChromium(): Promise<Browser> {
  let browser = sharedChromium ? await sharedChromium.catch(() => undefined) : undefined;
  if (!browser?.isConnected()) {
    sharedChromium = launchOwnChromium();
    browser = await sharedChromium;
  }
  return fileHandle(browser);
}

function fileHandle(browser: Browser): Browser {
  const mine = new Set<BrowserContext>();
  const track = (context: BrowserContext) => {
    mine.add(context);
    context.once('close', () => mine.delete(context));
    return context;
  };
  return new Proxy(browser, {
    get(target, prop) {
      if (prop === 'newContext') return async (...args: Parameters<Browser['newContext']>) => track(await target.newContext(...args));
      if (prop === 'newPage') {
        return async (...args: Parameters<Browser['newPage']>) => {
          const page = await target.newPage(...args);
          track(page.context());
          return page;
        };
      }
      if (prop === 'contexts') return () => target.contexts().filter((c) => mine.has(c));
      if (prop === 'close') return async () => void (await Promise.all([...mine].map((c) => c.close().catch(() => undefined))));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export interface RunningVigil {
  vigil: Vigil;
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** The demo school over real SQLite and HTTP, nothing recorded; cameras point at a closed port, so all show offline. */
export async function startVigil(twoFactorRequired: boolean): Promise<RunningVigil> {
  const vigil = await createVigil(testConfig(await tempDataDir(), { VIGIL_LOGIN_RATE_PER_MINUTE: '1000' }), { log: quietLog, record: false, twoFactorRequired });
  await seedDemo(vigil, { url: (n, s) => `rtsp://127.0.0.1:1/cam${n}${s === 'sub' ? '/sub' : ''}` }, 4, DEMO_PASSWORD);
  const app = await buildApp(vigil);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  return {
    vigil, app, url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await vigil.stop();
    },
  };
}

type RecordingSchool = RunningVigil & { camsim: Camsim };

/** Every recording school this process started and has not closed yet (closed when it ends). */
const openSchools = new Set<RecordingSchool>();
/** Per configuration, the school started for the next test file that asks for one. */
const spares = new Map<string, Promise<RecordingSchool>>();

/**
 * The test files that ask for a recording school and have not had theirs yet. Once the last one
 * has, no spare is started: it would only take CPU from the files still running. (Running a few
 * files only, a spare may still go unused, as before.)
 */
let recordingFilesLeft: number | undefined;
function recordingFiles(): number {
  const dir = resolve('test/e2e');
  return readdirSync(dir).filter((f) => f.endsWith('.test.ts') && readFileSync(join(dir, f), 'utf8').includes('startRecordingVigil(')).length;
}

async function bootRecordingSchool(twoFactorRequired: boolean, segmentSeconds: number): Promise<RecordingSchool> {
  const camsim = await startCamsim({ clipsDir: await testClips(), port: await freePort(), cameras: 3 });
  const vigil = await createVigil(testConfig(await tempDataDir(), { VIGIL_LOGIN_RATE_PER_MINUTE: '1000', VIGIL_SEGMENT_SECONDS: String(segmentSeconds) }), { log: quietLog, twoFactorRequired });
  await seedDemo(vigil, camsim, 4, DEMO_PASSWORD);
  await vigil.start();
  const app = await buildApp(vigil);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  const school: RecordingSchool = {
    vigil, app, camsim, url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      openSchools.delete(school);
      await app.close();
      await vigil.stop();
      await camsim.stop();
    },
  };
  openSchools.add(school);
  closeSchoolsAtExit();
  return school;
}

/**
 * The demo school with real simulated cameras, recording: cameras 1–3 stream from the simulator
 * (camera 2 in H.265), camera 4 points at a mount the simulator does not have, so it is offline.
 * Waits until every streaming camera has `minSegments` recorded segments of `segmentSeconds`
 * (shorter segments: a test that needs little footage starts sooner).
 *
 * Each call gets a school of its own (its own simulator, database and server, fresh from the demo
 * seed), but not necessarily one started just now: the e2e files run one after another in one
 * process, and when a file takes its school, the next school of the same configuration starts
 * recording in the background (while files are left that want one), so the next file does not
 * wait for its footage.
 */
export async function startRecordingVigil(twoFactorRequired = false, minSegments = 2, segmentSeconds = 10): Promise<RecordingSchool> {
  const key = `${twoFactorRequired}/${segmentSeconds}`;
  const spare = spares.get(key);
  spares.delete(key);
  const school = (spare ? await spare.catch(() => undefined) : undefined) ?? await bootRecordingSchool(twoFactorRequired, segmentSeconds);
  recordingFilesLeft = (recordingFilesLeft ?? recordingFiles()) - 1;
  if (recordingFilesLeft > 0) {
    const next = bootRecordingSchool(twoFactorRequired, segmentSeconds);
    next.catch(() => undefined); // a spare that failed to start is replaced by a fresh start when asked for
    spares.set(key, next);
  }
  const { vigil } = school;
  await waitFor(`${minSegments} segments per streaming camera`, async () => {
    for (const id of [1, 2, 3]) {
      const n = await vigil.db.selectFrom('segments').select((eb) => eb.fn.countAll<number>().as('n')).where('camera_id', '=', id).executeTakeFirstOrThrow();
      if (Number(n.n) < minSegments) return false;
    }
    return true;
  }, 30_000 + minSegments * 15_000);
  return school;
}

let closingAtExit = false;

/**
 * Vitest ends its worker with SIGTERM: stop the schools still open (the spare ones) — their
 * recorders, servers and simulators — and the shared Chromium, then exit.
 */
function closeSchoolsAtExit(): void {
  if (closingAtExit) return;
  closingAtExit = true;
  const stopAll = async () => {
    // The simulators first, at once: vitest may not wait for the graceful close below.
    for (const s of openSchools) void s.camsim.stop();
    const timeout = new Promise((r) => setTimeout(r, 10_000).unref());
    await Promise.race([timeout, Promise.all([...openSchools].map((s) => s.close().catch(() => undefined)))]);
    for (const s of openSchools) void s.camsim.stop(); // signals at once, even when a close hung
    const browser = sharedChromium ? await sharedChromium.catch(() => undefined) : undefined;
    await Promise.race([timeout, browser?.close().catch(() => undefined)]);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stopAll().finally(() => process.exit(0));
    });
  }
  process.once('exit', () => {
    for (const s of openSchools) void s.camsim.stop();
  });
}

/** One server and one Chromium for a test file, started before its tests and stopped after. */
export function serverAndBrowser(twoFactorRequired: boolean): { server: () => RunningVigil; browser: () => Browser } {
  let server: RunningVigil | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startVigil(twoFactorRequired);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(x: T | undefined): T => {
    if (!x) throw new Error('not started');
    return x;
  };
  return { server: () => started(server), browser: () => started(browser) };
}

/** A fresh browser profile in Ho Chi Minh City's opposite time zone: the app must show Vietnam's time anyway. */
export function newContext(browser: Browser, size = { width: 1280, height: 800 }): Promise<BrowserContext> {
  return browser.newContext({ viewport: size, locale: 'vi-VN', timezoneId: 'America/New_York', acceptDownloads: true });
}

/** Where the tests open the app: the cameras' address, as from a bookmark (the sign-in comes first). */
export const ENTRY = '/cameras';

/** Sign in through the form, as a person would. */
export async function fillLogin(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ }).click();
}

/** The overview, through the menu (desktop width). */
export async function goHome(page: Page): Promise<void> {
  await page.locator('[data-nav="home"]').click();
  await page.getByTestId('account-card').waitFor();
}

/**
 * Whether this run takes the README's screenshots (`npm run screenshots`). Only then are they
 * taken, and the page tidied for them (toasts closed, videos playing, the menu slid in): in a
 * plain test run they would cost time and check nothing.
 */
export const SCREENSHOTS = process.env.VIGIL_SCREENSHOTS === '1';

/** Screenshots of the main screens, into docs/screenshots, with `npm run screenshots` only (for the README). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!SCREENSHOTS) return;
  const dir = resolve('docs/screenshots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage });
}

/** Visible text that looks like an i18n key (`nav.home`, `auth.login.title`): a translation is missing. */
export async function untranslatedKeys(page: Page, prefixes: readonly string[]): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return text.match(new RegExp(`\\b(?:${prefixes.join('|')})\\.[a-zA-Z][\\w.]*`, 'g')) ?? [];
}
