/**
 * Pure helpers of the 云履职 console pages: the list's filters read from the address (anything unknown
 * or malformed is dropped, never sent), and the record a proposal carries itself (its finished steps and
 * its updates) for callers who may not read the union's workflow record.
 */
import {
  type ProposalState,
  proposalCategories,
  proposalKinds,
  proposalStates,
  type TProposal,
} from '../../../../shared/proposals.ts';
import type { TimelineEntry } from '../../components/EventTimeline.tsx';

export type ProposalKindValue = (typeof proposalKinds)[number];
export type ProposalCategoryValue = (typeof proposalCategories)[number];

export interface ProposalFilters {
  state?: ProposalState | undefined;
  q?: string | undefined;
  congressId?: number | undefined;
  kind?: ProposalKindValue | undefined;
  category?: ProposalCategoryValue | undefined;
  overdue?: 'true' | undefined;
}

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;

export const isProposalState = (v: string | null): v is ProposalState =>
  oneOf(proposalStates, v) !== undefined;

/** The list's filters and page from the address; `sizes` are the page sizes offered. */
export function readProposalParams(params: URLSearchParams, sizes: readonly number[], defaultSize: number) {
  const congress = Number(params.get('congressId'));
  const q = params.get('q')?.trim();
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const filters: ProposalFilters = {
    state: oneOf(proposalStates, params.get('state')),
    q: q ? q.slice(0, 40) : undefined,
    congressId:
      Number.isInteger(congress) && congress > 0 && congress <= 2_147_483_647 ? congress : undefined,
    kind: oneOf(proposalKinds, params.get('kind')),
    category: oneOf(proposalCategories, params.get('category')),
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
  };
  return { filters, page, pageSize: sizes.includes(size) ? size : defaultSize };
}

/**
 * The proposal's own record, oldest first: each finished step (who, what was said) and each progress
 * update or reply (the unit and its author, the percent).
 */
export function recordOfProposal(
  p: Pick<TProposal, 'steps' | 'updates'>,
  label: { step: (step: string) => string; progress: string; reply: string },
): TimelineEntry[] {
  return [
    ...p.steps.flatMap((s) =>
      s.finishedAt ? [{ at: s.finishedAt, label: label.step(s.step), actor: s.actor, note: s.note }] : [],
    ),
    ...p.updates.map((u) => ({
      at: u.createdAt,
      label: u.kind === 'reply' ? label.reply : label.progress,
      actor: `${u.org.name} ${u.author}`,
      note: u.percent !== null && u.kind === 'progress' ? `${u.text}（${u.percent}%）` : u.text,
    })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
