import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { and, asc, desc, eq, getTableColumns, gt, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import ExcelJS from 'exceljs';
import { XLSX_MIME } from '../../../shared/files.ts';
import {
  archiveStateLabels,
  disabilityLabels,
  type HardshipCause,
  hardshipCategoryLabels,
  hardshipCauseLabels,
  healthLabels,
  housingTypeLabels,
  suggestCategory,
  type TCreateArchiveInput,
  workStatusLabels,
  ZCreateArchiveInput,
} from '../../../shared/hardship.ts';
import {
  CAUSE_SEPARATOR,
  ERROR_COLUMN,
  EXPORT_MAX_ROWS,
  type ImportColumnKey,
  type ImportState,
  importColumns,
  importHeader,
  type TExportArchivesQuery,
  type TImportRun,
  templateHeader,
} from '../../../shared/hardship-import.ts';
import { type DbOrTx, sqlRows } from '../../db/client.ts';
import { authorize, grant, inSubtree, isWithin, requireActor } from '../../platform/access/access.ts';
import { registerEntityKind } from '../../platform/access/entities.ts';
import { recordAudit, registerAuditLabels } from '../../platform/audit/audit.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import type { Actor, Ctx, Deps } from '../../platform/context.ts';
import { withTx } from '../../platform/context.ts';
import { AppError, badRequest, notFound, tooLarge, unsupportedMediaType } from '../../platform/errors.ts';
import { readSheetRows, type SheetColumn, writeSheet } from '../../platform/excel/excel.ts';
import { filesRoot, storageKeyFor } from '../../platform/files/files.service.ts';
import { files } from '../../platform/files/files.table.ts';
import { findOrg, registerOrgPathCopy } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { maskMobile } from '../../platform/pii/pii.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { archiveFlow } from './hardship.flow.ts';
import {
  type ArchiveInsert,
  archiveFilter,
  aYearAfter,
  dibaoFor,
  duplicate,
  maskAddress,
  prepareArchive,
  todayCst,
} from './hardship.service.ts';
import { hardshipArchives, hardshipImports, hardshipQrTokens } from './hardship.table.ts';
import { hashQrToken } from './qr.service.ts';

/**
 * Excel 批量导入 and 导出 of hardship archives (issue #4 point 9).
 *
 * An import digitises a union's existing paper archives: the workbook is streamed to the files
 * store, a job (`hardship-import`, import.jobs.ts) reads it row by row with the streaming reader,
 * checks every row with the same rules as filing through the API (ZCreateArchiveInput and
 * `prepareArchive`), refuses ID numbers repeated in the file or already on file anywhere on the
 * platform, and writes the valid rows 500 per transaction. Imported archives land 在档 (filed
 * now, yearly review a year later, the suggested category confirmed unless the row gives one, a
 * personal QR token issued like on approval) with one 批量导入 event on each timeline. Bad rows
 * go to an error workbook (the file's columns + 错误原因) written with the streaming writer.
 * Memory stays flat: one batch of rows, the ID numbers' blind indexes seen so far, small caches.
 */

// ---------------------------------------------------------------- access

// Importing creates archives and the workbooks hold full ID numbers: cadres and admins only.
grant('cadre', ['hardship.import']);
grant('admin', ['hardship.import']);

registerOrgPathCopy('hardship_imports');

registerEntityKind({
  type: 'hardship.import',
  label: '困难职工档案导入批次',
  viewAction: 'hardship.import',
  attachAction: 'hardship.import',
  async load(db, id) {
    if (!/^[1-9]\d{0,9}$/.test(id)) return null;
    const [row] = await db
      .select({
        orgId: hardshipImports.orgId,
        orgPath: hardshipImports.orgPath,
        state: hardshipImports.state,
      })
      .from(hardshipImports)
      .where(eq(hardshipImports.id, Number(id)));
    return row ?? null;
  },
});

registerAuditLabels({
  'hardship.archive.import': '批量导入困难职工档案',
  'hardship.archive.export': '导出困难职工档案',
});

/** Rows per transaction (and per progress update). */
export const IMPORT_BATCH = 500;
/** Largest workbook accepted for an import (a 100,000-row workbook is about 14 MB). */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
const IMPORT_ENTITY = 'hardship.import';
const IMPORT_EVENT = 'import';
const IMPORT_EVENT_LABEL = '批量导入';

type ImportRow = typeof hardshipImports.$inferSelect;

// ---------------------------------------------------------------- files on disk

// Same layout as platform/files, so the files API serves them.
const filesDir = filesRoot;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

/** The entries of a zip's central directory, read from the end of the file (null: not a zip). */
async function zipEntries(filePath: string): Promise<ZipEntry[] | null> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    if (size < 22) return null;
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await handle.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset + cdSize > size || cdSize > 16 * 1024 * 1024) return null;
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const out: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) return null;
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      out.push({
        name: cd.toString('utf8', p + 46, p + 46 + nameLen),
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        localOffset: cd.readUInt32LE(p + 42),
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** An Office Open XML workbook without macros. */
async function isWorkbook(filePath: string): Promise<boolean> {
  const entries = await zipEntries(filePath).catch(() => null);
  if (!entries) return false;
  const names = entries.map((e) => e.name);
  return (
    names.includes('[Content_Types].xml') &&
    names.includes('xl/workbook.xml') &&
    !names.some((n) => n.toLowerCase().endsWith('vbaproject.bin'))
  );
}

/**
 * Rows of the first worksheet (header included), by counting `<row` tags in its inflated XML —
 * no cell is parsed, so it takes a fraction of a second for 100,000 rows. Null when unknown.
 */
async function countSheetRows(filePath: string): Promise<number | null> {
  const entries = await zipEntries(filePath);
  const sheet = entries?.find((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  if (!sheet || (sheet.method !== 0 && sheet.method !== 8)) return null;
  const handle = await open(filePath, 'r');
  let dataStart: number;
  try {
    const header = Buffer.alloc(30);
    await handle.read(header, 0, 30, sheet.localOffset);
    if (header.readUInt32LE(0) !== 0x04034b50) return null;
    dataStart = sheet.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  if (sheet.compressedSize === 0) return null;
  let rows = 0;
  let carry = '';
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const text = carry + chunk.toString('latin1');
      for (let i = text.indexOf('<row'); i >= 0; i = text.indexOf('<row', i + 4)) {
        const next = text[i + 4];
        if (next === ' ' || next === '>' || next === '/') rows += 1;
        else if (next === undefined) break;
      }
      // A tag cut at the chunk's end is counted with the next chunk; a counted one never lies in the carry.
      carry = text.slice(-4);
      done();
    },
  });
  const source = createReadStream(filePath, { start: dataStart, end: dataStart + sheet.compressedSize - 1 });
  if (sheet.method === 8) await pipeline(source, createInflateRaw(), counter);
  else await pipeline(source, counter);
  return rows;
}

const totalsCache = new Map<number, number | null>();

/** Data rows of a run's workbook (header excluded), computed once per process. */
async function totalRowsOf(deps: Deps, run: ImportRow): Promise<number | null> {
  if (totalsCache.has(run.id)) return totalsCache.get(run.id) ?? null;
  const stored = await storedPath(deps, run.sourceFileId);
  const rows = stored ? await countSheetRows(stored).catch(() => null) : null;
  const total = rows === null ? null : Math.max(0, rows - 1);
  if (totalsCache.size > 1000) totalsCache.clear();
  totalsCache.set(run.id, total);
  return total;
}

async function storedPath(deps: Deps, fileId: string): Promise<string | null> {
  const [f] = await deps.database.db
    .select({ storageKey: files.storageKey })
    .from(files)
    .where(eq(files.id, fileId));
  return f ? path.join(filesDir(deps), f.storageKey) : null;
}

async function sha256Of(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(filePath), hash);
  return hash.digest('hex');
}

// ---------------------------------------------------------------- presenting runs

async function toRun(deps: Deps, r: ImportRow, orgName: string): Promise<TImportRun> {
  const total = r.state === 'done' ? r.processedRows : await totalRowsOf(deps, r);
  const progress =
    r.state === 'done' ? 100 : total ? Math.min(99, Math.floor((r.processedRows / total) * 100)) : 0;
  return {
    id: r.id,
    state: r.state as ImportState,
    org: { id: r.orgId, name: orgName },
    originalName: r.originalName,
    totalRows: total,
    processedRows: r.processedRows,
    importedRows: r.importedRows,
    failedRows: r.failedRows,
    progress,
    errorFileId: r.errorFileId,
    failure: r.failure,
    createdBy: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** One import run of the caller's subtree (404 outside it). */
export async function getImportRun(ctx: Ctx, id: number): Promise<TImportRun> {
  authorize(ctx, 'hardship.import');
  const [row] = await ctx.db
    .select({ r: hardshipImports, orgName: orgs.name })
    .from(hardshipImports)
    .innerJoin(orgs, eq(orgs.id, hardshipImports.orgId))
    .where(eq(hardshipImports.id, id));
  if (!row) throw notFound('导入批次不存在或无权查看');
  authorize(ctx, 'hardship.import', { orgPath: row.r.orgPath });
  return toRun(ctx.deps, row.r, row.orgName);
}

/** The 20 most recent import runs of the caller's subtree. */
export async function listImportRuns(ctx: Ctx): Promise<TImportRun[]> {
  const m = authorize(ctx, 'hardship.import');
  const rows = await ctx.db
    .select({ r: hardshipImports, orgName: orgs.name })
    .from(hardshipImports)
    .innerJoin(orgs, eq(orgs.id, hardshipImports.orgId))
    .where(inSubtree(hardshipImports.orgPath, m.orgPath))
    .orderBy(desc(hardshipImports.id))
    .limit(20);
  return Promise.all(rows.map((r) => toRun(ctx.deps, r.r, r.orgName)));
}

// ---------------------------------------------------------------- starting a run

export interface StartImportInput {
  /** The upload, streamed to disk as it arrives. */
  stream: Readable;
  filename: string;
  /** Rows with an empty 所属组织 go here (an org in the caller's subtree); default the caller's org. */
  orgId?: number | undefined;
}

export interface StartedImport {
  run: TImportRun;
  /** For the job: rows with an empty 所属组织 go to this org. */
  defaultOrgId: number;
}

const cleanName = (name: string) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const base = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const stem = base.replace(/\.xlsx$/i, '').slice(0, 100) || '导入文件';
  return `${stem}.xlsx`;
};

/**
 * Store an uploaded workbook (streamed to DATA_DIR/files, never held whole in memory), check that
 * it is an .xlsx, and create a queued import run in the caller's org. The caller queues the job.
 */
export async function startImport(ctx: Ctx, input: StartImportInput): Promise<StartedImport> {
  const actor = requireActor(ctx);
  const m = authorize(ctx, 'hardship.import');
  let defaultOrgId = m.orgId;
  if (input.orgId !== undefined) {
    const org = await findOrg(ctx.db, input.orgId);
    if (!org) throw notFound('组织不存在或无权查看');
    authorize(ctx, 'hardship.import', { orgPath: org.path });
    defaultOrgId = org.id;
  }
  const deps = ctx.deps;
  const fileId = randomUUID();
  const storageKey = storageKeyFor(fileId);
  const target = path.join(filesDir(deps), storageKey);
  const temp = `${target}.part`;
  await mkdir(path.dirname(target), { recursive: true, mode: 0o750 });
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(input.stream, meter, createWriteStream(temp, { mode: 0o640, flags: 'wx' }));
    if ((input.stream as Readable & { truncated?: boolean }).truncated) {
      throw tooLarge(`导入文件不能超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB，请拆分后分批导入`);
    }
    if (size === 0) throw badRequest('EMPTY_FILE', '文件是空的，请重新选择');
    if (!(await isWorkbook(temp))) {
      throw unsupportedMediaType(
        '请上传 Excel 工作簿（.xlsx），可先下载导入模板按模板填写',
        'NOT_A_WORKBOOK',
      );
    }
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => {});
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw tooLarge(`导入文件不能超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB，请拆分后分批导入`);
    }
    throw err;
  }
  const originalName = cleanName(input.filename);
  try {
    const run = await deps.database.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(hardshipImports)
        .values({
          orgId: m.orgId,
          orgPath: m.orgPath,
          state: 'queued',
          sourceFileId: fileId,
          originalName,
          createdBy: actor.userId,
          createdByName: actor.displayName,
        })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      await tx.insert(files).values({
        id: fileId,
        entityType: IMPORT_ENTITY,
        entityId: String(row.id),
        orgId: m.orgId,
        orgPath: m.orgPath,
        originalName,
        mime: XLSX_MIME,
        size,
        sha256: hash.digest('hex'),
        storageKey,
        uploadedBy: actor.userId,
      });
      await recordAudit(withTx(ctx, tx), {
        action: 'file.upload',
        entityType: 'file',
        entityId: fileId,
        orgId: m.orgId,
        orgPath: m.orgPath,
        detail: { entityType: IMPORT_ENTITY, entityId: row.id, name: originalName, size, mime: XLSX_MIME },
      });
      return row;
    });
    return { run: await toRun(deps, run, m.orgName), defaultOrgId };
  } catch (err) {
    await unlink(target).catch(() => {});
    throw err;
  }
}

