/**
 * What an audit row's codes mean in Chinese: the kind of record it is about and the fields of its
 * detail, with the values as a cadre reads them (money in 元, Beijing time, states and codes by name).
 * One place for the console's audit page and the audit Excel export.
 */
import { appealStateLabels } from './appeals.ts';
import type { TAuditEntry } from './audit.ts';
import { beijingDateTime } from './dates.ts';
import { dutyRecordStateLabels } from './duty.ts';
import { errandStateLabels } from './errands.ts';
import { archiveStateLabels, assistanceTypeLabels, hardshipCategoryLabels } from './hardship.ts';
import { transferStateLabels } from './hardship-transfer.ts';
import { formatYuan } from './money.ts';
import { proposalStateLabels } from './proposals.ts';
import { requestStateLabels, shipmentStateLabels, specialStateLabels, urgencyLabels } from './supplies.ts';
import { surveyStateLabels } from './surveys.ts';
import { userStateLabels } from './users.ts';
import { wishCategoryLabels, wishStateLabels } from './wishes.ts';

type Labels = Readonly<Record<string, string>>;

/** A record's kind (its `entityType` code). */
export const auditEntityLabels: Labels = {
  org: '组织',
  user: '用户',
  audit: '审计日志',
  file: '文件',
  congress: '代表大会',
  'hardship.archive': '困难职工档案',
  'wishes.wish': '微心愿',
  'wishes.activity': '认领活动',
  'supplies.item': '物资',
  'supplies.point': '配送点位',
  'supplies.request': '物资需求',
  'supplies.special': '特殊需求',
  'supplies.shipment': '配送单',
  'errands.errand': '及时送工单',
  'errands.shift': '值班',
  'errands.hotline': '值守电话',
  'errands.complaint': '投诉',
  'proposals.proposal': '提案建议',
  'proposals.appeal': '职工事大家议',
  'proposals.referral': '工会交办事项',
  'proposals.contact': '联系代表',
  'proposals.congress': '代表大会',
  'proposals.representative': '会员代表',
  'duty.session': '会议',
  'duty.record': '履职记录',
  'surveys.survey': '问卷',
};

/** The fields of audit details, by key. */
export const auditFieldLabels: Labels = {
  from: '原状态',
  to: '新状态',
  note: '说明',
  channel: '渠道',
  quantity: '数量',
  onHandAfter: '变动后库存',
  code: '编号',
  name: '名称/姓名',
  date: '日期',
  type: '类型',
  items: '物品',
  amountFen: '金额',
  unitValueFen: '单价',
  supplierOrgId: '供应单位 ID',
  representativeId: '代表 ID',
  assistanceId: '帮扶记录 ID',
  lines: '明细行数',
  pointId: '配送点位 ID',
  suggestedCategory: '建议困难类别',
  visitId: '入户核查 ID',
  visitDate: '核查日期',
  endsAt: '结束时间',
  userId: '用户 ID',
  startsAt: '开始时间',
  count: '条数',
  batchId: '批次',
  archiveIds: '档案 ID',
  kind: '种类',
  urgency: '紧急程度',
  partnerOrgId: '合作单位 ID',
  category: '类别',
  valueFen: '估计价值',
  archiveId: '档案 ID',
  itemCode: '履职项目',
  anonymous: '匿名',
  occurredOn: '发生日期',
  errandId: '工单 ID',
  step: '环节',
  dueAt: '期限',
  level: '催办级别',
  recipients: '通知人数',
  state: '状态',
  title: '标题',
  commentId: '评论 ID',
  label: '名称',
  number: '号码',
  created: '新建',
  reason: '原因',
  absent: '缺席',
  status: '进展',
  outcome: '处理结果',
  unit: '单位',
  description: '描述',
  purpose: '用途',
  author: '发言人',
  dibaoMonthlyFen: '低保标准（月）',
  previousDibaoMonthlyFen: '原低保标准（月）',
  congressId: '代表大会 ID',
  sessionId: '会议 ID',
  decision: '决定',
  active: '启用',
  sections: '修改的部分',
  version: '版本',
  changedRecords: '重算的履职记录',
  changedRepresentatives: '涉及代表',
  by: '操作方',
  sourceAppealId: '来源诉求 ID',
  url: '地址',
  mode: '模式',
  secretChanged: '已更换密钥',
  itemId: '物资 ID',
  lineId: '明细 ID',
  released: '释放数量',
  delta: '变动数量',
  claimDays: '认领期限（天）',
  valueCapFen: '心愿价值上限',
  maxOpenWishes: '进行中心愿上限',
  toOrgId: '接收组织 ID',
  toOrgName: '接收组织',
  transferId: '移交 ID',
  orgs: '组织数',
  accounts: '账号数',
  system: '系统自动',
  fromParentId: '原上级 ID',
  toParentId: '新上级 ID',
  oldPath: '原路径',
  newPath: '新路径',
  reveal: '查看的字段',
  field: '字段',
  rows: '行数',
  filters: '筛选条件',
  masked: '脱敏',
};

