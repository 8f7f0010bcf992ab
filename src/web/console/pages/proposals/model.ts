/**
 * Client-side helpers of the 云履职 console pages (issue #8): API paths, query keys, enum labels (Chinese
 * from `shared/proposals.ts`, English from `proposal-work.i18n.ts`), tag colours and the congress and
 * org look-ups. Types come from the shared contract.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  cosignStateLabels,
  loopStepLabels,
  type ProposalState,
  proposalCategories,
  proposalCategoryLabels,
  proposalKindLabels,
  proposalKinds,
  proposalStateLabels,
  proposalStates,
  repSectorLabels,
  reviewDecisionLabels,
  satisfactionLabels,
  type TCongress,
  type TProposal,
  type TProposalSummary,
} from '../../../../shared/proposals.ts';
import { api } from '../../../shared/api.ts';
import { formatDate } from '../../../shared/format.ts';
import { registerProposalWorkStrings } from '../proposal-work.i18n.ts';

export type { ProposalState, TCongress, TProposal, TProposalSummary };
export { proposalCategories, proposalKinds, proposalStates };

registerProposalWorkStrings();

/** The module's prefix (congresses, representatives, 联系服务 under it). */
export const PROPOSALS_API = '/api/v1/proposals';
/** The proposals themselves. */
export const PROPOSALS = `${PROPOSALS_API}/proposals`;
export const proposalsKey = ['proposals'] as const;
export const proposalListKey = [...proposalsKey, 'list'] as const;
export const proposalKey = (id: number) => [...proposalsKey, 'one', id] as const;
export const congressesKey = [...proposalsKey, 'congresses'] as const;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export { isProposalState } from './params.ts';

export const proposalStateColor: Record<ProposalState, string> = {
  draft: 'default',
  cosigning: 'purple',
  submitted: 'gold',
  returned: 'orange',
  filed: 'cyan',
  handling: 'blue',
  replied: 'geekblue',
  feedback: 'lime',
  closed: 'green',
  withdrawn: 'default',
};

type Kind = 'state' | 'kind' | 'category' | 'step' | 'cosign' | 'review' | 'satisfaction' | 'sector';
const zh: Record<Kind, Record<string, string>> = {
  state: proposalStateLabels,
  kind: proposalKindLabels,
  category: proposalCategoryLabels,
  step: loopStepLabels,
  cosign: cosignStateLabels,
  review: reviewDecisionLabels,
  satisfaction: satisfactionLabels,
  sector: repSectorLabels,
};

export type ProposalLabel = (kind: Kind, value: string | null | undefined) => string;

/** Enum labels in the current language (Chinese from the contract, the rest from the strings). */
export function useProposalLabels(): ProposalLabel {
  const { t, i18n } = useTranslation();
  return (kind, value) => {
    if (value == null) return '—';
    if (i18n.language.startsWith('zh')) return zh[kind][value] ?? value;
    return t(`proposalWork.enum.${kind}.${value}`, { defaultValue: zh[kind][value] ?? value });
  };
}

/** The congresses the user's org may see (for filters and the congress page). */
export function useCongresses(enabled = true) {
  return useQuery({
    queryKey: congressesKey,
    queryFn: () => api.get<TCongress[]>(`${PROPOSALS_API}/congresses`),
    enabled,
    staleTime: 60_000,
  });
}

export interface OrgOption {
  id: number;
  name: string;
  type: string;
}

/** Orgs of a union's subtree matching `q` (assign dialog, representative's unit). */
export function useOrgSearch(rootId: number | undefined, q: string, enabled = true) {
  return useQuery({
    queryKey: ['orgs', 'search', rootId ?? null, q],
    queryFn: () =>
      api.get<Page<OrgOption>>('/api/v1/orgs', {
        rootId,
        q: q.trim() || undefined,
        state: 'active',
        pageSize: 50,
      }),
    enabled: enabled && rootId !== undefined,
    staleTime: 30_000,
  });
}

/** A Beijing date of an ISO time, or a dash. */
export const dayOf = (iso: string | null | undefined, lang: string) => (iso ? formatDate(iso, lang) : '—');