// ---------------------------------------------------------------- running a run (the job)

type Cells = Record<string, string>;

interface RowIssue {
  column: string;
  message: string;
}

const reverse = (labels: Record<string, string>) =>
  new Map(Object.entries(labels).map(([value, label]) => [label, value]));
const healthByLabel = reverse(healthLabels);
const disabilityByLabel = reverse(disabilityLabels);
const workByLabel = reverse(workStatusLabels);
const causeByLabel = reverse(hardshipCauseLabels);
const categoryByLabel = reverse(hardshipCategoryLabels);
const housingByLabel = reverse(housingTypeLabels);

/** Where each field of ZCreateArchiveInput sits in the template. */
const columnOfField: Record<string, ImportColumnKey> = {
  'basic.name': 'name',
  'basic.idCard': 'idCard',
  'basic.mobile': 'mobile',
  'basic.ethnicity': 'ethnicity',
  'basic.health': 'health',
  'basic.disabilityCategory': 'disabilityCategory',
  'basic.workStatus': 'workStatus',
  'basic.employer': 'employer',
  'basic.employerUnion': 'employerUnion',
  'basic.address': 'address',
  'basic.bankName': 'bankName',
  'basic.bankAccount': 'bankAccount',
  'causes.main': 'mainCause',
  'causes.secondary': 'secondaryCauses',
  'causes.otherText': 'causeOtherText',
  'income.annualIncomeFen': 'annualIncome',
  'income.medicalExpenseFen': 'medicalExpense',
  'income.schoolingExpenseFen': 'schoolingExpense',
  'income.householdSize': 'householdSize',
  'income.category': 'category',
  'income.categoryReason': 'categoryReason',
  'housing.type': 'housingType',
  'housing.areaM2': 'housingArea',
  'housing.condition': 'housingCondition',
  orgId: 'org',
};

