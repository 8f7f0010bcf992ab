import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
} from '../../../../test/app.ts';
import type { TArchive, TArchiveListItem } from '../../../shared/hardship.ts';
import {
  ERROR_COLUMN,
  type ImportColumnKey,
  importColumns,
  type TImportRun,
  templateHeader,
} from '../../../shared/hardship-import.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { readSheetRows, writeSheet } from '../../platform/excel/excel.ts';
import { findJob } from '../../platform/jobs/registry.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { hardshipArchives, hardshipQrTokens } from './hardship.table.ts';
import { inventedIdCard, inventedRow, writeImportWorkbook } from './import.fixture.ts';
import './import.jobs.ts';
import { runImport } from './import.service.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let cadre: Agent;
let auditor: Agent;
let reviewer: Agent;
let shCadre: Agent;

const BASE = '/api/v1/hardship/archives';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  cadre = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'cadre', displayName: '王干部' }));
  auditor = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'auditor' }));
  reviewer = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'reviewer' }));
  shCadre = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'cadre' }));
});
afterAll(async () => {
  await t.close();
});

function multipart(filename: string, content: Buffer, contentType = XLSX_TYPE) {
  const boundary = `----niangjia${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

type Row = Record<ImportColumnKey, string>;
function workbook(rows: Row[], columns = importColumns) {
  return writeSheet(
    '困难职工档案',
    columns.map((c) => ({ header: templateHeader(c), value: (r: Row) => r[c.key] })),
    rows,
  );
}

async function upload(agent: Agent, content: Buffer, query = '', filename = '档案.xlsx') {
  return agent.inject({
    method: 'POST',
    url: `${BASE}/imports${query}`,
    ...multipart(filename, content),
  });
}

/** Upload, then run the job as the worker would (jobs are off in tests). */
async function importRows(agent: Agent, rows: Row[]): Promise<TImportRun> {
  const res = await upload(agent, await workbook(rows));
  expect(res.statusCode, res.body).toBe(202);
  const run = res.json() as TImportRun;
  expect(run.state).toBe('queued');
  const job = findJob('hardship-import');
  if (!job) throw new Error('hardship-import job not registered');
  await job.handler(t.app.deps, { importId: run.id });
  const done = await agent.get(`${BASE}/imports/${run.id}`);
  expect(done.statusCode, done.body).toBe(200);
  return done.json() as TImportRun;
}

async function sheetRows(buffer: Buffer) {
  const out: Record<string, string>[] = [];
  for await (const r of readSheetRows(buffer)) out.push(r.values);
  return out;
}

/** Every cell text of every sheet of a workbook. */
async function allCells(buffer: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const parts: string[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow((row) => {
      row.eachCell((c) => {
        parts.push(String(c.text ?? ''));
      });
    });
  });
  return parts.join('\n');
}

let seq = 500;
const row = (overrides: Partial<Row> = {}): Row => ({ ...inventedRow(seq++, 7), ...overrides });

describe('import template', () => {
  it('downloads an .xlsx with starred required headers, an example row and a 填写说明 sheet', async () => {
    const res = await cadre.get(`${BASE}/import-template`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_TYPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(importColumns.map(templateHeader));
    expect(headers).toContain('姓名*');
    expect(headers).toContain('身份证号*');
    expect(headers).toContain('手机号');
    const help = wb.getWorksheet('填写说明');
    expect(help).toBeDefined();
    const text = await allCells(res.rawPayload);
    for (const label of ['健康', '慢性病', '新就业形态', '患重特大疾病', '公租房', '深度困难', '视力残疾']) {
      expect(text).toContain(label);
    }
    // The example row parses back through the reader, keyed by header.
    const [example] = await sheetRows(res.rawPayload);
    expect(example?.姓名).toBe('黄春梅');
    expect(example?.所属组织).toBe('右江区总工会');
  });

  it('is refused to roles that cannot import', async () => {
    expect((await reviewer.get(`${BASE}/import-template`)).statusCode).toBe(403);
    expect((await auditor.get(`${BASE}/import-template`)).statusCode).toBe(403);
  });
});

describe('reading large workbooks', () => {
  it('keeps Chinese text intact across the reader’s chunk boundaries', async () => {
    const file = path.join(t.dataDir, 'many.xlsx');
    await writeImportWorkbook(file, 3000, { seed: 11 });
    let i = 0;
    const garbled: number[] = [];
    for await (const r of readSheetRows(createReadStream(file))) {
      const want = inventedRow(i, 11);
      if (importColumns.some((c) => (r.values[c.header] ?? '') !== want[c.key].trim()))
        garbled.push(r.rowNumber);
      i += 1;
    }
    expect(i).toBe(3000);
    expect(garbled).toEqual([]);
  });
});

describe('import', () => {
  let run: TImportRun;
  let heldId: string;
  let goods: Row[];

  beforeAll(async () => {
    // An active archive of another province's union holds this ID number.
    heldId = inventedIdCard(9_999_001);
    const held = await shCadre.post(BASE, {
      orgId: scene.unionB.id,
      basic: { name: '陈某', idCard: heldId, health: 'healthy', workStatus: 'laidOff', members: [] },
      causes: { main: 'laidOff', secondary: [] },
      income: { annualIncomeFen: 1_200_000, householdSize: 2 },
    });
    expect(held.statusCode, held.body).toBe(201);

    goods = [
      row(),
      row({ org: scene.unionA.name }),
      row({ org: String(scene.unionA.id), category: '相对困难', categoryReason: '家中老人长期卧床' }),
    ];
    const first = goods[0] as Row;
    const wrongCheck = row();
    wrongCheck.idCard = wrongCheck.idCard.slice(0, 17) + (wrongCheck.idCard.endsWith('0') ? '1' : '0');
    run = await importRows(cadre, [
      first, // row 2
      goods[1] as Row, // 3
      wrongCheck, // 4
      row({ mobile: '1380013800' }), // 5
      row({ name: '' }), // 6
      row({ idCard: first.idCard, name: '重复者' }), // 7
      row({ idCard: heldId }), // 8
      row({ health: '很好' }), // 9
      goods[2] as Row, // 10
      row({ annualIncome: '999999999999' }), // 11
      row({ annualIncome: '12000.345' }), // 12
      row({ annualIncome: '-8000' }), // 13
      row({ annualIncome: '一万二' }), // 14
    ]);
  });

  it('counts rows, imports the valid ones and finishes at 100%', () => {
    expect(run).toMatchObject({
      state: 'done',
      processedRows: 13,
      importedRows: 3,
      failedRows: 10,
      progress: 100,
      totalRows: 13,
      failure: null,
      org: { id: scene.yj.id, name: '右江区总工会' },
      createdBy: '王干部',
    });
    expect(run.errorFileId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('files the valid rows as archives 在档 with a year to review, a category, a QR token and a 批量导入 event', async () => {
    const vault = t.app.deps.vault;
    const hashes = goods.map((g) => vault.blindIndex('idcard', g.idCard));
    const rows = await t.database.db
      .select()
      .from(hardshipArchives)
      .where(inArray(hardshipArchives.idCardHash, hashes));
    expect(rows).toHaveLength(3);
    for (const a of rows) {
      expect(a.state).toBe('filed');
      expect(a.filedAt).not.toBeNull();
      expect(a.reviewDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(a.category).not.toBeNull();
      expect(a.channel).toBe('window');
    }
    const byHash = new Map(rows.map((r) => [r.idCardHash, r]));
    expect(byHash.get(hashes[0] as string)?.orgId).toBe(scene.yj.id);
    expect(byHash.get(hashes[1] as string)?.orgId).toBe(scene.unionA.id);
    const third = byHash.get(hashes[2] as string);
    expect(third).toMatchObject({
      orgId: scene.unionA.id,
      category: 'relative',
      categoryReason: '家中老人长期卧床',
    });

    const ids = rows.map((r) => r.id);
    const tokens = await t.database.db
      .select()
      .from(hardshipQrTokens)
      .where(and(inArray(hardshipQrTokens.archiveId, ids), eq(hardshipQrTokens.state, 'active')));
    expect(tokens).toHaveLength(3);
    const events = await t.database.db
      .select()
      .from(timelineEvents)
      .where(
        and(
          eq(timelineEvents.entityType, 'hardship.archive'),
          inArray(
            timelineEvents.entityId,
            ids.map((id) => String(id)),
          ),
        ),
      );
    expect(events).toHaveLength(3);
    for (const e of events) {
      expect(e).toMatchObject({ event: 'import', toState: 'filed', actorName: '王干部' });
      expect(e.note).toContain('批量导入');
    }

    // Through the API: masked like any archive, and its personal QR works.
    const detail = await cadre.get(`${BASE}/${third?.id}`);
    expect(detail.statusCode).toBe(200);
    const archive = detail.json() as TArchive;
    expect(archive.basic.idCard).not.toBe(goods[2]?.idCard);
    expect(archive.basic.idCard).toContain('*');
    expect(archive.income.annualIncomeFen).toBe(Number(goods[2]?.annualIncome) * 100);
    const qr = await cadre.get(`${BASE}/${third?.id}/qr`);
    expect(qr.statusCode).toBe(200);
    // The holder, verified on the QR page, sees how the archive came in.
    const token = (qr.json() as { url: string }).url.split('/q/')[1] ?? '';
    const verified = await t.app.inject({
      method: 'POST',
      url: `/q/${token}/verify`,
      payload: `digits=${goods[2]?.idCard.slice(-6)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.body).toContain('批量导入建档');
  });

  it('writes one audit entry for the run', async () => {
    const entries = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'hardship.archive.import'), eq(auditLog.entityId, String(run.id))));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.detail).toMatchObject({ processed: 13, imported: 3, failed: 10 });
  });

  it('returns an error workbook listing exactly the bad rows, with their reasons', async () => {
    const res = await cadre.get(`/api/v1/files/${run.errorFileId}`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = await sheetRows(res.rawPayload);
    expect(rows.map((r) => r.原行号)).toEqual(['4', '5', '6', '7', '8', '9', '11', '12', '13', '14']);
    const reason = (n: string) => rows.find((r) => r.原行号 === n)?.[ERROR_COLUMN] ?? '';
    expect(reason('4')).toBe('身份证号：身份证号校验位不正确');
    expect(reason('5')).toContain('手机号：');
    expect(reason('6')).toBe('姓名：请填写姓名');
    expect(reason('7')).toBe('身份证号：与第 2 行的身份证号重复');
    // The holder's org is named, nothing more about the other archive.
    expect(reason('8')).toBe(
      '身份证号：该身份证号已在「上海某基层工会」建有有效的困难职工档案，不能重复建档',
    );
    expect(reason('9')).toContain('健康状况：「很好」不是可选值');
    // Money says what is wrong with it: the range, the fen, the sign, the form.
    expect(reason('11')).toBe('家庭年可支配收入（元）：应在 0 到 20,000,000 元之间');
    expect(reason('12')).toBe('家庭年可支配收入（元）：最多两位小数（分）');
    expect(reason('13')).toBe('家庭年可支配收入（元）：金额不能为负');
    expect(reason('14')).toBe('家庭年可支配收入（元）：应为金额（元），如 12000 或 1234.56');
    // The original columns come back as they were, so the file can be fixed and imported again.
    expect(rows.find((r) => r.原行号 === '7')?.姓名).toBe('重复者');
    expect(Object.keys(rows[0] ?? {})).toEqual([
      ...importColumns.map((c) => c.header),
      ERROR_COLUMN,
      '原行号',
    ]);
  });

  it('is invisible to another org: the run, its list and its files', async () => {
    expect((await shCadre.get(`${BASE}/imports/${run.id}`)).statusCode).toBe(404);
    expect((await shCadre.get(`/api/v1/files/${run.errorFileId}`)).statusCode).toBe(404);
    const list = await shCadre.get(`${BASE}/imports`);
    expect(list.statusCode).toBe(200);
    expect((list.json() as { items: TImportRun[] }).items.map((r) => r.id)).not.toContain(run.id);
    const own = await cadre.get(`${BASE}/imports`);
    expect((own.json() as { items: TImportRun[] }).items.map((r) => r.id)).toContain(run.id);
    // Roles that cannot import cannot read runs either (the workbooks hold full ID numbers).
    expect((await auditor.get(`${BASE}/imports/${run.id}`)).statusCode).toBe(403);
  });

  it('runs a run once even when the job is delivered twice at once', async () => {
    const res = await upload(cadre, await workbook([row(), row()]));
    expect(res.statusCode).toBe(202);
    const id = (res.json() as TImportRun).id;
    const results = await Promise.all([
      runImport(t.app.deps, { importId: id }),
      runImport(t.app.deps, { importId: id }),
    ]);
    const done = (await cadre.get(`${BASE}/imports/${id}`)).json() as TImportRun;
    expect(done).toMatchObject({ state: 'done', importedRows: 2, failedRows: 0, errorFileId: null });
    // One delivery claimed the run and imported; the other found it taken and did nothing.
    // (What the loser read of the run depends on how far the winner had got, so only the claim is
    // compared.)
    expect(results.filter((r) => r.claimed)).toEqual([
      { claimed: true, state: 'done', processed: 2, imported: 2, failed: 0 },
    ]);
    expect(results.filter((r) => !r.claimed)).toHaveLength(1);
  });

  it('refuses an upload that is not a workbook with a clear message', async () => {
    const res = await cadre.inject({
      method: 'POST',
      url: `${BASE}/imports`,
      ...multipart('档案.xlsx', Buffer.from('姓名,身份证号\n张三,1\n'), 'text/csv'),
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatchObject({ code: 'NOT_A_WORKBOOK' });
    expect(res.json().error.message).toContain('.xlsx');
    const notMultipart = await cadre.post(`${BASE}/imports`, { file: 'x' });
    expect(notMultipart.statusCode).toBe(400);
  });

  it('fails a run whose header lacks required columns, importing nothing', async () => {
    const columns = importColumns.filter((c) => c.key !== 'idCard' && c.key !== 'health');
    const res = await upload(cadre, await workbook([row()], columns));
    const id = (res.json() as TImportRun).id;
    await runImport(t.app.deps, { importId: id });
    const done = (await cadre.get(`${BASE}/imports/${id}`)).json() as TImportRun;
    expect(done.state).toBe('failed');
    expect(done.failure).toContain('缺少必填列：身份证号、健康状况');
    expect(done.importedRows).toBe(0);
  });

  it('refuses a row whose org is outside the importer’s subtree', async () => {
    const done = await importRows(cadre, [row({ org: scene.unionB.name }), row({ org: '不存在的工会' })]);
    expect(done).toMatchObject({ importedRows: 0, failedRows: 2 });
    const rows = await sheetRows((await cadre.get(`/api/v1/files/${done.errorFileId}`)).rawPayload);
    expect(rows[0]?.[ERROR_COLUMN]).toBe('所属组织：组织「上海某基层工会」不存在或不在您的管辖范围内');
  });
});

describe('export', () => {
  let importedIds: string[];
  let importedMobiles: string[];

  beforeAll(async () => {
    const rows = [row(), row({ org: scene.unionA.name }), row({ org: scene.unionA.name })];
    importedIds = rows.map((r) => r.idCard);
    importedMobiles = rows.map((r) => r.mobile);
    const done = await importRows(cadre, rows);
    expect(done.importedRows).toBe(3);
  });

  const exportOf = async (agent: Agent, query = '') => {
    const res = await agent.get(`${BASE}/export${query}`);
    return { res, rows: res.statusCode === 200 ? await sheetRows(res.rawPayload) : [] };
  };

  it('is masked by default: no full ID number or mobile anywhere in the workbook', async () => {
    const { res, rows } = await exportOf(cadre);
    expect(res.statusCode, res.body).toBe(200);
    const list = (await cadre.get(`${BASE}?pageSize=100`)).json() as { total: number };
    expect(rows).toHaveLength(list.total);
    const text = await allCells(res.rawPayload);
    for (const id of importedIds) expect(text).not.toContain(id);
    for (const mobile of importedMobiles) expect(text).not.toContain(mobile);
    expect(rows.every((r) => (r.身份证号 ?? '').includes('*'))).toBe(true);
    // Nor the birth date, which is 8 of the hidden digits: the year only.
    for (const id of importedIds)
      expect(text).not.toContain(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
    expect(rows.every((r) => r.出生日期 === undefined && /^\d{4}$/.test(String(r.出生年份)))).toBe(true);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'hardship.archive.export'));
    expect(audit.at(-1)?.detail).toMatchObject({ unmasked: false, count: list.total });
  });

  it('refuses unmasked export (403) to a role without hardship.viewPii; masked is fine', async () => {
    expect((await auditor.get(`${BASE}/export?unmasked=true`)).statusCode).toBe(403);
    const { res, rows } = await exportOf(auditor);
    expect(res.statusCode).toBe(200);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const text = await allCells(res.rawPayload);
    for (const id of importedIds) expect(text).not.toContain(id);
  });

  it('exports unmasked for a role with hardship.viewPii, and audits it with the filters and count', async () => {
    const { res, rows } = await exportOf(cadre, `?unmasked=true&orgId=${scene.unionA.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const ids = rows.map((r) => r.身份证号);
    expect(ids).toEqual(expect.arrayContaining([importedIds[1], importedIds[2]]));
    expect(ids).not.toContain(importedIds[0]);
    expect(rows.map((r) => r.手机号)).toContain(importedMobiles[1]);
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(String(r.出生日期)))).toBe(true);
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'hardship.archive.export'))
      .orderBy(auditLog.id)
      .then((r) => r.slice(-1));
    expect(entry?.detail).toMatchObject({
      unmasked: true,
      count: rows.length,
      filters: { orgId: scene.unionA.id },
    });
  });

  it('honours the list filters and the caller’s subtree', async () => {
    const filed = await exportOf(cadre, `?state=filed&orgId=${scene.unionA.id}`);
    const list = (await cadre.get(`${BASE}?state=filed&orgId=${scene.unionA.id}&pageSize=100`)).json() as {
      items: TArchiveListItem[];
      total: number;
    };
    expect(filed.rows.map((r) => Number(r.档案编号)).sort()).toEqual(list.items.map((i) => i.id).sort());
    expect(filed.rows.every((r) => r.所属组织 === scene.unionA.name && r.状态 === '在档')).toBe(true);
    const none = await exportOf(cadre, '?state=rejected');
    expect(none.rows).toHaveLength(0);
    // Shanghai sees its own archive only; an org outside the subtree is 404.
    const sh = await exportOf(shCadre);
    expect(sh.rows.map((r) => r.所属组织)).toEqual(['上海某基层工会']);
    expect((await shCadre.get(`${BASE}/export?orgId=${scene.unionA.id}`)).statusCode).toBe(404);
  });
});
