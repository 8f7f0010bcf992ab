import i18next from 'i18next';
import type { ItemKind, RequesterKind } from '../../../shared/errands.ts';

/**
 * Strings of the 及时送统计 dashboard (issue #7), under the `errandStats` key; registered when the
 * page's lazy chunk loads. Chinese enum labels come from src/shared/errands.ts; the English ones are
 * below. The definitions of the main figures are the shared contract's (the export uses them too);
 * `notes` explain the figures the contract does not define, as the export does.
 */
const errandStatsStrings = {
  'zh-CN': {
    title: '及时送统计',
    subtitle:
      '所选统计期内（按来电日，北京时间）本组织及下级工会受理的及时送工单：送达用时、超时、快递员和投诉处理情况，实时统计。',
    scope: '统计范围',
    period: '统计期',
    presets: {
      last7: '近 7 天',
      last30: '近 30 天',
      last90: '近 90 天',
      thisMonth: '本月',
      thisYear: '今年',
    },
    export: '导出 Excel',
    exported: '已导出',
    reload: '重新加载',
    loadFailed: '统计数据加载失败',
    kpi: {
      errands: '工单数',
      errandsHint: '已取消 {{cancelled}}，合并的重复来电不计',
      open: '处理中',
      openHint: '尚未送达、也未取消',
      delivered: '已送达',
      deliveredHint: '送达率 {{rate}}',
      median: '送达用时中位数',
      p90: '90% 送达用时',
      dispatch: '派单用时中位数',
      overdue: '超时',
      overdueHint: '未按时接单或送达',
      complaints: '投诉 / 已答复',
      complaintsHint: '待答复 {{open}}',
      minutes: '{{m}} 分钟',
      about: '约 {{d}}',
      noData: '无数据',
    },
    chart: {
      daily: '每日工单、送达与送达用时',
      itemKind: '物品类别',
      requesterKind: '服务对象',
      courier: '快递员',
      complaints: '投诉处理结果',
      empty: '统计期内暂无数据',
      notAccepted: '未接单',
    },
    series: {
      errands: '工单数',
      delivered: '已送达',
      declined: '退回次数',
      median: '送达用时中位数（分钟）',
    },
    outcome: { open: '待答复' },
    definitions: '统计口径',
    notes: {
      dispatch: '派单用时（中位数）：已派单工单从来电到（最近一次）派单的分钟数，取中位数',
      byDay: '每日：按来电日（北京时间）计；已送达、送达用时为当日来电的工单中已送达者',
      byItemKind: '物品类别：一张工单可含多类物品，各类分别计数',
      byCourier:
        '快递员：按目前承接的快递合作单位和快递员计；已派单未接单的计入“未接单”，已取消的工单不计；退回次数按快递员的退回记录计',
      overdueRule:
        '超时标准：按服务工会的设置（未设置时沿用上级设置，默认派单后 15 分钟内接单、来电后 180 分钟内送达）；未完成的工单按当前时间计',
    },
  },
  'en-US': {
    title: 'Errand statistics',
    subtitle:
      'Urgent errands taken by this union and the unions below it in the period (by call day, Beijing time): delivery times, overdue errands, couriers and complaints; live figures.',
    scope: 'Scope',
    period: 'Period',
    presets: {
      last7: 'Last 7 days',
      last30: 'Last 30 days',
      last90: 'Last 90 days',
      thisMonth: 'This month',
      thisYear: 'This year',
    },
    export: 'Export Excel',
    exported: 'Exported',
    reload: 'Reload',
    loadFailed: 'The statistics could not be loaded',
    kpi: {
      errands: 'Errands',
      errandsHint: '{{cancelled}} cancelled; merged duplicates not counted',
      open: 'Open',
      openHint: 'Neither delivered nor cancelled',
      delivered: 'Delivered',
      deliveredHint: '{{rate}} delivered',
      median: 'Median call-to-delivery',
      p90: '90% delivered within',
      dispatch: 'Median call-to-dispatch',
      overdue: 'Overdue',
      overdueHint: 'Not accepted or delivered in time',
      complaints: 'Complaints / answered',
      complaintsHint: '{{open}} awaiting an answer',
      minutes: '{{m}} min',
      about: 'about {{d}}',
      noData: 'No data',
    },
    chart: {
      daily: 'Errands, deliveries and delivery time per day',
      itemKind: 'Item kinds',
      requesterKind: 'Who it was for',
      courier: 'Couriers',
      complaints: 'How complaints ended',
      empty: 'No data in this period',
      notAccepted: 'Not accepted',
    },
    series: {
      errands: 'Errands',
      delivered: 'Delivered',
      declined: 'Declined',
      median: 'Median minutes to delivery',
    },
    outcome: { open: 'Awaiting an answer' },
    definitions: 'Definitions',
    notes: {
      dispatch: 'Median call-to-dispatch: minutes from the call to the (latest) dispatch, median',
      byDay: 'Per day: by the Beijing day of the call; deliveries and times are those of that day’s calls',
      byItemKind: 'Item kinds: an errand may carry several kinds, each counted',
      byCourier:
        'Couriers: by the courier org and courier now holding the errand; dispatched but not accepted ones under “Not accepted”; declines from each courier’s record',
      overdueRule:
        'Overdue thresholds: the union’s own (inherited; default accepted within 15 minutes of dispatch and delivered within 180 minutes of the call); open errands count until now',
    },
  },
};

export const itemKindLabelsEn: Record<ItemKind, string> = {
  clothing: 'Clothing',
  toiletries: 'Toiletries',
  charger: 'Chargers',
  keys: 'Keys',
  medicine: 'Medicine',
  food: 'Food',
  documents: 'Documents',
  other: 'Other',
};
export const requesterKindLabelsEn: Record<RequesterKind, string> = {
  frontline: 'Frontline workers',
  volunteer: 'Volunteers',
  hardship: 'Hardship workers',
  other: 'Other',
};
export const complaintOutcomeLabelsEn = {
  upheld: 'Upheld, put right',
  explained: 'Explained',
  unfounded: 'Unfounded',
} as const;
/** The shared definitions in English (the Chinese ones are ERRAND_STATS_DEFINITIONS). */
export const errandStatsDefinitionsEn = {
  errands: 'Errands: calls (or online requests) of the period; merged duplicate calls not counted',
  delivered: 'Delivered: of those, the errands delivered',
  median: 'Median call-to-delivery: minutes from the call to the delivery of delivered errands, median',
  p90: '90% delivered within: 90% of the delivered errands arrived within this time',
  overdue: 'Overdue: errands not accepted in time after dispatch, or not delivered in time after the call',
  complaints: 'Complaints: complaints received in the period and how they ended',
} as const;

export function registerErrandStatsStrings(): void {
  for (const lng of ['zh-CN', 'en-US'] as const) {
    i18next.addResourceBundle(lng, 'translation', { errandStats: errandStatsStrings[lng] }, true, false);
  }
}