function columnFor(field: string): string {
  const parts = field.split('.');
  for (let n = parts.length; n > 0; n--) {
    const key = columnOfField[parts.slice(0, n).join('.')];
    if (key) return importHeader(key);
  }
  return field;
}

/** 元 → fen: up to two decimals, no negatives. */
/** The most a money cell may say, as the console's money fields (20,000,000 元). */
const MAX_YUAN = 20_000_000;

/** A money cell in 元 → fen, or what is wrong with it, in the words the error workbook uses. */
function yuanToFen(text: string): { fen: number } | { problem: string } {
  const t = text.replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return { problem: '应为金额（元），如 12000 或 1234.56' };
  const n = Number(t);
  if (n < 0) return { problem: '金额不能为负' };
  if (n > MAX_YUAN) return { problem: `应在 0 到 ${MAX_YUAN.toLocaleString('en-US')} 元之间` };
  const fen = Math.round(n * 100);
  // Excel may hand a float like 1234.5600000001: accept it when it rounds to whole fen.
  if (Math.abs(fen - n * 100) > 1e-6) return { problem: '最多两位小数（分）' };
  return { fen };
}

interface OrgTarget {
  id: number;
  path: string;
  name: string;
  state: string;
}

/** The run's context: the importer acting in the membership they started the run with. */
interface RunScope {
  ctx: Ctx;
  rootPath: string;
  defaultOrg: OrgTarget;
  orgCache: Map<string, OrgTarget | string>;
  dibaoCache: Map<number, number>;
}

async function resolveOrg(scope: RunScope, text: string): Promise<OrgTarget | string> {
  const key = text.trim();
  if (!key) return scope.defaultOrg;
  const hit = scope.orgCache.get(key);
  if (hit) return hit;
  const db = scope.ctx.db;
  let result: OrgTarget | string;
  const candidates = await db
    .select({ id: orgs.id, path: orgs.path, name: orgs.name, state: orgs.state })
    .from(orgs)
    .where(
      and(
        /^\d{1,9}$/.test(key) ? eq(orgs.id, Number(key)) : eq(orgs.name, key),
        inSubtree(orgs.path, scope.rootPath),
      ),
    )
    .limit(2);
  const [first] = candidates;
  if (!first) result = `组织「${key}」不存在或不在您的管辖范围内`;
  else if (candidates.length > 1) result = `有多个名为「${key}」的组织，请填写组织编号`;
  else if (first.state !== 'active') result = `组织「${first.name}」已停用，不能在其中建档`;
  else result = first;
  if (scope.orgCache.size > 10_000) scope.orgCache.clear();
  scope.orgCache.set(key, result);
  return result;
}

