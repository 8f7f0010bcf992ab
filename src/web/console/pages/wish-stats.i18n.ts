import i18next from 'i18next';
import type { DonorKind, WishCategory, WishState } from '../../../shared/wishes.ts';

/**
 * Strings of the 微心愿统计 dashboard, under the `wishStats` key; registered when the page's lazy
 * chunk loads. Chinese enum labels come from src/shared/wishes.ts; the English ones are below. The
 * definitions of the figures are the Chinese ones of the shared contract (the export uses them too).
 */
const wishStatsStrings = {
  'zh-CN': {
    title: '微心愿统计',
    subtitle:
      '心愿的提交、发布、认领与实现情况，按所选统计期（北京时间自然月）实时统计；当前状态不受统计期影响。',
    scopeAria: '统计范围',
    period: '统计期',
    presets: { last12: '近 12 个月', thisYear: '今年', lastYear: '去年', last24: '近 24 个月' },
    export: '导出 Excel',
    exported: '已导出',
    reload: '重新加载',
    asOf: '统计于 {{time}}',
    loadFailed: '统计数据加载失败',
    kpi: {
      posted: '提交心愿',
      published: '发布到心愿墙',
      claimed: '认领',
      atEvents: '其中活动认领 {{count}}',
      fulfilled: '实现心愿',
      value: '价值 {{value}}',
      released: '放弃 / 逾期释放',
      releasedHint: '主动放弃 {{released}}，逾期释放 {{expired}}',
      donors: '爱心人士（企业）',
      enterprises: '其中爱心企业 {{count}}',
      claimDays: '认领用时（中位数）',
      fulfilDays: '实现用时（中位数）',
      days: '{{days}} 天',
      over: '共 {{count}} 个心愿',
      waiting: '当前待认领',
      inProgress: '认领中 {{count}}',
      noData: '无数据',
    },
    chart: {
      state: '心愿当前状态',
      monthly: '每月认领与实现',
      value: '各下级组织实现价值（元）',
      valueHint: '点击柱条或组织名称查看下级组织',
      category: '按心愿类别',
      empty: '暂无数据',
    },
    series: {
      posted: '提交',
      claimed: '认领',
      fulfilled: '实现',
      donors: '爱心人士（企业）',
      value: '实现价值（元）',
      waiting: '待认领',
    },
    col: {
      org: '组织',
      posted: '提交',
      claimed: '认领',
      fulfilled: '实现',
      value: '实现价值',
      waiting: '待认领',
      inProgress: '认领中',
      donors: '爱心人士（企业）',
      sum: '合计',
    },
    self: '{{name}}（本级）',
    definitions: '统计口径',
    thanks: '感谢榜',
    thanksHint: '全平台同意公开致谢的爱心人士和爱心企业，按实现心愿数排列',
    thanksFulfilled: '实现 {{count}} 个心愿',
  },
  'en-US': {
    title: 'Micro-wish statistics',
    subtitle:
      'Wishes posted, published, claimed and fulfilled in the chosen months (Beijing time), computed live; current states do not depend on the period.',
    scopeAria: 'Scope',
    period: 'Period',
    presets: {
      last12: 'Last 12 months',
      thisYear: 'This year',
      lastYear: 'Last year',
      last24: 'Last 24 months',
    },
    export: 'Export to Excel',
    exported: 'Exported',
    reload: 'Reload',
    asOf: 'As of {{time}}',
    loadFailed: 'Could not load the statistics',
    kpi: {
      posted: 'Wishes posted',
      published: 'Published on the wall',
      claimed: 'Claims',
      atEvents: '{{count}} at events',
      fulfilled: 'Wishes fulfilled',
      value: 'Worth {{value}}',
      released: 'Released / expired',
      releasedHint: '{{released}} released by donors, {{expired}} by the deadline',
      donors: 'Donors',
      enterprises: '{{count}} enterprises',
      claimDays: 'Time to claim (median)',
      fulfilDays: 'Time to fulfil (median)',
      days: '{{days}} d',
      over: 'over {{count}} wishes',
      waiting: 'Waiting on the wall',
      inProgress: '{{count}} being fulfilled',
      noData: 'No data',
    },
    chart: {
      state: 'Wishes by current state',
      monthly: 'Claims and fulfilments per month',
      value: 'Value fulfilled per sub-organisation (yuan)',
      valueHint: 'Click a bar or an org name to drill down',
      category: 'By category',
      empty: 'No data',
    },
    series: {
      posted: 'Posted',
      claimed: 'Claimed',
      fulfilled: 'Fulfilled',
      donors: 'Donors',
      value: 'Value fulfilled (yuan)',
      waiting: 'Waiting',
    },
    col: {
      org: 'Organisation',
      posted: 'Posted',
      claimed: 'Claimed',
      fulfilled: 'Fulfilled',
      value: 'Value',
      waiting: 'Waiting',
      inProgress: 'In progress',
      donors: 'Donors',
      sum: 'Total',
    },
    self: '{{name}} (own)',
    definitions: 'Definitions',
    thanks: 'Thanks list',
    thanksHint: 'Donors on the whole platform who agreed to be thanked publicly, by wishes fulfilled',
    thanksFulfilled: '{{count}} wishes fulfilled',
  },
};

/** English labels of the wish states and categories (the Chinese ones are in src/shared/wishes.ts). */
export const wishStateLabelsEn: Record<WishState, string> = {
  pending: 'Pending review',
  returned: 'Returned',
  rejected: 'Rejected',
  published: 'Waiting for a donor',
  claimed: 'Claimed',
  sent: 'Sent',
  fulfilled: 'Fulfilled',
  withdrawn: 'Withdrawn',
};
export const wishCategoryLabelsEn: Record<WishCategory, string> = {
  living: 'Daily necessities',
  culture: 'Culture',
  career: 'Career',
  health: 'Health',
  schooling: 'Schooling',
  skills: 'Skills training',
  other: 'Other',
};

export const donorKindLabelsEn: Record<DonorKind, string> = {
  person: 'Individual',
  enterprise: 'Enterprise',
};

export function registerWishStatsStrings(): void {
  for (const lng of ['zh-CN', 'en-US'] as const) {
    i18next.addResourceBundle(lng, 'translation', { wishStats: wishStatsStrings[lng] }, true, false);
  }
}
