import { expect } from 'vitest';
import type { Agent } from '../../../../test/app.ts';
import type { TSurvey } from '../../../shared/surveys.ts';

/**
 * Survey test helpers (issue #9): a valid `POST /surveys` body with four questions — q1 rating 1…5
 * (satisfied from 4, counts), q2 single choice counting (a 满意 satisfied, b 一般, c 不满意), q3 multiple
 * choice (x, y, z, at most 2, optional), q4 text (at most 20 characters, optional) — open from an hour
 * ago for a week.
 */
export const HOUR = 3_600_000;

export function surveyBody(orgId: number, over: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    orgId,
    title: '2026 年度会员评家',
    intro: '请对工会工作作出评价',
    purpose: 'union',
    anonymous: true,
    opensAt: new Date(now - HOUR).toISOString(),
    closesAt: new Date(now + 7 * 24 * HOUR).toISOString(),
    questions: [
      { id: 'q1', type: 'rating', title: '总体满意度', scale: 5, satisfiedFrom: 4 },
      {
        id: 'q2',
        type: 'single',
        title: '服务态度',
        countsForSatisfaction: true,
        options: [
          { id: 'a', label: '满意', satisfied: true },
          { id: 'b', label: '一般' },
          { id: 'c', label: '不满意' },
        ],
      },
      {
        id: 'q3',
        type: 'multiple',
        title: '希望加强的工作',
        required: false,
        maxChoices: 2,
        options: [
          { id: 'x', label: '技能培训' },
          { id: 'y', label: '文体活动' },
          { id: 'z', label: '困难帮扶' },
        ],
      },
      { id: 'q4', type: 'text', title: '意见建议', required: false, maxLength: 20 },
    ],
    ...over,
  };
}

/** Create a draft as `agent` (200 expected) and return it. */
export async function createDraft(agent: Agent, orgId: number, over: Record<string, unknown> = {}) {
  const res = await agent.post('/api/v1/surveys', surveyBody(orgId, over));
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TSurvey;
}

/** Create and publish (200 expected). */
export async function createOpen(agent: Agent, orgId: number, over: Record<string, unknown> = {}) {
  const draft = await createDraft(agent, orgId, over);
  const res = await agent.post(`/api/v1/surveys/${draft.id}/publish`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TSurvey;
}