async function dibaoOf(scope: RunScope, org: OrgTarget): Promise<number> {
  const hit = scope.dibaoCache.get(org.id);
  if (hit !== undefined) return hit;
  const d = await dibaoFor(scope.ctx.db, org.path);
  scope.dibaoCache.set(org.id, d.fen);
  return d.fen;
}

interface Candidate {
  rowNumber: number;
  cells: Cells;
  values: ArchiveInsert;
  idCardHash: string;
}

/**
 * One row → a ready archive row, or the row's problems (column and message). The same rules as
 * 窗口受理: the cells become a ZCreateArchiveInput, which `prepareArchive` checks and builds.
 */
async function checkRow(
  scope: RunScope,
  cells: Cells,
): Promise<{ ok: ArchiveInsert; hash: string } | RowIssue[]> {
  const issues: RowIssue[] = [];
  const cell = (key: ImportColumnKey) => (cells[importHeader(key)] ?? '').trim();
  const bad = (key: ImportColumnKey, message: string) => issues.push({ column: importHeader(key), message });
  const pick = (key: ImportColumnKey, map: Map<string, string>, required: boolean): string | null => {
    const text = cell(key);
    if (!text) {
      if (required) bad(key, `请填写${importHeader(key)}`);
      return null;
    }
    const value = map.get(text);
    if (!value) bad(key, `「${text}」不是可选值，可填：${[...map.keys()].join('、')}`);
    return value ?? null;
  };
  const money = (key: ImportColumnKey, required: boolean): number | undefined => {
    const text = cell(key);
    if (!text) {
      if (required) bad(key, `请填写${importHeader(key)}`);
      return undefined;
    }
    const parsed = yuanToFen(text);
    if ('problem' in parsed) {
      bad(key, parsed.problem);
      return undefined;
    }
    return parsed.fen;
  };

  const health = pick('health', healthByLabel, true);
  const disability = pick('disabilityCategory', disabilityByLabel, false);
  const work = pick('workStatus', workByLabel, true);
  const main = pick('mainCause', causeByLabel, true);
  const category = pick('category', categoryByLabel, false);
  const housingType = pick('housingType', housingByLabel, false);
  const secondary: string[] = [];
  for (const part of cell('secondaryCauses').split(/[、,，;；/]/)) {
    const text = part.trim();
    if (!text) continue;
    const value = causeByLabel.get(text);
    if (value) secondary.push(value);
    else bad('secondaryCauses', `「${text}」不是可选的致困原因`);
  }
  const annualIncomeFen = money('annualIncome', true);
  const medicalExpenseFen = money('medicalExpense', false) ?? 0;
  const schoolingExpenseFen = money('schoolingExpense', false) ?? 0;
  const sizeText = cell('householdSize');
  const householdSize = /^\d{1,2}$/.test(sizeText) ? Number(sizeText) : undefined;
  if (!sizeText) bad('householdSize', '请填写家庭人口');
  else if (householdSize === undefined) bad('householdSize', '家庭人口应为 1–30 的整数');
  const areaText = cell('housingArea');
  const areaM2 = areaText ? Number(areaText) : null;
  if (areaText && !Number.isFinite(areaM2)) bad('housingArea', '住房面积应为数字');
  const org = await resolveOrg(scope, cell('org'));
  if (typeof org === 'string') bad('org', org);
  if (issues.length > 0 || typeof org === 'string') return issues;

  const orNull = (key: ImportColumnKey) => cell(key) || null;
  const raw = {
    orgId: org.id,
    basic: {
      name: cell('name'),
      idCard: cell('idCard'),
      mobile: orNull('mobile'),
      ethnicity: orNull('ethnicity'),
      health,
      disabilityCategory: disability,
      workStatus: work,
      employer: orNull('employer'),
      employerUnion: orNull('employerUnion'),
      address: orNull('address'),
      members: [],
      bankName: orNull('bankName'),
      bankAccount: orNull('bankAccount'),
    },
    causes: { main, secondary, otherText: orNull('causeOtherText') },
    income: {
      annualIncomeFen,
      medicalExpenseFen,
      schoolingExpenseFen,
      householdSize,
      category,
      categoryReason: orNull('categoryReason'),
    },
    housing: housingType ? { type: housingType, areaM2, condition: orNull('housingCondition') } : null,
    plan: [],
    helperUserId: null,
  };
  const parsed = ZCreateArchiveInput.safeParse(raw);
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const i of parsed.error.issues) {
      const column = columnFor(i.path.join('.'));
      if (seen.has(column)) continue;
      seen.add(column);
      issues.push({ column, message: i.message });
    }
    return issues;
  }
  const input: TCreateArchiveInput = parsed.data;
  const dibao = await dibaoOf(scope, org);
  // A paper archive already on file: its category is the one given, else the suggested one.
  const suggested = suggestCategory({
    ...input.income,
    mainCause: input.causes.main as HardshipCause,
    dibaoMonthlyFen: dibao,
  });
  if (!input.income.category) {
    if (!suggested) {
      return [
        {
          column: importHeader('category'),
          message:
            '按收入测算不符合建档标准（人均月收入不低于低保标准的 2 倍）；确需建档请填写困难类别和调整理由',
        },
      ];
    }
    input.income.category = suggested;
  }
  try {
    const prepared = prepareArchive(scope.ctx, org, input, 'window', dibao);
    return { ok: prepared.values, hash: prepared.idCardHash };
  } catch (e) {
    if (e instanceof AppError && Array.isArray(e.details)) {
      return (e.details as { field: string; message: string }[]).map((d) => ({
        column: columnFor(d.field),
        message: d.message,
      }));
    }
    throw e;
  }
}

