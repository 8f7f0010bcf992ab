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
