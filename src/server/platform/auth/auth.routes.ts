import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ZChangePasswordInput,
  ZLoginInput,
  ZMe,
  ZRegisterInput,
  ZSendCodeInput,
  ZSessionState,
  ZSwitchMembershipInput,
} from '../../../shared/auth.ts';
import { ZOk } from '../../../shared/common.ts';
import { ctxOf } from '../http/http.ts';
import {
  changePassword,
  type LoginResult,
  login,
  logout,
  me,
  register,
  sendVerificationCode,
  switchMembership,
} from './auth.service.ts';
import { resolveSession, SESSION_COOKIE } from './sessions.ts';

const tags = ['账号 auth'];

/** Put the new session in an httpOnly SameSite cookie and answer with "me". */
async function startSession(req: FastifyRequest, reply: FastifyReply, result: LoginResult) {
  const { config, database } = req.server.deps;
  reply.setCookie(SESSION_COOKIE, result.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
  });
  const actor = await resolveSession(database.db, result.token, config.sessionIdleMinutes);
  return me({ ...ctxOf(req), actor });
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/login',
    { schema: { tags, summary: '登录（账号或手机号 + 密码）', body: ZLoginInput, response: { 200: ZMe } } },
    async (req, reply) =>
      startSession(req, reply, await login(ctxOf(req), req.body, req.headers['user-agent'] ?? null)),
  );
  app.post(
    '/logout',
    { schema: { tags, summary: '退出登录', response: { 200: ZOk } } },
    async (req, reply) => {
      await logout(ctxOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );
  app.get('/me', { schema: { tags, summary: '当前用户、组织身份', response: { 200: ZMe } } }, async (req) =>
    me(ctxOf(req)),
  );
  app.get(
    '/session',
    {
      schema: {
        tags,
        summary: '页面加载时的登录状态（未登录时 me 为 null，不返回 401）',
        response: { 200: ZSessionState },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      return { me: ctx.actor ? await me(ctx) : null };
    },
  );
  app.post(
    '/switch',
    { schema: { tags, summary: '切换组织身份', body: ZSwitchMembershipInput, response: { 200: ZMe } } },
    async (req) => switchMembership(ctxOf(req), req.body.membershipId),
  );
  app.post(
    '/password',
    {
      schema: {
        tags,
        summary: '修改密码（其他设备上的登录全部失效）',
        body: ZChangePasswordInput,
        response: { 200: ZMe },
      },
    },
    async (req, reply) =>
      startSession(req, reply, await changePassword(ctxOf(req), req.body, req.headers['user-agent'] ?? null)),
  );
  app.post(
    '/codes',
    { schema: { tags, summary: '发送短信验证码', body: ZSendCodeInput, response: { 200: ZOk } } },
    async (req) => {
      await sendVerificationCode(ctxOf(req), req.body);
      return { ok: true as const };
    },
  );
  app.post(
    '/register',
    {
      schema: {
        tags,
        summary: '职工、爱心人士（个人或企业）自助注册；爱心人士可填 donor.kind 与企业名称',
        body: ZRegisterInput,
        response: { 201: ZMe },
      },
    },
    async (req, reply) => {
      const result = await register(ctxOf(req), req.body, req.headers['user-agent'] ?? null);
      const body = await startSession(req, reply, result);
      return reply.status(201).send(body);
    },
  );
};