/**
 * Insert many rows with one parameter: the batch as a JSON array, expanded by jsonb_to_recordset.
 * Building a 500-row × 45-column VALUES list through the query builder costs more CPU than the
 * database spends writing it; this keeps the import's cost in PostgreSQL. Same SQL on PGlite.
 */
async function insertRecords(
  tx: DbOrTx,
  table: PgTable,
  rows: Record<string, unknown>[],
  tail: SQL,
): Promise<Record<string, unknown>[]> {
  const first = rows[0];
  if (!first) return [];
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key in first);
  const records = rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [key, c] of columns) {
      const v = r[key];
      out[c.name] = v instanceof Date ? v.toISOString() : (v ?? null);
    }
    return out;
  });
  const names = columns.map(([, c]) => `"${c.name}"`).join(', ');
  const defs = columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', ');
  return sqlRows(
    tx,
    sql`insert into ${table} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x(${sql.raw(defs)}) ${tail}`,
  );
}

const describe = (issues: RowIssue[]) => issues.map((i) => `${i.column}：${i.message}`).join('；');

/** The error workbook, opened on the first bad row and streamed to disk. */
class ErrorBook {
  readonly fileId = randomUUID();
  readonly storageKey = storageKeyFor(this.fileId);
  readonly target: string;
  private wb: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
  private ws: ExcelJS.Worksheet | null = null;
  private headers: string[] = [];
  rows = 0;

  constructor(deps: Deps) {
    this.target = path.join(filesDir(deps), this.storageKey);
  }

