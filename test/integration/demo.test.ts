import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, DEMO_ACCOUNTS, seedDemo, seedDemoWorkflows } from '../../src/server/demo.js';
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

  it('shows one example of each workflow in progress: an incident handed to the vice-principal, a parent’s request, a case with a draft biên bản, a complaint awaiting a consent (issue 6)', async () => {
    await seedDemoWorkflows(vigil);
    await seedDemoWorkflows(vigil); // idempotent
    const app = await buildApp(vigil);
    try {
      const vice = await login(app, 'phohieutruong', DEFAULT_DEMO_PASSWORD);
      const incidents = (await vice.get('/api/incidents?state=all')).json() as Array<{ id: number; state: string; assignee: { username: string } | null }>;
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({ state: 'in_progress', assignee: { username: 'phohieutruong' } });
      const detail = (await vice.get(`/api/incidents/${incidents[0]?.id}`)).json();
      expect(detail.holds).toHaveLength(1); // the gate's footage around it is held while it is open
      const guard = await login(app, 'baove', DEFAULT_DEMO_PASSWORD);
      expect(((await guard.get('/api/notifications')).json() as unknown[]).length).toBeGreaterThan(0); // told it was acknowledged
      const principal = await login(app, 'hieutruong', DEFAULT_DEMO_PASSWORD);
      const cases = (await principal.get('/api/cases')).json() as Array<{ id: number; state: string }>;
      expect(cases).toHaveLength(1);
      const c = (await principal.get(`/api/cases/${cases[0]?.id}`)).json();
      expect(c.people).toHaveLength(2);
      expect(c.documents).toEqual([expect.objectContaining({ state: 'draft', number: null })]);
      const requests = (await principal.get('/api/requests')).json() as Array<{ state: string }>;
      expect(requests.map((r) => r.state)).toEqual(['submitted']);
      // R3.3: a parent's request acknowledged, the pupil added, the child's own consent (8 years old) still missing.
      const complaints = (await principal.get('/api/complaints?state=all')).json() as Array<{ id: number; state: string }>;
      expect(complaints.map((k) => k.state)).toEqual(['acknowledged']);
      const k = (await principal.get(`/api/complaints/${complaints[0]?.id}`)).json();
      expect(k.people).toHaveLength(1);
      expect(k.consentStatus.missing).toEqual([{ personId: k.people[0].id, missing: 'child' }]);
      const pdf = await principal.get(`/api/cases/${c.id}/documents/${c.documents[0].id}/pdf`);
      expect(pdf.headers['content-type']).toBe('application/pdf');
    } finally {
      await app.close();
    }
  });
});
