import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ChangePasswordInput, LoginInput, LogoutInput, SecondFactorInput, TotpConfirmInput } from '../../../contract/auth.js';
import { allowedActions } from '../../../domain/policy.js';
import { ROLE_LABELS, needsTwoFactor } from '../../../domain/roles.js';
import type { Vigil } from '../../vigil.js';
import { clearSessionCookie, clientOf, setSessionCookie, viewerOf } from '../auth.js';
import { parse } from '../validate.js';

/** Sign-in, second factor, enrolment, password, sign-out, and "who am I" for the web app. */
export const authRoutes = (vigil: Vigil): FastifyPluginAsync => async (app) => {
  const me = async (req: FastifyRequest) => {
    const v = viewerOf(req);
    const unit = v.user.unitId === null ? null : ((await vigil.units.get(v.user.unitId)) ?? null);
    const s = await vigil.signIn.settings();
    return {
      user: {
        username: v.user.username, fullName: v.user.fullName,
        roles: v.user.roles.map((r) => ({ role: r, label: ROLE_LABELS[r] })),
        unit: unit ? { id: unit.id, name: unit.name } : null,
      },
      stage: v.session.stage,
      csrfToken: v.session.csrfToken,
      twoFactor: {
        enabled: v.user.totpEnabledAt !== null,
        required: vigil.signIn.twoFactorRequired && needsTwoFactor(v.user.roles),
        // The demo lets leadership in without a second factor; the web app says so on screen.
        relaxedForDemo: !vigil.signIn.twoFactorRequired && needsTwoFactor(v.user.roles),
        recoveryCodesLeft: v.user.totpEnabledAt !== null ? await vigil.users.recoveryCodesLeft(v.user.id) : 0,
      },
      mustChangePassword: v.session.stage === 'password',
      session: {
        idleMinutes: s.sessionIdleMinutes,
        expiresAt: v.session.createdAtMs + s.sessionAbsoluteHours * 3_600_000,
      },
      actions: v.session.stage === 'ok' ? allowedActions(v.subject, vigil.now()) : [],
    };
  };

  app.post('/api/auth/login', {
    config: { access: 'public', rateLimit: { max: vigil.config.loginRatePerMinute, timeWindow: 60_000 } },
  }, async (req, reply) => {
    const { username, password } = parse(LoginInput, req.body, req);
    const previous = req.viewer;
    const { token, session, user } = await vigil.signIn.login(username, password, clientOf(req));
    // A new sign-in in this browser replaces the session it had (no session lingers behind the new cookie).
    if (previous) await vigil.signIn.logout(previous, false, clientOf(req));
    setSessionCookie(reply, req, token, (await vigil.signIn.settings()).sessionAbsoluteHours * 3600);
    req.viewer = { session, user, subject: await vigil.access.subject(user) };
    return me(req);
  });

  app.get('/api/auth/me', { config: { access: 'signing-in' } }, me);

  app.post('/api/auth/second-factor', { config: { access: 'signing-in' } }, async (req) => {
    const v = viewerOf(req);
    const input = parse(SecondFactorInput, req.body, req);
    v.session.stage = await vigil.signIn.secondFactor(v, 'code' in input ? { code: input.code } : { recoveryCode: input.recoveryCode }, clientOf(req));
    return me(req);
  });

  app.post('/api/auth/totp/enrol', { config: { access: 'signing-in' } }, async (req) => vigil.signIn.beginEnrol(viewerOf(req)));

  app.post('/api/auth/totp/confirm', { config: { access: 'signing-in' } }, async (req) => {
    const v = viewerOf(req);
    const { code } = parse(TotpConfirmInput, req.body, req);
    const { recoveryCodes, next } = await vigil.signIn.confirmEnrol(v, code, clientOf(req));
    return { recoveryCodes, next };
  });

  app.post('/api/auth/password', { config: { access: 'signing-in' } }, async (req) => {
    const { currentPassword, newPassword } = parse(ChangePasswordInput, req.body, req);
    return vigil.signIn.changePassword(viewerOf(req), currentPassword, newPassword, clientOf(req));
  });

  app.post('/api/auth/logout', { config: { access: 'signing-in' } }, async (req, reply) => {
    const { everywhere } = parse(LogoutInput, req.body, req);
    const ended = await vigil.signIn.logout(viewerOf(req), everywhere, clientOf(req));
    clearSessionCookie(reply, req);
    return { sessionsEnded: ended };
  });
};