  async add(headers: string[], rowNumber: number, cells: Cells, reason: string) {
    if (!this.ws) {
      await mkdir(path.dirname(this.target), { recursive: true, mode: 0o750 });
      this.headers = headers;
      this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${this.target}.part`, useStyles: true });
      const ws = this.wb.addWorksheet('错误行', { views: [{ state: 'frozen', ySplit: 1 }] });
      const required = new Set(importColumns.filter((c) => c.required).map((c) => c.header));
      ws.columns = [
        ...headers.map((h) => ({
          header: required.has(h) ? `${h}*` : h,
          width: importColumns.find((c) => c.header === h)?.width ?? 14,
          style: { numFmt: '@' },
        })),
        { header: ERROR_COLUMN, width: 60 },
        { header: '原行号', width: 8 },
      ];
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      this.ws = ws;
    }
    this.ws.addRow([...this.headers.map((h) => cells[h] ?? ''), reason, rowNumber]).commit();
    this.rows += 1;
  }

  /** Finish the workbook and move it into place; returns its size (null when no row was bad). */
  async close(): Promise<number | null> {
    if (!this.wb || !this.ws) return null;
    this.ws.commit();
    await this.wb.commit();
    await rename(`${this.target}.part`, this.target);
    return (await stat(this.target)).size;
  }

  async discard() {
    await unlink(`${this.target}.part`).catch(() => {});
    await unlink(this.target).catch(() => {});
  }
}

/** The importer, acting again in the membership (org and role) they started the run with. */
async function importerCtx(deps: Deps, run: ImportRow): Promise<Ctx | string> {
  if (!run.createdBy) return '导入人不存在';
  const [row] = await deps.database.db
    .select({ user: users, membershipId: memberships.id, role: memberships.role, org: orgs })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(
      and(
        eq(memberships.userId, run.createdBy),
        eq(memberships.orgId, run.orgId),
        inArray(memberships.role, ['admin', 'cadre']),
      ),
    )
    .orderBy(asc(memberships.id))
    .limit(1);
  if (row?.user.state !== 'active') return '导入人已不再是该组织的工会干部或管理员，导入未执行';
  const actor: Actor = {
    userId: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    sessionId: '',
    csrfToken: '',
    membership: {
      id: row.membershipId,
      role: row.role as 'admin' | 'cadre',
      orgId: row.org.id,
      orgPath: row.org.path,
      orgName: row.org.name,
      orgType: row.org.type as NonNullable<Actor['membership']>['orgType'],
    },
  };
  return { db: deps.database.db, actor, ip: null, deps };
}

export interface RunImportResult {
  /** False when another delivery of the job had already claimed the run (this one did nothing). */
  claimed: boolean;
  state: ImportState;
  processed: number;
  imported: number;
  failed: number;
}

/**
 * Run a queued import (the `hardship-import` job). Claims the run (queued → running) so a second
 * delivery of the job does nothing, streams the workbook, and imports it batch by batch.
 */
export async function runImport(
  deps: Deps,
  data: { importId: number; defaultOrgId?: number | undefined },
): Promise<RunImportResult> {
  const db = deps.database.db;
  const [run] = await db
    .update(hardshipImports)
    .set({ state: 'running', startedAt: sql`now()` })
    .where(and(eq(hardshipImports.id, data.importId), eq(hardshipImports.state, 'queued')))
    .returning();
  if (!run) {
    const [now] = await db.select().from(hardshipImports).where(eq(hardshipImports.id, data.importId));
    return {
      claimed: false,
      state: (now?.state ?? 'failed') as ImportState,
      processed: now?.processedRows ?? 0,
      imported: now?.importedRows ?? 0,
      failed: now?.failedRows ?? 0,
    };
  }
  const counts = { processed: 0, imported: 0, failed: 0 };
  const errors = new ErrorBook(deps);
  let ctx: Ctx | null = null;
  // One batch is written while the next is read and checked (the database and this process work
  // at the same time); never two, so batches land, count and report in file order. Resolves to
  // the write's error, if any, so a failure waits for the next `settle` instead of going unhandled.
  let inflight: Promise<unknown> = Promise.resolve(null);
  const settle = async () => {
    const err = await inflight;
    inflight = Promise.resolve(null);
    if (err) throw err;
  };
  const finish = async (state: 'done' | 'failed', failure: string | null) => {
    await inflight;
    let errorFileId: string | null = null;
    const size = await errors.close();
    await db.transaction(async (tx) => {
      if (size !== null) {
        errorFileId = errors.fileId;
        await tx.insert(files).values({
          id: errors.fileId,
          entityType: IMPORT_ENTITY,
          entityId: String(run.id),
          orgId: run.orgId,
          orgPath: run.orgPath,
          originalName: `导入错误报告-${run.originalName}`,
          mime: XLSX_MIME,
          size,
          sha256: await sha256Of(errors.target),
          storageKey: errors.storageKey,
          uploadedBy: run.createdBy ?? 0,
        });
      }
      await tx
        .update(hardshipImports)
        .set({
          state,
          failure,
          processedRows: counts.processed,
          importedRows: counts.imported,
          failedRows: counts.failed,
          errorFileId,
          finishedAt: sql`now()`,
        })
        .where(eq(hardshipImports.id, run.id));
      const auditCtx: Ctx = ctx ? withTx(ctx, tx) : { db: tx, actor: null, ip: null, deps };
      await recordAudit(auditCtx, {
        action: 'hardship.archive.import',
        entityType: IMPORT_ENTITY,
        entityId: run.id,
        orgId: run.orgId,
        orgPath: run.orgPath,
        result: state === 'done' ? 'success' : 'failure',
        actorUserId: run.createdBy,
        actorName: run.createdByName,
        detail: { file: run.originalName, ...counts, failure },
      });
    });
    return { claimed: true, state, ...counts };
  };

  try {
    const who = await importerCtx(deps, run);
    if (typeof who === 'string') return await finish('failed', who);
    ctx = who;
    const actor = requireActor(ctx);
    const defaultOrg = await findOrg(db, data.defaultOrgId ?? run.orgId);
    if (!defaultOrg || !isWithin(defaultOrg.path, actor.membership.orgPath)) {
      return await finish('failed', '导入的目标组织不存在或不在导入人的管辖范围内');
    }
    const scope: RunScope = {
      ctx,
      rootPath: actor.membership.orgPath,
      defaultOrg,
      orgCache: new Map(),
      dibaoCache: new Map(),
    };
    const source = await storedPath(deps, run.sourceFileId);
    if (!source) return await finish('failed', '导入文件已丢失，请重新上传');

    const seen = new Map<string, number>(); // ID blind index → first row number in the file
    let headers: string[] | null = null;
    let window: { rowNumber: number; cells: Cells; result: Candidate | RowIssue[] }[] = [];
    const nowDay = todayCst();
    const reviewDue = aYearAfter(nowDay);

    const flush = async () => {
      if (window.length === 0) return;
      const batch = window;
      window = [];
      const candidates = batch.map((b) => b.result).filter((r): r is Candidate => !Array.isArray(r));
      // 全平台查重: ID numbers already on an active archive anywhere (the holder's name only).
      const holders = new Map<string, string>();
      if (candidates.length > 0) {
        const hits = await db
          .select({ hash: hardshipArchives.idCardHash, orgName: orgs.name })
          .from(hardshipArchives)
          .innerJoin(orgs, eq(orgs.id, hardshipArchives.orgId))
          .where(
            and(
              inArray(
                hardshipArchives.idCardHash,
                candidates.map((c) => c.idCardHash),
              ),
              sql`${hardshipArchives.state} not in ('rejected', 'exited')`,
            ),
          );
        for (const h of hits) holders.set(h.hash, h.orgName);
      }
      const fresh = candidates.filter((c) => !holders.has(c.idCardHash));
      const insertedHashes = new Set<string>();
      if (fresh.length > 0) {
        await db.transaction(async (tx) => {
          // The partial unique index settles races with filings made meanwhile: those rows are skipped.
          const inserted = (
            await insertRecords(
              tx,
              hardshipArchives,
              fresh.map((f) => f.values),
              sql`on conflict do nothing returning id, id_card_hash as hash`,
            )
          ).map((r) => ({ id: Number(r.id), hash: String(r.hash) }));
          for (const r of inserted) insertedHashes.add(r.hash);
          const rowOf = new Map(fresh.map((f) => [f.idCardHash, f.rowNumber]));
          if (inserted.length > 0) {
            await insertRecords(
              tx,
              timelineEvents,
              inserted.map((r) => ({
                entityType: archiveFlow.entityType,
                entityId: String(r.id),
                event: IMPORT_EVENT,
                fromState: null,
                toState: 'filed',
                actorUserId: actor.userId,
                actorName: actor.displayName,
                actorRole: actor.membership.role,
                note: `${IMPORT_EVENT_LABEL}：纸质档案录入在档（导入批次 #${run.id}，第 ${rowOf.get(r.hash)} 行）`,
              })),
              sql``,
            );
            // 个人二维码 as on approval (qr.service): 144 random bits, stored as a hash and encrypted.
            // The archives are new, so none has a token yet.
            await insertRecords(
              tx,
              hardshipQrTokens,
              inserted.map((r) => {
                const token = randomBytes(18).toString('base64url');
                return {
                  archiveId: r.id,
                  tokenHash: hashQrToken(token),
                  tokenEnc: deps.vault.encrypt(token),
                  createdBy: actor.userId,
                };
              }),
              sql``,
            );
          }
          counts.imported += inserted.length;
        });
      }
      const raced = fresh.filter((f) => !insertedHashes.has(f.idCardHash));
      if (raced.length > 0) {
        const hits = await db
          .select({ hash: hardshipArchives.idCardHash, orgName: orgs.name })
          .from(hardshipArchives)
          .innerJoin(orgs, eq(orgs.id, hardshipArchives.orgId))
          .where(
            and(
              inArray(
                hardshipArchives.idCardHash,
                raced.map((r) => r.idCardHash),
              ),
              sql`${hardshipArchives.state} not in ('rejected', 'exited')`,
            ),
          );
        for (const h of hits) holders.set(h.hash, h.orgName);
        for (const r of raced) if (!holders.has(r.idCardHash)) holders.set(r.idCardHash, '');
      }
      for (const b of batch) {
        let issues: RowIssue[] | null = null;
        if (Array.isArray(b.result)) issues = b.result;
        else if (holders.has(b.result.idCardHash)) {
          issues = [
            {
              column: importHeader('idCard'),
              message: duplicate(holders.get(b.result.idCardHash) || null).message,
            },
          ];
        }
        if (issues) {
          counts.failed += 1;
          await errors.add(headers ?? [], b.rowNumber, b.cells, describe(issues));
        }
      }
      counts.processed += batch.length;
      await db
        .update(hardshipImports)
        .set({ processedRows: counts.processed, importedRows: counts.imported, failedRows: counts.failed })
        .where(eq(hardshipImports.id, run.id));
    };

    try {
      for await (const row of readSheetRows(createReadStream(source))) {
        if (!headers) {
          headers = Object.keys(row.values);
          const missing = importColumns.filter((c) => c.required && !headers?.includes(c.header));
          if (missing.length > 0) {
            return await finish(
              'failed',
              `缺少必填列：${missing.map((c) => c.header).join('、')}。请下载导入模板，按模板的表头填写`,
            );
          }
        }
        const result = await checkRow(scope, row.values);
        let entry: Candidate | RowIssue[];
        if (Array.isArray(result)) entry = result;
        else {
          const first = seen.get(result.hash);
          if (first !== undefined) {
            entry = [{ column: importHeader('idCard'), message: `与第 ${first} 行的身份证号重复` }];
          } else {
            seen.set(result.hash, row.rowNumber);
            entry = {
              rowNumber: row.rowNumber,
              cells: row.values,
              idCardHash: result.hash,
              values: {
                ...result.ok,
                state: 'filed',
                channel: 'window',
                filedAt: new Date(),
                reviewDue,
                createdBy: actor.userId,
              },
            };
          }
        }
        // An ID number refused for another field still counts as seen: fixing that row later must
        // not import a second archive for it.
        if (Array.isArray(entry)) {
          const idCell = (row.values[importHeader('idCard')] ?? '').trim().toUpperCase();
          if (idCell && entry.every((i) => i.column !== importHeader('idCard'))) {
            const hash = deps.vault.blindIndex('idcard', idCell);
            if (!seen.has(hash)) seen.set(hash, row.rowNumber);
          }
        }
        window.push({ rowNumber: row.rowNumber, cells: row.values, result: entry });
        if (window.length >= IMPORT_BATCH) {
          await settle();
          inflight = flush().then(
            () => null,
            (e: unknown) => e ?? new Error('batch write failed'),
          );
        }
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (headers === null || counts.processed === 0) {
        deps.log.warn({ err: e, importId: run.id }, 'import workbook unreadable');
        return await finish('failed', '无法读取该文件：不是有效的 Excel 工作簿（.xlsx），或文件已损坏');
      }
      throw e;
    }
    await settle();
    await flush();
    if (!headers) return await finish('failed', '文件中没有数据：第 1 行应为表头，数据从第 2 行开始');
    return await finish('done', null);
  } catch (e) {
    deps.log.error({ err: e, importId: run.id }, 'hardship import failed');
    try {
      return await finish('failed', '导入过程中出错，已导入的行保留；请下载错误报告核对后重新导入其余行');
    } catch (e2) {
      await errors.discard();
      throw e2;
    }
  }
}

