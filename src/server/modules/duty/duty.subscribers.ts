import { and, eq, sql } from 'drizzle-orm';
import type { DutySource } from '../../../shared/duty.ts';
import { reviewDecisionLabels, satisfactionLabels } from '../../../shared/proposals.ts';
import type { Ctx } from '../../platform/context.ts';
import { subscribe } from '../../platform/events/events.ts';
import { congressFacts, type Seat, seatById, seatOfUser } from '../proposals/seats.service.ts';
import { isArchived } from './archive.service.ts';
import { ensureScheme, recomputePoints } from './duty.scoring.ts';
import { dutyRecords } from './duty.table.ts';
import '../proposals/proposals.events.ts';
import '../surveys/surveys.events.ts';

/**
 * 履职评价 (issue #9): platform events (proposals, contact threads, surveys) become duty records here.
 * Imported by duty.module.ts so the subscriptions exist whenever the app is built.
 *
 * Each handler runs inside the publisher's transaction: the record commits with the action that caused
 * it. A record is unique per (representative, source, source_ref), so an event delivered twice — or a
 * proposal returned and submitted again — makes one record. Users without an active seat (reviewers who
 * are not representatives) earn nothing, and an archived term is left alone without failing the
 * publisher's action.
 */

interface AutoRecord {
  source: DutySource;
  sourceRef: string;
  title: string;
  at: Date;
  /** Share of the item's points (会员评议: satisfied ÷ counted answers). */
  ratio?: number;
}

/** Insert one automatic record for the seat (idempotently) and re-score the representative. */
export async function addAutoRecord(ctx: Ctx, seat: Seat | null, congressId: number, r: AutoRecord) {
  if (!seat || seat.congressId !== congressId || !seat.active) return false;
  const congress = await congressFacts(ctx.db, congressId);
  if (!congress || (await isArchived(ctx.db, congressId))) return false;
  await ensureScheme(ctx.db, congress);
  const inserted = await ctx.db
    .insert(dutyRecords)
    .values({
      congressId,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      representativeId: seat.id,
      source: r.source,
      sourceRef: r.sourceRef,
      title: r.title,
      occurredAt: r.at,
      state: 'counted',
      ratio: r.ratio ?? 1,
    })
    // The same event again makes nothing new; a record the platform voided because the act was withdrawn
    // (no reviewer) counts again when the act is repeated (co-signed again). A cadre's void stays.
    .onConflictDoUpdate({
      target: [dutyRecords.representativeId, dutyRecords.source, dutyRecords.sourceRef],
      targetWhere: sql`source_ref is not null`,
      set: { state: 'counted', occurredAt: r.at, rejectReason: null, updatedAt: new Date() },
      setWhere: sql`${dutyRecords.state} = 'void' and ${dutyRecords.reviewedBy} is null`,
    })
    .returning({ id: dutyRecords.id });
  if (inserted.length === 0) return false;
  await recomputePoints(ctx.db, congressId, seat.id);
  return true;
}

/**
 * The act behind an automatic record was withdrawn (a co-signature, a proposal before review): the
 * record is voided by the platform (no reviewer, the reason says why) and the representative re-scored.
 */
export async function voidAutoRecord(
  ctx: Ctx,
  seat: Seat | null,
  congressId: number,
  r: { source: DutySource; sourceRef: string; reason: string },
) {
  if (!seat || seat.congressId !== congressId) return false;
  if (await isArchived(ctx.db, congressId)) return false;
  const voided = await ctx.db
    .update(dutyRecords)
    .set({ state: 'void', rejectReason: r.reason, updatedAt: new Date() })
    .where(
      and(
        eq(dutyRecords.representativeId, seat.id),
        eq(dutyRecords.source, r.source),
        eq(dutyRecords.sourceRef, r.sourceRef),
        eq(dutyRecords.state, 'counted'),
      ),
    )
    .returning({ id: dutyRecords.id });
  if (voided.length === 0) return false;
  await recomputePoints(ctx.db, congressId, seat.id);
  return true;
}

