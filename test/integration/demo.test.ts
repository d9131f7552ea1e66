import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, DEMO_ACCOUNTS, seedDemo } from '../../src/server/demo.js';
import { buildApp } from '../../src/server/http/app.js';
import { type Vigil, createVigil } from '../../src/server/vigil.js';
import { quietLog, tempDataDir, testConfig } from './helpers.js';
import { login } from './sessions.js';

// The demo school over real SQLite; the simulator is only asked for its URLs (nothing is recorded here).
let vigil: Vigil;
const camsimUrls = { url: (n: number, stream?: 'main' | 'sub') => `rtsp://127.0.0.1:1/cam${n}${stream === 'sub' ? '/sub' : ''}` };

beforeAll(async () => {
  vigil = await createVigil(testConfig(await tempDataDir(), { VIGIL_LOGIN_RATE_PER_MINUTE: '1000' }), { log: quietLog, record: false, twoFactorRequired: false });
  await seedDemo(vigil, camsimUrls, 4, DEFAULT_DEMO_PASSWORD);
  await seedDemo(vigil, camsimUrls, 4, DEFAULT_DEMO_PASSWORD); // idempotent
});
afterAll(async () => vigil?.stop());

describe('the demo school', () => {
  it('has one account per role with Vietnamese names, each signing in with the demo password', async () => {
    const app = await buildApp(vigil);
    try {
      expect((await vigil.users.list()).map((u) => u.username).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
      const roles = new Set(DEMO_ACCOUNTS.flatMap((a) => a.roles));
      expect(roles.size).toBe(10);
      for (const a of DEMO_ACCOUNTS) {
        const b = await login(app, a.username, DEFAULT_DEMO_PASSWORD);
        const me = (await b.get('/api/auth/me')).json();
        expect(me.stage).toBe('ok');
        expect(me.user.fullName).toBe(a.fullName);
        // Leadership and admin are let in without a second factor, and the screen is told so.
        expect(me.twoFactor.relaxedForDemo).toBe(['hieutruong', 'phohieutruong', 'quantri'].includes(a.username));
      }
    } finally {
      await app.close();
    }
  });

  it("scopes the cameras: the guard does not see grade 1's corridor, its unit head does, the vendor sees its work order's camera", async () => {
    const app = await buildApp(vigil);
    try {
      const names = async (u: string) => ((await (await login(app, u, DEFAULT_DEMO_PASSWORD)).get('/api/cameras')).json() as Array<{ name: string }>).map((c) => c.name);
      expect(await names('baove')).toEqual(['Cổng chính', 'Sân trường', 'Cầu thang khu B']);
      expect(await names('totruong')).toEqual(['Hành lang tầng 2']);
      expect(await names('nhacungcap')).toEqual(['Sân trường']);
      expect(await names('phuhuynh')).toEqual(['Cổng chính']);
      const teacher = await login(app, 'giaovien', DEFAULT_DEMO_PASSWORD);
      expect((await teacher.get('/api/cameras')).statusCode).toBe(403); // a teacher is recorded, not a viewer (R3)
      expect(await names('quantri')).toHaveLength(4);
    } finally {
      await app.close();
    }
  });
});