// ---------------------------------------------------------------- template

/** The import template: the header row (required columns marked *), an example row, and 填写说明. */
export async function importTemplate(ctx: Ctx): Promise<Buffer> {
  const m = authorize(ctx, 'hardship.import');
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true });
  const ws = wb.addWorksheet('困难职工档案', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = importColumns.map((c) => ({
    header: templateHeader(c),
    width: c.width,
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  ws.addRow(importColumns.map((c) => (c.key === 'org' ? m.orgName : c.example))).commit();
  ws.commit();
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', width: 24 },
    { header: '是否必填', width: 10 },
    { header: '填写说明', width: 60 },
    { header: '可选值', width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  help.getRow(1).commit();
  for (const c of importColumns) {
    help.addRow([c.header, c.required ? '必填' : '选填', c.hint, c.choices?.join('、') ?? '']).commit();
  }
  help.addRow([]).commit();
  for (const line of [
    '第 1 行为表头，请勿修改；第 2 行为示例，导入前请删除或改为真实数据。',
    '身份证号、手机号、银行账号请按文本填写，避免 Excel 把长数字变成科学计数法。',
    `导入的档案为已在档的纸质档案：状态为“在档”，建档日期为导入当天，年度复核日期为一年后，并生成个人二维码。`,
    '同一身份证号在全平台只能有一份有效档案；文件内重复或已在其他单位建档的行不会导入。',
    '导入完成后可下载错误报告：原样列出未导入的行并注明原因，修改后可直接再次导入。',
    `一次最多上传 ${IMPORT_MAX_BYTES / 1024 / 1024} MB（约 40 万行）。`,
  ]) {
    help.addRow([line]).commit();
  }
  help.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------- export

const EXPORT_PAGE = 1000;

/** Beijing date of an instant. */
const cstDay = (d: Date | null) =>
  d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : '';

/**
 * The filtered archive list as .xlsx (the list's filters, no paging), read in keyset pages.
 * Masked by default; `unmasked` needs hardship.viewPii and decrypts ID numbers, mobiles and
 * addresses. Every export is audited with its filters, row count and whether it was unmasked.
 * More than {@link EXPORT_MAX_ROWS} rows are refused with a message to narrow the filters.
 */
export async function exportArchives(ctx: Ctx, q: TExportArchivesQuery): Promise<Buffer> {
  const { unmasked, ...filters } = q;
  authorize(ctx, unmasked ? 'hardship.viewPii' : 'hardship.view');
  const where = await archiveFilter(ctx, filters, unmasked ? 'hardship.viewPii' : 'hardship.view');
  const [n] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(hardshipArchives).where(where);
  const total = Number(n?.n ?? 0);
  if (total > EXPORT_MAX_ROWS) {
    throw badRequest(
      'EXPORT_TOO_LARGE',
      `符合条件的档案有 ${total} 份，一次最多导出 ${EXPORT_MAX_ROWS} 份，请按组织、状态等缩小筛选范围后分批导出`,
    );
  }
  const vault = ctx.deps.vault;
  let exported = 0;
  type Row = {
    a: typeof hardshipArchives.$inferSelect;
    orgName: string;
    helperName: string | null;
  };
  async function* all(): AsyncGenerator<Row> {
    let after = 0;
    for (;;) {
      const rows = await ctx.db
        .select({ a: hardshipArchives, orgName: orgs.name, helperName: users.displayName })
        .from(hardshipArchives)
        .innerJoin(orgs, eq(orgs.id, hardshipArchives.orgId))
        .leftJoin(users, eq(users.id, hardshipArchives.helperUserId))
        .where(and(where, gt(hardshipArchives.id, after)))
        .orderBy(asc(hardshipArchives.id))
        .limit(EXPORT_PAGE);
      for (const r of rows) {
        exported += 1;
        yield r;
      }
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_PAGE) return;
      after = last.a.id;
    }
  }
  const yuan = (fen: number) => fen / 100;
  const columns: SheetColumn<Row>[] = [
    { header: '档案编号', width: 9, value: (r) => r.a.id },
    { header: '姓名', width: 10, value: (r) => r.a.name },
    {
      header: '身份证号',
      width: 22,
      value: (r) => (unmasked ? vault.decrypt(r.a.idCardEnc) : r.a.idCardMasked),
    },
    { header: '性别', width: 6, value: (r) => (r.a.sex === 'male' ? '男' : '女') },
    // The birth date is 8 of the ID number's hidden digits: a masked file gives the year only.
    unmasked
      ? { header: '出生日期', width: 12, value: (r) => r.a.birthDate }
      : { header: '出生年份', width: 10, value: (r) => Number(r.a.birthDate.slice(0, 4)) },
    {
      header: '手机号',
      width: 14,
      value: (r) => {
        if (!r.a.mobileEnc) return '';
        const mobile = vault.decrypt(r.a.mobileEnc);
        return unmasked ? mobile : maskMobile(mobile);
      },
    },
    { header: '民族', width: 8, value: (r) => r.a.ethnicity },
    { header: '健康状况', width: 10, value: (r) => healthLabels[r.a.health as keyof typeof healthLabels] },
    {
      header: '就业状况',
      width: 10,
      value: (r) => workStatusLabels[r.a.workStatus as keyof typeof workStatusLabels],
    },
    { header: '工作单位', width: 20, value: (r) => r.a.employer },
    { header: '所属组织', width: 24, value: (r) => r.orgName },
    {
      header: '状态',
      width: 12,
      value: (r) => archiveStateLabels[r.a.state as keyof typeof archiveStateLabels],
    },
    {
      header: '主要致困原因',
      width: 14,
      value: (r) => hardshipCauseLabels[r.a.mainCause as keyof typeof hardshipCauseLabels],
    },
    {
      header: '次要致困原因',
      width: 20,
      value: (r) =>
        r.a.secondaryCauses
          .map((c) => hardshipCauseLabels[c as keyof typeof hardshipCauseLabels] ?? c)
          .join(CAUSE_SEPARATOR),
    },
    {
      header: '困难类别',
      width: 10,
      value: (r) =>
        r.a.category ? hardshipCategoryLabels[r.a.category as keyof typeof hardshipCategoryLabels] : '',
    },
    { header: '家庭年可支配收入（元）', width: 14, value: (r) => yuan(r.a.annualIncomeFen) },
    { header: '家庭人口', width: 8, value: (r) => r.a.householdSize },
    { header: '人均月收入（元）', width: 12, value: (r) => yuan(r.a.perCapitaMonthlyFen) },
    {
      header: '家庭住址',
      width: 28,
      value: (r) => {
        if (!r.a.addressEnc) return '';
        const address = vault.decrypt(r.a.addressEnc);
        return unmasked ? address : maskAddress(address);
      },
    },
    { header: '结对帮扶责任人', width: 12, value: (r) => r.helperName },
    { header: '建档日期', width: 12, value: (r) => cstDay(r.a.filedAt) },
    { header: '年度复核日期', width: 12, value: (r) => r.a.reviewDue },
  ];
  const buffer = await writeSheet(unmasked ? '困难职工档案（含完整信息）' : '困难职工档案', columns, all());
  const m = requireActor(ctx).membership;
  await recordAudit(ctx, {
    action: 'hardship.archive.export',
    entityType: archiveFlow.entityType,
    orgId: m.orgId,
    orgPath: m.orgPath,
    detail: {
      export: true,
      unmasked,
      filters,
      count: exported,
      ...(unmasked ? { fields: ['idCard', 'mobile', 'address'] } : {}),
    },
  });
  return buffer;
}
