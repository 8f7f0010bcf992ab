import { describe, expect, it } from 'vitest';
import { ZDutySessionInput } from './duty.ts';
import { ZShiftInput } from './errands.ts';
import { ZCongressSessionInput } from './proposals.ts';
import { ZItemInput } from './supplies.ts';
import { ZSurveyInput } from './surveys.ts';

/**
 * A window's end must come after its start as instants: the console sends Beijing time (+08:00), an
 * API client may send UTC (Z). Compared as text, 09:00+08:00 (01:00Z) looked later than 02:30Z.
 */
const start = '2026-12-01T09:00:00+08:00';
const laterInUtc = '2026-12-01T02:30:00Z'; // 10:30 in Beijing
const earlierInUtc = '2026-12-01T00:30:00Z'; // 08:30 in Beijing

const endIssue = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? null : r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('time windows compare instants, not text', () => {
  it('值班 (ZShiftInput)', () => {
    const shift = (endsAt: string) => ZShiftInput.safeParse({ userId: 1, startsAt: start, endsAt });
    expect(endIssue(shift(laterInUtc))).toBeNull();
    expect(endIssue(shift(earlierInUtc))).toEqual(['endsAt: 结束时间应晚于开始时间']);
  });

  it('履职会议 (ZDutySessionInput) and 大会会议 (ZCongressSessionInput)', () => {
    const base = { title: '季度例会', venue: '工会三楼会议室', startsAt: start };
    expect(
      endIssue(ZDutySessionInput.safeParse({ ...base, kind: 'meeting', endsAt: laterInUtc })),
    ).toBeNull();
    expect(endIssue(ZDutySessionInput.safeParse({ ...base, kind: 'meeting', endsAt: earlierInUtc }))).toEqual(
      ['endsAt: 结束时间应晚于开始时间'],
    );
    expect(endIssue(ZCongressSessionInput.safeParse({ ...base, endsAt: laterInUtc }))).toBeNull();
    expect(endIssue(ZCongressSessionInput.safeParse({ ...base, endsAt: earlierInUtc }))).toEqual([
      'endsAt: 结束时间应晚于开始时间',
    ]);
  });

  it('问卷 (ZSurveyInput)', () => {
    const survey = (closesAt: string) =>
      ZSurveyInput.safeParse({
        orgId: 1,
        title: '年度会员评家',
        purpose: 'union',
        opensAt: start,
        closesAt,
        questions: [{ id: 'q1', type: 'text', title: '您的建议', required: false }],
      });
    expect(endIssue(survey(laterInUtc))).toBeNull();
    expect(endIssue(survey(earlierInUtc))).toEqual(['closesAt: 截止时间应晚于开始时间']);
  });

  it('物资目录 上架/下架时间 (ZItemInput)', () => {
    const item = (activeUntil: string) =>
      ZItemInput.safeParse({
        name: '矿泉水',
        category: 'drink',
        unit: '箱',
        unitValueFen: 2_400,
        activeFrom: start,
        activeUntil,
      });
    expect(endIssue(item(laterInUtc))).toBeNull();
    expect(endIssue(item(earlierInUtc))).toEqual(['activeUntil: 下架时间应晚于上架时间']);
  });
});
