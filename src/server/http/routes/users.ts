import type { FastifyPluginAsync } from 'fastify';
import { RolesInput, UnitInput, UnitPatch, UserInput, UsernameParam } from '../../../contract/auth.js';
import { IdParam } from '../../../contract/common.js';
import { ROLE_LABELS } from '../../../domain/roles.js';
import { WHAT, notFound } from '../../errors.js';
import type { UserRecord } from '../../repositories/users.js';
import type { Vigil } from '../../vigil.js';
import { actorOf } from '../auth.js';
import { parse } from '../validate.js';

/** An account as the web app shows it: never a hash, a secret or a recovery code. */
const userView = (u: UserRecord) => ({
  username: u.username, fullName: u.fullName, unitId: u.unitId,
  roles: u.roles.map((r) => ({ role: r, label: ROLE_LABELS[r] })),
  twoFactor: u.totpEnabledAt !== null, mustChangePassword: u.mustChangePassword, disabledAt: u.disabledAt, createdAt: u.createdAt,
});

/** Accounts and units (admin manages; leadership reads). */
export const userRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  const user = async (username: string) => {
    const u = await vigil.users.byUsername(username);
    if (!u) throw notFound({ vi: `tài khoản "${username}"`, en: `account "${username}"` });
    return u;
  };

  app.get('/api/users', { config: { action: 'account.read' } }, async () => (await vigil.users.list()).map(userView));

  /** A new account gets a one-time password, shown once here; it must be changed at first sign-in. */
  app.post('/api/users', { config: { action: 'account.manage' } }, async (req, reply) => {
    const input = parse(UserInput, req.body, req);
    const created = await vigil.accounts.add({ ...input, unitId: input.unitId ?? null }, actorOf(req, 'account.manage'));
    return reply.status(201).send({ ...userView(await user(created.username)), oneTimePassword: created.oneTimePassword });
  });

  app.put('/api/users/:username/roles', { config: { action: 'account.manage' } }, async (req) => {
    const { username } = parse(UsernameParam, req.params, req);
    const { roles } = parse(RolesInput, req.body, req);
    await vigil.accounts.setRoles(username, roles, actorOf(req, 'account.manage'));
    return userView(await user(username));
  });

  app.post('/api/users/:username/disable', { config: { action: 'account.manage' } }, async (req) => {
    const { username } = parse(UsernameParam, req.params, req);
    await vigil.accounts.disable(username, actorOf(req, 'account.manage'));
    await vigil.signIn.endSessionsOf(await user(username));
    return userView(await user(username));
  });

  app.post('/api/users/:username/password-reset', { config: { action: 'account.manage' } }, async (req) => {
    const { username } = parse(UsernameParam, req.params, req);
    const r = await vigil.accounts.setPassword(username, undefined, actorOf(req, 'account.manage'));
    await vigil.signIn.endSessionsOf(await user(username));
    return { username: r.username, oneTimePassword: r.oneTimePassword };
  });

  app.post('/api/users/:username/two-factor-reset', { config: { action: 'account.manage' } }, async (req) => {
    const { username } = parse(UsernameParam, req.params, req);
    await vigil.signIn.resetTwoFactor(await user(username), actorOf(req, 'account.manage'));
    return userView(await user(username));
  });

  app.get('/api/units', { config: { action: 'unit.read' } }, async () => vigil.units.list());

  app.post('/api/units', { config: { action: 'unit.manage' } }, async (req, reply) => {
    const input = parse(UnitInput, req.body, req);
    const unit = await vigil.audited(actorOf(req, 'unit.manage'), (trx) => vigil.units.create(input.name, input.kind, vigil.now(), input.guardsWatch, trx),
      (u) => ({ action: 'unit.create', resourceType: 'unit', resourceId: u.id, detail: { ...u } }));
    return reply.status(201).send(unit);
  });

  /** R6: a unit may give its cameras to the guards' watch. */
  app.patch('/api/units/:id', { config: { action: 'unit.manage' } }, async (req) => {
    const { id } = parse(IdParam, req.params, req);
    const patch = parse(UnitPatch, req.body, req);
    const before = await vigil.units.get(id);
    if (!before) throw notFound(WHAT.unit);
    return vigil.audited(actorOf(req, 'unit.manage'), (trx) => vigil.units.update(id, patch, trx),
      (u) => ({ action: 'unit.update', resourceType: 'unit', resourceId: id, detail: { before: { ...before }, after: { ...u } } }));
  });
};
