import i18next from 'i18next';
import type { RequestState, Urgency } from '../../../shared/supplies.ts';

/**
 * Strings of the 物资统计 dashboard (服务热线平台, issue #6), under the `supplyStats` key; registered
 * when the page's lazy chunk loads. Chinese enum labels come from src/shared/supplies.ts; the English
 * ones are below. The definitions of the main figures are the shared contract's (the export uses
 * them too); `notes` explain the figures the contract does not define, as the export does.
 */
const supplyStatsStrings = {
  'zh-CN': {
    title: '物资统计',
    subtitle:
      '所选统计期内（按提报日，北京时间）本组织及下级单位提报的物资需求及其审核、配送、签收情况，实时统计。',
    scope: '统计范围',
    period: '统计期',
    presets: {
      last7: '近 7 天',
      last30: '近 30 天',
      last90: '近 90 天',
      thisMonth: '本月',
      thisYear: '今年',
    },
    maxDays: '统计期最长 366 天',
    export: '导出 Excel',
    exported: '已导出',
    reload: '重新加载',
    loadFailed: '统计数据加载失败',
    kpi: {
      requests: '需求数',
      completed: '已完成',
      completedHint: '完成率 {{rate}}',
      points: '服务点位',
      staff: '服务人数',
      quantity: '送达数量',
      value: '送达价值（元）',
      hours: '需求到送达中位时长',
      hoursValue: '{{hours}} 小时',
      short: '短缺明细',
      shortHint: '审核或签收少于申请的明细行',
      noData: '无数据',
    },
    chart: {
      state: '需求状态',
      urgency: '紧急程度与送达时长',
      daily: '每日提报与完成',
      supplier: '各供应单位送达价值（元）',
      items: '物资排行（前 10）',
      units: '按单位',
      empty: '统计期内暂无数据',
      unionPurchase: '工会采购',
    },
    series: {
      requests: '需求数',
      medianHours: '中位时长（小时）',
      submitted: '提报',
      completed: '完成',
      value: '送达价值（元）',
      requested: '申请数量',
      approved: '审核数量',
      received: '签收数量',
    },
    col: {
      unit: '提报单位',
      requests: '需求数',
      completed: '已完成',
      quantity: '送达数量',
      value: '送达价值',
      sum: '合计',
    },
    drillHint: '点击单位名称查看该单位的统计',
    itemsHint: '按申请数量排序，不含未通过和已撤回的需求',
    definitions: '统计口径',
    notes: {
      completed: '已完成：统计期内提报、目前已完成（各明细均已签收或关闭）的需求条数',
      staff: '服务人数：统计期内提报、至少签收过一批物资的需求所填的一线服务人数之和',
      byDay: '每日：提报数按提报日（北京时间）计；完成数按完成日计，为当日完成的需求（不论何时提报）',
      bySupplier: '按供应单位：送达物资的提供方，工会自行采购的物资计入“工会采购”',
      topItems: '物资排行：按申请数量排序的前 10 种物资，不含未通过和已撤回的需求',
    },
  },
  'en-US': {
    title: 'Supply statistics',
    subtitle:
      'Requests submitted by this org and the units below it in the period (by submission day, Beijing time), and how they were reviewed, shipped and received; live figures.',
    scope: 'Scope',
    period: 'Period',
    presets: {
      last7: 'Last 7 days',
      last30: 'Last 30 days',
      last90: 'Last 90 days',
      thisMonth: 'This month',
      thisYear: 'This year',
    },
    maxDays: 'At most 366 days',
    export: 'Export Excel',
    exported: 'Exported',
    reload: 'Reload',
    loadFailed: 'The statistics could not be loaded',
    kpi: {
      requests: 'Requests',
      completed: 'Completed',
      completedHint: '{{rate}} completed',
      points: 'Points served',
      staff: 'Staff served',
      quantity: 'Quantity delivered',
      value: 'Value delivered (yuan)',
      hours: 'Median request-to-delivery time',
      hoursValue: '{{hours}} h',
      short: 'Short lines',
      shortHint: 'Lines approved or received below the request',
      noData: 'No data',
    },
    chart: {
      state: 'Requests by state',
      urgency: 'Urgency and delivery time',
      daily: 'Submitted and completed per day',
      supplier: 'Value delivered per supplier (yuan)',
      items: 'Top items (10)',
      units: 'Per unit',
      empty: 'No data in this period',
      unionPurchase: 'Bought by the union',
    },
    series: {
      requests: 'Requests',
      medianHours: 'Median hours',
      submitted: 'Submitted',
      completed: 'Completed',
      value: 'Value delivered (yuan)',
      requested: 'Requested',
      approved: 'Approved',
      received: 'Received',
    },
    col: {
      unit: 'Unit',
      requests: 'Requests',
      completed: 'Completed',
      quantity: 'Delivered',
      value: 'Value',
      sum: 'Total',
    },
    drillHint: "Click a unit's name to see its own figures",
    itemsHint: 'By quantity requested; rejected and withdrawn requests are not counted',
    definitions: 'Definitions',
    notes: {
      completed: 'Completed: requests of the period now complete (every line received or closed)',
      staff: 'Staff served: frontline staff of the period’s requests that received at least one delivery',
      byDay: 'Per day: submissions by submission day; completions by the day they completed',
      bySupplier: 'Per supplier: who provided what was delivered; items the union bought count as such',
      topItems: 'Top items: the 10 most requested, not counting rejected or withdrawn requests',
    },
  },
};

export const requestStateLabelsEn: Record<RequestState, string> = {
  submitted: 'Awaiting review',
  approved: 'Awaiting dispatch',
  dispatching: 'Being delivered',
  completed: 'Completed',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};
export const urgencyLabelsEn: Record<Urgency, string> = {
  critical: 'Critical',
  urgent: 'Urgent',
  normal: 'Normal',
};

export function registerSupplyStatsStrings(): void {
  for (const lng of ['zh-CN', 'en-US'] as const) {
    i18next.addResourceBundle(lng, 'translation', { supplyStats: supplyStatsStrings[lng] }, true, false);
  }
}
