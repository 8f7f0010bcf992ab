import i18next from 'i18next';
import type { AppealState, ReferralState } from '../../../shared/appeals.ts';
import type { PROPOSAL_STATS_DEFINITIONS } from '../../../shared/proposal-stats.ts';
import type { ProposalCategory, ProposalState } from '../../../shared/proposals.ts';

/**
 * Strings of the 云履职统计 dashboard (issue #8), under the `proposalStats` key; registered when the
 * page's lazy chunk loads. Chinese enum labels and definitions come from the shared contracts (the
 * export uses them too); the English ones are below.
 */
const proposalStatsStrings = {
  'zh-CN': {
    title: '云履职统计',
    subtitle:
      '所选统计期内（北京时间）本组织及下级工会的代表提案、建议，职工事大家议诉求和转治理平台事项：办结率、按期答复率、满意度、承办单位和届次，实时统计。',
    scope: '统计范围',
    congress: '会员代表大会',
    allCongresses: '全部大会',
    period: '统计期',
    presets: {
      thisMonth: '本月',
      last12: '近 12 个月',
      thisYear: '今年',
      lastYear: '去年',
      term: '本届任期',
    },
    export: '导出 Excel',
    exported: '已导出',
    reload: '重新加载',
    loadFailed: '统计数据加载失败',
    kpi: {
      submitted: '提案 / 建议',
      submittedHint: '统计期内提交，共 {{n}} 件',
      closureRate: '办结率',
      closureHint: '已办结 {{closed}} 件',
      onTimeRate: '按期答复率',
      onTimeHint: '已答复 {{replied}}，按期 {{onTime}}',
      satisfaction: '满意率',
      satisfactionHint: '已评价 {{rated}} 件，不满意重办 {{reopened}}',
      overdue: '逾期未办',
      overdueHint: '提案建议 {{p}}，职工诉求 {{a}}',
      appeals: '职工诉求',
      appealsHint: '附议 {{supports}} 人次，满意率 {{rate}}',
      appealClosure: '诉求办结率',
      appealClosureHint: '已办结 {{closed}} 件',
      referrals: '转治理平台',
      referralsHint: '平台已答复 {{answered}}，按期率 {{rate}}',
      none: '—',
    },
    chart: {
      monthly: '月度趋势',
      states: '提案建议办理状态',
      categories: '类别分布',
      satisfaction: '满意度',
      orgs: '承办单位',
      appealStates: '职工诉求状态',
      referrals: '转治理平台办理状态',
      congresses: '按届次',
      empty: '统计期内暂无数据',
    },
    series: {
      proposals: '提案',
      suggestions: '建议',
      appeals: '职工诉求',
      closed: '提案建议办结',
      appealsClosed: '诉求办结',
      assigned: '交办（提案建议）',
      appealsAssigned: '交办（诉求）',
      replied: '已答复',
      onTime: '按期答复',
      done: '已办结',
      overdue: '当前逾期',
      satisfied: '满意',
      basically: '基本满意',
      unsatisfied: '不满意',
    },
    table: {
      congress: '会员代表大会',
      term: '任期',
      reps: '在任代表',
      proposers: '提出提案建议的代表',
      proposals: '提案',
      suggestions: '建议',
      closed: '已办结',
      closureRate: '办结率',
    },
    mode: '对接方式',
    definitions: '统计口径',
  },
  'en-US': {
    title: 'Proposal statistics',
    subtitle:
      'Representatives’ proposals and suggestions, workers’ appeals and referrals to the governance platform of this union and the unions below it in the period (Beijing time): closure, on-time replies, satisfaction, handling units and congress terms; live figures.',
    scope: 'Scope',
    congress: 'Congress',
    allCongresses: 'All congresses',
    period: 'Period',
    presets: {
      thisMonth: 'This month',
      last12: 'Last 12 months',
      thisYear: 'This year',
      lastYear: 'Last year',
      term: 'Whole term',
    },
    export: 'Export Excel',
    exported: 'Exported',
    reload: 'Reload',
    loadFailed: 'The statistics could not be loaded',
    kpi: {
      submitted: 'Proposals / suggestions',
      submittedHint: '{{n}} submitted in the period',
      closureRate: 'Closed',
      closureHint: '{{closed}} closed',
      onTimeRate: 'Replied on time',
      onTimeHint: '{{replied}} replied, {{onTime}} on time',
      satisfaction: 'Satisfaction',
      satisfactionHint: '{{rated}} rated, {{reopened}} reopened',
      overdue: 'Overdue',
      overdueHint: '{{p}} proposals, {{a}} appeals',
      appeals: 'Workers’ appeals',
      appealsHint: '{{supports}} supports, {{rate}} satisfied',
      appealClosure: 'Appeals closed',
      appealClosureHint: '{{closed}} closed',
      referrals: 'Referrals',
      referralsHint: '{{answered}} answered, {{rate}} on time',
      none: '—',
    },
    chart: {
      monthly: 'Per month',
      states: 'Proposals by state',
      categories: 'By category',
      satisfaction: 'Satisfaction',
      orgs: 'Handling units',
      appealStates: 'Appeals by state',
      referrals: 'Referrals by platform state',
      congresses: 'By congress term',
      empty: 'No data in this period',
    },
    series: {
      proposals: 'Proposals',
      suggestions: 'Suggestions',
      appeals: 'Appeals',
      closed: 'Proposals closed',
      appealsClosed: 'Appeals closed',
      assigned: 'Assigned proposals',
      appealsAssigned: 'Assigned appeals',
      replied: 'Replied',
      onTime: 'On time',
      done: 'Closed',
      overdue: 'Overdue now',
      satisfied: 'Satisfied',
      basically: 'Mostly satisfied',
      unsatisfied: 'Unsatisfied',
    },
    table: {
      congress: 'Congress',
      term: 'Term',
      reps: 'Representatives',
      proposers: 'Who proposed',
      proposals: 'Proposals',
      suggestions: 'Suggestions',
      closed: 'Closed',
      closureRate: 'Closure rate',
    },
    mode: 'Mode',
    definitions: 'Definitions',
  },
};

