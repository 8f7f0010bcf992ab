import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIntId } from '../../../shared/common.ts';
import {
  ZListSurveysQuery,
  ZMySurveys,
  ZSurvey,
  ZSurveyAnswerInput,
  ZSurveyAnswerResult,
  ZSurveyForMe,
  ZSurveyInput,
  ZSurveyPage,
  ZSurveyResults,
  ZSurveyResultsQuery,
} from '../../../shared/surveys.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../../platform/http/http.ts';
import { exportResults, getResults } from './results.service.ts';
import './surveys.jobs.ts';
import {
  answerSurvey,
  closeSurvey,
  createSurvey,
  deleteSurvey,
  getSurvey,
  listSurveys,
  mySurveys,
  publishSurvey,
  surveyForMe,
  surveyQr,
  updateSurvey,
} from './surveys.service.ts';

const tags = ['会员评家 surveys'];
const ZIdParam = z.object({ id: ZIntId });
const ZQr = z.object({ url: z.string(), svg: z.string() });

/** Where the QR code points: PUBLIC_URL when configured, else the host the request came to. */
const baseUrlOf = (req: FastifyRequest) =>
  req.server.deps.config.publicUrl ?? `${req.protocol}://${req.host}`;

/** Surveys (issue #9): 会员评家, 会员评议代表, 工会评价代表 — building, publishing, answering, results. */
export const surveysRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: '问卷列表（本单位及下级工会）',
        querystring: ZListSurveysQuery,
        response: { 200: ZSurveyPage },
      },
    },
    async (req) => listSurveys(ctxOf(req), req.query),
  );
  app.post(
    '/',
    {
      schema: {
        tags,
        summary: '新建问卷（草稿；评价代表的问卷须选本工会的会员代表大会）',
        body: ZSurveyInput,
        response: { 200: ZSurvey },
      },
    },
    async (req) => createSurvey(ctxOf(req), req.body),
  );
  app.get(
    '/mine',
    { schema: { tags, summary: '我要参加的问卷（H5）', response: { 200: ZMySurveys } } },
    async (req) => mySurveys(ctxOf(req)),
  );
  app.get(
    '/:id',
    { schema: { tags, summary: '问卷详情', params: ZIdParam, response: { 200: ZSurvey } } },
    async (req) => getSurvey(ctxOf(req), req.params.id),
  );
  app.put(
    '/:id',
    {
      schema: {
        tags,
        summary: '修改问卷（仅草稿）',
        params: ZIdParam,
        body: ZSurveyInput,
        response: { 200: ZSurvey },
      },
    },
    async (req) => updateSurvey(ctxOf(req), req.params.id, req.body),
  );
  app.delete(
    '/:id',
    {
      schema: {
        tags,
        summary: '删除问卷（仅草稿；已发布或已结束的问卷 409）',
        params: ZIdParam,
      },
    },
    async (req, reply) => {
      await deleteSurvey(ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/:id/publish',
    {
      schema: {
        tags,
        summary: '发布问卷（按评价类型生成应测评名单；名单为空不能发布）',
        params: ZIdParam,
        response: { 200: ZSurvey },
      },
    },
    async (req) => publishSurvey(ctxOf(req), req.params.id),
  );
  app.post(
    '/:id/close',
    {
      schema: {
        tags,
        summary: '结束问卷（会员评议代表的问卷：每位被评代表计入一条会员评议履职记录）',
        params: ZIdParam,
        response: { 200: ZSurvey },
      },
    },
    async (req) => closeSurvey(ctxOf(req), req.params.id),
  );
  app.get(
    '/:id/qr',
    {
      schema: {
        tags,
        summary: '问卷作答链接与二维码（/m/surveys/<id>）',
        params: ZIdParam,
        response: { 200: ZQr },
      },
    },
    async (req) => surveyQr(ctxOf(req), req.params.id, baseUrlOf(req)),
  );
  app.get(
    '/:id/results',
    {
      schema: {
        tags,
        summary: '问卷结果：测评率、满意度、各题、各单位（orgId 下钻）、各代表、每日作答',
        params: ZIdParam,
        querystring: ZSurveyResultsQuery,
        response: { 200: ZSurveyResults },
      },
    },
    async (req) => getResults(ctxOf(req), req.params.id, req.query),
  );
  app.get(
    '/:id/results/export',
    {
      schema: {
        tags,
        summary: '导出问卷结果（Excel：概况、各题统计、各单位、各代表、文字意见）',
        params: ZIdParam,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const { buffer, survey } = await exportResults(ctxOf(req), req.params.id);
      return sendXlsx(
        reply,
        buffer,
        `survey-${survey.id}-${todayStamp()}.xlsx`,
        `问卷结果-${survey.title}.xlsx`,
      );
    },
  );
  app.get(
    '/:id/form',
    {
      schema: {
        tags,
        summary: '作答页：问卷、我要评价的代表、不能作答的原因',
        params: ZIdParam,
        response: { 200: ZSurveyForMe },
      },
    },
    async (req) => surveyForMe(ctxOf(req), req.params.id),
  );
  app.post(
    '/:id/answers',
    {
      schema: {
        tags,
        summary: '提交问卷（每个应测评人次只能提交一次；匿名问卷不记录作答人）',
        params: ZIdParam,
        body: ZSurveyAnswerInput,
        response: { 200: ZSurveyAnswerResult },
      },
    },
    async (req) => answerSurvey(ctxOf(req), req.params.id, req.body),
  );
};
