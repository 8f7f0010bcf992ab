import { z } from 'zod';
import {
  disabilityLabels,
  hardshipCategoryLabels,
  hardshipCauseLabels,
  healthLabels,
  housingTypeLabels,
  workStatusLabels,
  ZListArchivesQuery,
} from './hardship.ts';

/**
 * Excel 批量导入 and 导出 of hardship archives: the template's columns (shared by the server, the
 * template, the test fixture and the console) and the contracts of an import run and an export.
 */

export interface ImportColumn {
  key: ImportColumnKey;
  /** Header as written in the template (without the `*` that marks required columns). */
  header: string;
  required?: boolean;
  /** Allowed values (Chinese labels) for enumerations, listed on the 填写说明 sheet. */
  choices?: readonly string[];
  /** What to write, shown on the 填写说明 sheet. */
  hint: string;
  width: number;
  example: string;
}

export type ImportColumnKey =
  | 'name'
  | 'idCard'
  | 'mobile'
  | 'ethnicity'
  | 'health'
  | 'disabilityCategory'
  | 'workStatus'
  | 'employer'
  | 'employerUnion'
  | 'address'
  | 'mainCause'
  | 'secondaryCauses'
  | 'causeOtherText'
  | 'annualIncome'
  | 'medicalExpense'
  | 'schoolingExpense'
  | 'householdSize'
  | 'category'
  | 'categoryReason'
  | 'housingType'
  | 'housingArea'
  | 'housingCondition'
  | 'bankName'
  | 'bankAccount'
  | 'org';

/** Separator of several secondary causes in one cell (a comma or semicolon is accepted too). */
export const CAUSE_SEPARATOR = '、';

const choices = (labels: Record<string, string>) => Object.values(labels);

/** The import template's columns, in order. Required ones are marked `*` in the header row. */
export const importColumns: readonly ImportColumn[] = [
  { key: 'name', header: '姓名', required: true, hint: '户主（申请人）姓名', width: 10, example: '黄春梅' },
  {
    key: 'idCard',
    header: '身份证号',
    required: true,
    hint: '18 位居民身份证号（末位可为 X），按文本填写；性别、出生日期由身份证号得出',
    width: 22,
    example: '451002198808081231',
  },
  { key: 'mobile', header: '手机号', hint: '11 位手机号', width: 14, example: '13800138000' },
  { key: 'ethnicity', header: '民族', hint: '如 汉族、壮族', width: 8, example: '壮族' },
  {
    key: 'health',
    header: '健康状况',
    required: true,
    choices: choices(healthLabels),
    hint: '填下列之一',
    width: 10,
    example: healthLabels.chronic,
  },
  {
    key: 'disabilityCategory',
    header: '残疾类别',
    choices: choices(disabilityLabels),
    hint: '健康状况为“残疾”时必填',
    width: 10,
    example: '',
  },
  {
    key: 'workStatus',
    header: '就业状况',
    required: true,
    choices: choices(workStatusLabels),
    hint: '填下列之一',
    width: 10,
    example: workStatusLabels.laidOff,
  },
  { key: 'employer', header: '工作单位', hint: '', width: 20, example: '右江区城区环卫站' },
  {
    key: 'employerUnion',
    header: '单位工会',
    hint: '所在基层工会名称',
    width: 20,
    example: '右江区城区环卫站工会',
  },
  { key: 'address', header: '家庭住址', hint: '', width: 28, example: '广西百色市右江区城东路 12 号' },
  {
    key: 'mainCause',
    header: '主要致困原因',
    required: true,
    choices: choices(hardshipCauseLabels),
    hint: '填下列之一',
    width: 16,
    example: hardshipCauseLabels.laidOff,
  },
  {
    key: 'secondaryCauses',
    header: '次要致困原因',
    choices: choices(hardshipCauseLabels),
    hint: `最多 3 项，用“${CAUSE_SEPARATOR}”分隔，不能与主要原因相同`,
    width: 22,
    example: `${hardshipCauseLabels.schooling}${CAUSE_SEPARATOR}${hardshipCauseLabels.seriousIllness}`,
  },
  {
    key: 'causeOtherText',
    header: '其他原因说明',
    hint: '致困原因选“其他”时必填',
    width: 16,
    example: '',
  },
  {
    key: 'annualIncome',
    header: '家庭年可支配收入（元）',
    required: true,
    hint: '单位：元，最多两位小数',
    width: 14,
    example: '18000',
  },
  { key: 'medicalExpense', header: '年医疗支出（元）', hint: '单位：元，空为 0', width: 12, example: '6000' },
  {
    key: 'schoolingExpense',
    header: '年教育支出（元）',
    hint: '单位：元，空为 0',
    width: 12,
    example: '3000',
  },
  { key: 'householdSize', header: '家庭人口', required: true, hint: '1–30 的整数', width: 8, example: '3' },
  {
    key: 'category',
    header: '困难类别',
    choices: choices(hardshipCategoryLabels),
    hint: '空则采用系统按收入与低保标准测算的类别；与测算不同时须填调整理由',
    width: 10,
    example: '',
  },
  { key: 'categoryReason', header: '类别调整理由', hint: '', width: 16, example: '' },
  {
    key: 'housingType',
    header: '住房类型',
    choices: choices(housingTypeLabels),
    hint: '填下列之一',
    width: 10,
    example: housingTypeLabels.rented,
  },
  { key: 'housingArea', header: '住房面积（平方米）', hint: '数字', width: 10, example: '45' },
  { key: 'housingCondition', header: '住房状况', hint: '', width: 16, example: '老旧，漏雨' },
  { key: 'bankName', header: '开户银行', hint: '', width: 16, example: '百色农商银行' },
  {
    key: 'bankAccount',
    header: '银行账号',
    hint: '8–30 位数字，按文本填写',
    width: 24,
    example: '6217000012345678',
  },
  {
    key: 'org',
    header: '所属组织',
    hint: '档案所属工会的组织编号或全称，须在您的管辖范围内；空则为导入时选择的组织（默认您所在的组织）',
    width: 20,
    example: '',
  },
];

