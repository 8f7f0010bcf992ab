import { Readable, Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface SheetColumn<T> {
  header: string;
  /** Column width in characters. */
  width?: number;
  value: (row: T) => string | number | Date | null | undefined;
}

/**
 * Write one sheet to an .xlsx buffer with the streaming writer, so large exports do not build the
 * whole workbook in memory first. Headers are bold and frozen.
 */
export async function writeSheet<T>(
  sheetName: string,
  columns: SheetColumn<T>[],
  rows: Iterable<T> | AsyncIterable<T>,
) {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(10, c.header.length * 2 + 2),
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for await (const row of rows) ws.addRow(columns.map((c) => c.value(row) ?? null)).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

export interface SheetRow {
  /** 1-based row number as Excel shows it, for error reports. */
  rowNumber: number;
  /** Cell texts keyed by header. */
  values: Record<string, string>;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    return '';
  }
  return String(v).trim();
}

/**
 * Read the first sheet of an .xlsx with the streaming reader: row 1 is the header, each later
 * non-empty row is yielded with its Excel row number. Throws on a file that is not a workbook.
 */
export async function* readSheetRows(data: Buffer | Readable): AsyncGenerator<SheetRow> {
  const input = Buffer.isBuffer(data) ? Readable.from(data) : data;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    worksheets: 'emit',
  });
  let headers: string[] | undefined;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
      if (!headers) {
        headers = cells.map((h) => h.replace(/[*＊\s]/g, ''));
        continue;
      }
      if (cells.every((c) => c === '')) continue;
      const values: Record<string, string> = {};
      headers.forEach((h, i) => {
        if (h) values[h] = cells[i] ?? '';
      });
      yield { rowNumber: row.number, values };
    }
    break; // first sheet only
  }
}

/** One sheet of a small multi-sheet workbook (reports, dashboards): headers and ready cell values. */
export interface Sheet {
  name: string;
  headers: { header: string; width?: number }[];
  rows: (string | number | Date | null)[][];
}

/**
 * Write several small sheets to one .xlsx buffer (e.g. one per dashboard block). Headers are bold
 * and frozen as in `writeSheet`; sheet names are cut to Excel's 31 characters.
 */
export async function writeSheets(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.headers.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(10, c.header.length * 2 + 2),
    }));
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
