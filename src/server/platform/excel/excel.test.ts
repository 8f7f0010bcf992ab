import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellValue, readSheetRows, writeSheet, writeSheets } from './excel.ts';

async function firstSheet(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no sheet');
  return ws;
}

describe('cells of exported workbooks', () => {
  it('writes instants in Beijing time, as text a cadre reads the same in any Excel', () => {
    expect(cellValue(new Date('2026-11-24T23:29:00Z'))).toBe('2026-11-25 07:29');
    expect(cellValue('2026-09-13T01:00:00.000Z')).toBe('2026-09-13 09:00');
    expect(cellValue('2026-09-13T09:00:00+08:00')).toBe('2026-09-13 09:00');
    // Calendar days, numbers and other text stay as they are.
    expect(cellValue('2026-09-13')).toBe('2026-09-13');
    expect(cellValue('T2026')).toBe('T2026');
    expect(cellValue(12.5)).toBe(12.5);
    expect(cellValue(undefined)).toBeNull();
    expect(cellValue(new Date(Number.NaN))).toBeNull();
  });

  it('formats 元 columns with two decimals and thousands separators, in streamed and small workbooks', async () => {
    const streamed = await writeSheet(
      '明细',
      [
        { header: '金额（元）', value: (r: { fen: number; at: Date }) => r.fen / 100 },
        { header: '时间', value: (r) => r.at },
        { header: '数量', value: (r) => r.fen },
      ],
      [{ fen: 900000, at: new Date('2026-11-24T23:29:00Z') }],
    );
    const ws = await firstSheet(streamed);
    expect(ws.getCell('A2').value).toBe(9000);
    expect(ws.getCell('A2').numFmt).toBe('#,##0.00');
    expect(ws.getCell('B2').value).toBe('2026-11-25 07:29');
    expect(ws.getCell('C2').numFmt ?? 'General').not.toBe('#,##0.00');
    const rows = [];
    for await (const r of readSheetRows(streamed)) rows.push(r.values);
    expect(rows[0]?.时间).toBe('2026-11-25 07:29');

    const small = await firstSheet(
      await writeSheets([
        {
          name: '概况',
          headers: [{ header: '项目' }, { header: '送达价值（元）' }],
          rows: [['开始时间', 161660.53]],
        },
      ]),
    );
    expect(small.getCell('B2').numFmt).toBe('#,##0.00');
    expect(small.getCell('B2').value).toBe(161660.53);
  });
});

describe('reading uploaded workbooks', () => {
  it('reads a workbook whose zip puts the sheet before xl/workbook.xml (the streaming reader threw on it)', async () => {
    const made = await writeSheets([
      {
        name: '导入',
        headers: [{ header: '姓名*' }, { header: '手机号' }],
        rows: [['黄春梅', '13900000001']],
      },
    ]);
    // Repack with the shared strings and the workbook rels first and xl/workbook.xml last: the order
    // in which our own templates sometimes come out.
    const { default: JSZip } = await import('jszip');
    const source = await JSZip.loadAsync(made);
    const names = Object.keys(source.files).filter((n) => !source.files[n]?.dir);
    const first = [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
    ];
    const order = [
      ...first.filter((n) => names.includes(n)),
      ...names.filter((n) => !first.includes(n) && n !== 'xl/workbook.xml'),
      'xl/workbook.xml',
    ];
    expect(order).toContain('xl/sharedStrings.xml');
    const repacked = new JSZip();
    for (const name of order)
      repacked.file(name, (await source.file(name)?.async('uint8array')) ?? new Uint8Array());
    const buffer = await repacked.generateAsync({ type: 'nodebuffer' });
    const rows: Record<string, string>[] = [];
    for await (const r of readSheetRows(buffer)) rows.push(r.values);
    expect(rows).toEqual([{ 姓名: '黄春梅', 手机号: '13900000001' }]);
  });
});