const byUser = async (ctx: Ctx, congressId: number, userId: number) => seatOfUser(ctx.db, congressId, userId);

subscribe('proposals.proposal_submitted', async (ctx, e) => {
  await addAutoRecord(ctx, await byUser(ctx, e.congressId, e.userId), e.congressId, {
    source: 'proposal_submitted',
    sourceRef: `proposal:${e.proposalId}`,
    title: `提交提案《${e.title}》`,
    at: e.at,
  });
});

subscribe('proposals.proposal_cosigned', async (ctx, e) => {
  await addAutoRecord(ctx, await byUser(ctx, e.congressId, e.userId), e.congressId, {
    source: 'proposal_cosigned',
    sourceRef: `proposal:${e.proposalId}`,
    title: `联名附议《${e.title}》`,
    at: e.at,
  });
});

subscribe('proposals.cosign_withdrawn', async (ctx, e) => {
  await voidAutoRecord(ctx, await byUser(ctx, e.congressId, e.userId), e.congressId, {
    source: 'proposal_cosigned',
    sourceRef: `proposal:${e.proposalId}`,
    reason: '代表已撤回附议',
  });
});

subscribe('proposals.proposal_withdrawn', async (ctx, e) => {
  await voidAutoRecord(ctx, await byUser(ctx, e.congressId, e.userId), e.congressId, {
    source: 'proposal_submitted',
    sourceRef: `proposal:${e.proposalId}`,
    reason: '代表已撤回提案',
  });
});

subscribe('proposals.proposal_reviewed', async (ctx, e) => {
  const label = reviewDecisionLabels[e.decision as keyof typeof reviewDecisionLabels] ?? e.decision;
  await addAutoRecord(ctx, await byUser(ctx, e.congressId, e.userId), e.congressId, {
    source: 'proposal_reviewed',
    sourceRef: `proposal:${e.proposalId}`,
    title: `参与审议《${e.title}》（${label}）`,
    at: e.at,
  });
});

subscribe('proposals.proposal_filed', async (ctx, e) => {
  await addAutoRecord(ctx, await byUser(ctx, e.congressId, e.userId), e.congressId, {
    source: 'proposal_filed',
    sourceRef: `proposal:${e.proposalId}`,
    title: `提案《${e.title}》被立案`,
    at: e.at,
  });
});

subscribe('proposals.proposal_rated', async (ctx, e) => {
  const label = satisfactionLabels[e.rating as keyof typeof satisfactionLabels] ?? e.rating;
  await addAutoRecord(ctx, await byUser(ctx, e.congressId, e.userId), e.congressId, {
    source: 'proposal_rated',
    sourceRef: `proposal:${e.proposalId}`,
    title: `督办反馈：评价《${e.title}》（${label}）`,
    at: e.at,
  });
});

subscribe('proposals.contact_replied', async (ctx, e) => {
  await addAutoRecord(ctx, await seatById(ctx.db, e.representativeId), e.congressId, {
    source: 'contact_replied',
    sourceRef: `thread:${e.threadId}`,
    title: `答复职工留言：${e.subject}`,
    at: e.at,
  });
});

/** 会员评议: one record per representative and survey, earning the item's points × satisfied share. */
export const evaluationRatio = (satisfied: number, counted: number): number =>
  counted > 0 ? Math.round((satisfied / counted) * 10000) / 10000 : 0;

subscribe('surveys.representative_evaluated', async (ctx, e) => {
  await addAutoRecord(ctx, await seatById(ctx.db, e.representativeId), e.congressId, {
    source: 'member_evaluation',
    sourceRef: `survey:${e.surveyId}`,
    title: `会员评议《${e.surveyTitle}》：${e.responses} 份评价，满意答案 ${e.satisfiedAnswers}/${e.countedAnswers}`,
    at: e.at,
    ratio: evaluationRatio(e.satisfiedAnswers, e.countedAnswers),
  });
});
