import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageOf } from '../../../shared/common.ts';
import {
  ZAddMembershipInput,
  ZCreateUserInput,
  ZExportUsersQuery,
  ZListUsersQuery,
  ZMembershipParams,
  ZResetPasswordInput,
  ZUpdateUserInput,
  ZUser,
  ZUserIdParam,
  ZUserImportResult,
  ZUserPii,
  ZUserStateInput,
} from '../../../shared/users.ts';
import { badRequest } from '../errors.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../http/http.ts';
import {
  addMembership,
  createUser,
  disableUser,
  enableUser,
  exportUsers,
  getUser,
  importTemplate,
  importUsers,
  listUsers,
  removeMembership,
  resetPassword,
  revealUserPii,
  updateUser,
} from './users.service.ts';

const tags = ['用户管理 users'];

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: '用户列表（本级及下级组织的账号）',
        querystring: ZListUsersQuery,
        response: { 200: pageOf(ZUser) },
      },
    },
    async (req) => listUsers(ctxOf(req), req.query),
  );
  app.get(
    '/import-template',
    { schema: { tags, summary: '下载用户导入模板（Excel）', produces: [XLSX] } },
    async (req, reply) =>
      sendXlsx(reply, await importTemplate(ctxOf(req)), 'user-import-template.xlsx', '用户导入模板.xlsx'),
  );
  app.get(
    '/export',
    {
      schema: {
        tags,
        summary: '导出用户列表（Excel，手机号脱敏）',
        querystring: ZExportUsersQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const buffer = await exportUsers(ctxOf(req), req.query);
      return sendXlsx(reply, buffer, `users-${todayStamp()}.xlsx`, `用户列表-${todayStamp()}.xlsx`);
    },
  );
  app.post(
    '/import',
    {
      schema: {
        tags,
        summary: '从 Excel 模板批量导入用户（逐行报告错误）',
        description: 'multipart/form-data，文件字段名 file，.xlsx 格式；有效行导入，无效行逐行报告。',
        consumes: ['multipart/form-data'],
        response: { 200: ZUserImportResult },
      },
    },
    async (req) => {
      if (!req.isMultipart()) {
        throw badRequest('NOT_MULTIPART', '请以 multipart/form-data 方式上传 Excel 文件（字段名 file）');
      }
      const file = await req.file();
      if (!file) throw badRequest('NO_FILE', '请选择要导入的 Excel 文件');
      return importUsers(ctxOf(req), await file.toBuffer());
    },
  );
  app.get(
    '/:id',
    { schema: { tags, summary: '用户详情', params: ZUserIdParam, response: { 200: ZUser } } },
    async (req) => getUser(ctxOf(req), req.params.id),
  );
  app.post(
    '/',
    { schema: { tags, summary: '新建用户并分配角色', body: ZCreateUserInput, response: { 201: ZUser } } },
    async (req, reply) => reply.status(201).send(await createUser(ctxOf(req), req.body)),
  );
  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: '修改姓名、手机号或所属组织',
        params: ZUserIdParam,
        body: ZUpdateUserInput,
        response: { 200: ZUser },
      },
    },
    async (req) => updateUser(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/:id/disable',
    {
      schema: {
        tags,
        summary: '停用账号（其所有登录立即失效）',
        params: ZUserIdParam,
        body: ZUserStateInput.optional(),
        response: { 200: ZUser },
      },
    },
    async (req) => disableUser(ctxOf(req), req.params.id, req.body?.note),
  );
  app.post(
    '/:id/enable',
    {
      schema: {
        tags,
        summary: '重新启用账号',
        params: ZUserIdParam,
        body: ZUserStateInput.optional(),
        response: { 200: ZUser },
      },
    },
    async (req) => enableUser(ctxOf(req), req.params.id, req.body?.note),
  );
  app.post(
    '/:id/reset-password',
    {
      schema: {
        tags,
        summary: '重置密码（用户下次登录须修改，其所有登录立即失效）',
        params: ZUserIdParam,
        body: ZResetPasswordInput,
        response: { 200: ZUser },
      },
    },
    async (req) => resetPassword(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/:id/memberships',
    {
      schema: {
        tags,
        summary: '为用户增加组织身份（角色）',
        params: ZUserIdParam,
        body: ZAddMembershipInput,
        response: { 200: ZUser },
      },
    },
    async (req) => addMembership(ctxOf(req), req.params.id, req.body),
  );
  app.delete(
    '/:id/memberships/:membershipId',
    {
      schema: {
        tags,
        summary: '移除用户的一个组织身份（角色）',
        params: ZMembershipParams,
        response: { 200: ZUser },
      },
    },
    async (req) => removeMembership(ctxOf(req), req.params.id, req.params.membershipId),
  );
  app.get(
    '/:id/pii',
    {
      schema: {
        tags,
        summary: '查看完整手机号（记入审计日志）',
        params: ZUserIdParam,
        response: { 200: ZUserPii },
      },
    },
    async (req) => revealUserPii(ctxOf(req), req.params.id),
  );
};
