import ExcelJS from 'exceljs';
import {
  hardshipCauseLabels,
  healthLabels,
  housingTypeLabels,
  workStatusLabels,
} from '../../../shared/hardship.ts';
import {
  CAUSE_SEPARATOR,
  type ImportColumnKey,
  importColumns,
  templateHeader,
} from '../../../shared/hardship-import.ts';
import { idCardCheckChar } from '../../platform/pii/pii.ts';

/**
 * Invented import workbooks for tests and the bench (`npm run bench -- hardship` times a
 * 100,000-row import with one). Rows are written with ExcelJS's streaming writer straight to the
 * file, so a large workbook never sits in memory. Every ID number is valid (GB 11643 check digit)
 * and unique within the file; a different `seed` gives a disjoint set of ID numbers, so several
 * runs against one database do not collide.
 */

export interface ImportWorkbookOptions {
  /** Picks the ID-number space (default 1); two seeds never share an ID number for counts < 1,000,000. */
  seed?: number;
  /**
   * Make every n-th row (n, 2n, …) invalid, cycling through: a wrong check digit, a bad mobile,
   * a missing name, the ID number of the row before (duplicate within the file).
   */
  badEvery?: number;
}

/** Region codes (valid province prefixes) the invented ID numbers use. */
const REGIONS = ['451002', '451021', '450102', '310101', '330482', '130104', '530102', '450802'];
const DAYS = 14_600; // birth dates from 1960-01-01 over about 40 years
const SURNAMES = ['黄', '韦', '李', '陆', '覃', '农', '王', '张', '陈', '刘', '杨', '赵'];
const GIVEN = ['春梅', '建国', '秀英', '志强', '丽华', '海燕', '国庆', '桂兰', '明', '芳', '伟', '静'];
const CAUSE_KEYS = Object.keys(hardshipCauseLabels).filter(
  (k) => k !== 'other',
) as (keyof typeof hardshipCauseLabels)[];
const HEALTH = [healthLabels.healthy, healthLabels.chronic, healthLabels.serious];
const WORK = Object.values(workStatusLabels);

/** The n-th invented valid ID number (n ≥ 0): region, birth date, sequence and check digit. */
export function inventedIdCard(n: number): string {
  const seq = n % 1000;
  const day = Math.floor(n / 1000) % DAYS;
  const region = REGIONS[Math.floor(n / (1000 * DAYS)) % REGIONS.length] as string;
  const birth = new Date(Date.UTC(1960, 0, 1) + day * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

/** A valid row of the template for the i-th archive of `seed`, keyed by column. */
export function inventedRow(i: number, seed = 1): Record<ImportColumnKey, string> {
  const n = seed * 1_000_000 + i;
  const main = CAUSE_KEYS[i % CAUSE_KEYS.length] as keyof typeof hardshipCauseLabels;
  const second = CAUSE_KEYS[(i + 3) % CAUSE_KEYS.length] as keyof typeof hardshipCauseLabels;
  const size = 1 + (i % 5);
  return {
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`,
    idCard: inventedIdCard(n),
    mobile: `139${String(n % 100_000_000).padStart(8, '0')}`,
    ethnicity: i % 3 === 0 ? '壮族' : '汉族',
    health: HEALTH[i % HEALTH.length] as string,
    disabilityCategory: '',
    workStatus: WORK[i % WORK.length] as string,
    employer: `示例单位${i % 50}`,
    employerUnion: `示例单位${i % 50}工会`,
    address: `广西百色市右江区示例路 ${i % 999} 号`,
    mainCause: hardshipCauseLabels[main],
    secondaryCauses: second === main ? '' : [hardshipCauseLabels[second]].join(CAUSE_SEPARATOR),
    causeOtherText: '',
    // Per-capita income below the default 低保 standard (850 元/month): a 深度困难 suggestion.
    annualIncome: String(size * 6000),
    medicalExpense: String((i % 4) * 1000),
    schoolingExpense: String((i % 3) * 800),
    householdSize: String(size),
    category: '',
    categoryReason: '',
    housingType: Object.values(housingTypeLabels)[i % 4] as string,
    housingArea: String(30 + (i % 60)),
    housingCondition: '',
    bankName: '示例银行',
    bankAccount: `62170000${String(n).padStart(10, '0')}`,
    org: '',
  };
}

/**
 * Stream `count` invented rows (with the template's header) into an .xlsx at `filePath`.
 * Signature kept stable for the bench.
 */
export async function writeImportWorkbook(
  filePath: string,
  count: number,
  opts: ImportWorkbookOptions = {},
): Promise<void> {
  const seed = opts.seed ?? 1;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: filePath, useStyles: false });
  const ws = wb.addWorksheet('困难职工档案');
  ws.addRow(importColumns.map(templateHeader)).commit();
  let previousId = '';
  for (let i = 0; i < count; i++) {
    const row = inventedRow(i, seed);
    const k = opts.badEvery && (i + 1) % opts.badEvery === 0 ? ((i + 1) / opts.badEvery) % 4 : -1;
    if (k === 1) row.idCard = row.idCard.slice(0, 17) + (row.idCard.endsWith('0') ? '1' : '0');
    if (k === 2) row.mobile = '1234';
    if (k === 3) row.name = '';
    if (k === 0 && previousId) row.idCard = previousId;
    previousId = row.idCard;
    ws.addRow(importColumns.map((c) => row[c.key])).commit();
  }
  ws.commit();
  await wb.commit();
}