/** Header (as the reader sees it: no `*`, no spaces) of each column. */
export const importHeader = (key: ImportColumnKey): string =>
  importColumns.find((c) => c.key === key)?.header ?? key;

/** Header cell text in the template: required columns end with `*`. */
export const templateHeader = (c: ImportColumn) => (c.required ? `${c.header}*` : c.header);

/** The column that lists why a row was refused, appended in the error workbook. */
export const ERROR_COLUMN = '错误原因';

export const importStates = ['queued', 'running', 'done', 'failed'] as const;
export type ImportState = (typeof importStates)[number];
export const importStateLabels: Record<ImportState, string> = {
  queued: '排队中',
  running: '导入中',
  done: '已完成',
  failed: '失败',
};

/** One Excel import run, polled by the console's progress bar. */
export const ZImportRun = z.object({
  id: z.number().int(),
  state: z.enum(importStates),
  org: z.object({ id: z.number().int(), name: z.string() }),
  originalName: z.string(),
  /** Data rows in the workbook (header excluded); null until known. */
  totalRows: z.number().int().nullable(),
  processedRows: z.number().int(),
  importedRows: z.number().int(),
  failedRows: z.number().int(),
  /** 0–100. */
  progress: z.number().int().min(0).max(100),
  /** Error workbook (original columns + 错误原因), download through `GET /api/v1/files/:id`. */
  errorFileId: z.string().nullable(),
  /** Why the whole run failed (not a workbook, wrong header …). */
  failure: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type TImportRun = z.infer<typeof ZImportRun>;
export const ZImportRunList = z.object({ items: z.array(ZImportRun) });

export const ZImportIdParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** `POST /archives/imports?orgId=`: rows with an empty 所属组织 go to this org (default: the caller's). */
export const ZStartImportQuery = z.object({
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});

/** Most rows one export may hold; a larger selection is refused with a message to narrow the filters. */
export const EXPORT_MAX_ROWS = 100_000;

/** The list's filters (no paging) plus `unmasked=true` for full ID numbers, mobiles and addresses. */
export const ZExportArchivesQuery = ZListArchivesQuery.omit({ page: true, pageSize: true }).extend({
  unmasked: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});
export type TExportArchivesQuery = z.infer<typeof ZExportArchivesQuery>;