/** The states of each record kind that moves through a workflow (the `from`/`to` of its audit rows). */
const stateLabels: Record<string, Labels> = {
  'hardship.archive': archiveStateLabels,
  'hardship.transfer': transferStateLabels,
  'wishes.wish': wishStateLabels,
  'errands.errand': errandStateLabels,
  'proposals.proposal': proposalStateLabels,
  'proposals.appeal': appealStateLabels,
  'duty.record': dutyRecordStateLabels,
  'supplies.request': requestStateLabels,
  'supplies.shipment': shipmentStateLabels,
  'supplies.special': specialStateLabels,
  'surveys.survey': surveyStateLabels,
  user: userStateLabels,
};

/** Codes in other fields whose Chinese name the platform knows, by field. */
const valueLabels: Record<string, Labels> = {
  suggestedCategory: hardshipCategoryLabels,
  urgency: urgencyLabels,
};

/** Codes whose meaning depends on the record kind: `type` of an assistance, `category` of a wish. */
const valueLabelsByAction: Record<string, Record<string, Labels>> = {
  'hardship.assistance': { type: assistanceTypeLabels },
  'wishes.wish': { category: wishCategoryLabels },
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** How a language writes what the detail holds; Chinese (the export's) by default. */
export interface AuditValueFormat {
  yes: string;
  no: string;
  time: (iso: string) => string;
  yuan: (yuan: number) => string;
}

const zhFormat: AuditValueFormat = {
  yes: '是',
  no: '否',
  time: (iso) => beijingDateTime(new Date(iso)),
  yuan: formatYuan,
};

type EntryKind = Pick<TAuditEntry, 'action' | 'entityType'>;

/** One detail value as a cadre reads it: money in 元, times in Beijing time, codes by their name. */
export function auditDetailValue(
  entry: EntryKind,
  key: string,
  value: unknown,
  fmt: AuditValueFormat = zhFormat,
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? fmt.yes : fmt.no;
  if (typeof value === 'number') return key.endsWith('Fen') ? fmt.yuan(value / 100) : String(value);
  if (typeof value === 'string') {
    if (ISO_TIME.test(value)) return fmt.time(value);
    const byAction = valueLabelsByAction[entry.action.split('.').slice(0, 2).join('.')]?.[key];
    const labels =
      key === 'from' || key === 'to' || key === 'state'
        ? stateLabels[entry.entityType ?? '']
        : (byAction ?? valueLabels[key]);
    return labels?.[value] ?? value;
  }
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return value.length === 0 ? '—' : value.map((v) => auditDetailValue(entry, key, v, fmt)).join('、');
  }
  return JSON.stringify(value);
}

/** The record an audit row is about, in words: 困难职工档案 #15 (the code when the kind is unknown). */
export function auditEntityText(entry: Pick<TAuditEntry, 'entityType' | 'entityId'>): string {
  if (!entry.entityType) return '';
  const kind = auditEntityLabels[entry.entityType] ?? entry.entityType;
  return entry.entityId ? `${kind} #${entry.entityId}` : kind;
}

/**
 * A detail's fields in reading order: the move first (原状态 then 新状态), the rest as stored. (jsonb
 * keeps keys by length, so `to` would come before `from`.)
 */
export function auditDetailEntries(detail: TAuditEntry['detail']): [string, unknown][] {
  const first = ['from', 'to'];
  const all = Object.entries(detail ?? {});
  return [
    ...first.flatMap((k) => all.filter(([key]) => key === k)),
    ...all.filter(([key]) => !first.includes(key)),
  ];
}

/** An audit row's detail on one line for Excel: 原状态：待受理；新状态：已受理. */
export function auditDetailText(entry: EntryKind & Pick<TAuditEntry, 'detail'>): string {
  return auditDetailEntries(entry.detail)
    .map(([key, value]) => `${auditFieldLabels[key] ?? key}：${auditDetailValue(entry, key, value)}`)
    .join('；');
}