export const categoryLabelsEn: Record<ProposalCategory, string> = {
  employment: 'Employment',
  wages: 'Wages',
  rights: 'Labour rights',
  safety: 'Work safety',
  children: 'Children and care',
  training: 'Training',
  welfare: 'Welfare',
  culture: 'Culture and sport',
  democracy: 'Democratic management',
  other: 'Other',
};
export const proposalStateLabelsEn: Record<ProposalState, string> = {
  draft: 'Draft',
  cosigning: 'Co-signing',
  submitted: 'Awaiting review',
  returned: 'Returned',
  filed: 'Filed, to assign',
  handling: 'Handling',
  replied: 'Replied, to supervise',
  feedback: 'Awaiting rating',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};
export const appealStateLabelsEn: Record<AppealState, string> = {
  open: 'To triage',
  handling: 'Handling',
  replied: 'Replied, to rate',
  closed: 'Closed',
  merged: 'Merged',
  to_proposal: 'To a proposal',
  referred: 'Referred',
  withdrawn: 'Withdrawn',
};
export const referralStateLabelsEn: Record<ReferralState, string> = {
  queued: 'Queued',
  delivered: 'Delivered',
  accepted: 'Accepted',
  in_progress: 'In progress',
  answered: 'Answered',
  undeliverable: 'Undeliverable',
};
export const referralModeLabelsEn = { api: 'API', manual: 'By hand' } as const;

/** The shared definitions in English (the Chinese ones are PROPOSAL_STATS_DEFINITIONS). */
export const proposalStatsDefinitionsEn: Record<keyof typeof PROPOSAL_STATS_DEFINITIONS, [string, string]> = {
  scope: [
    'Scope',
    'the chosen union and all unions below it (with a congress chosen: that congress’s proposals and the appeals its union received)',
  ],
  period: [
    'Period',
    'Beijing calendar days, both ends included; proposals by the day submitted, appeals by the day posted, referrals by the day referred',
  ],
  submitted: [
    'Proposals, suggestions',
    'submitted in the period (drafts and open co-signing not counted), by their final kind: a proposal without enough co-signers counts as a suggestion',
  ],
  closed: ['Closed', 'of those, closed (rated, or closed unrated after the rating period)'],
  closureRate: [
    'Closure rate',
    'closed ÷ (submitted − withdrawn); for appeals closed ÷ (posted − withdrawn − merged − turned into proposals)',
  ],
  onTimeRate: [
    'On-time rate',
    'proposals whose last reply came before the handling deadline ÷ replied; for referrals, answered by the due date ÷ answered',
  ],
  satisfaction: [
    'Satisfaction',
    '(satisfied + mostly satisfied) ÷ rated; rated = closed with the proposer’s (author’s) rating, the last one after a reopen; closed unrated not counted',
  ],
  overdue: ['Overdue', 'the current step is past its deadline and not done (counted now)'],
  byOrg: [
    'Handling units',
    'proposals by lead unit, appeals by handler: assigned, replied, closed, replied on time and overdue now; co-handlers not counted again',
  ],
  referrals: ['Referrals', 'appeals referred in the period, by mode and by the platform’s state'],
  byCongress: [
    'By term',
    'each congress: representatives in office, representatives who proposed, proposals and suggestions of the period, closure rate',
  ],
  monthly: [
    'Per month',
    'proposals and suggestions submitted, appeals posted, and items closed in the month (by the closing day)',
  ],
};

export function registerProposalStatsStrings(): void {
  for (const lng of ['zh-CN', 'en-US'] as const) {
    i18next.addResourceBundle(lng, 'translation', { proposalStats: proposalStatsStrings[lng] }, true, false);
  }
}
