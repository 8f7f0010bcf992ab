import { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { beijingDateTime } from '../../../shared/dates.ts';

type Cell = string | number | Date | null | undefined;

/** An instant stored as text by the API (`2026-09-13T01:00:00.000Z`). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A cell as a cadre reads it: instants (Date, or ISO text) become Beijing time, `2026-09-13 09:00`;
 * an Excel date cell would show UTC in the US order of the reader's Excel (`11-24-26`).
 */
export function cellValue(v: Cell): string | number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : beijingDateTime(v);
  if (typeof v === 'string' && ISO_INSTANT.test(v)) return beijingDateTime(new Date(v));
  return v;
}

/** Columns in 元 (the header says so: `金额（元）`) show two decimals and thousands separators. */
const columnOf = (c: { header: string; width?: number | undefined }) => ({
  header: c.header,
  width: c.width ?? Math.max(10, c.header.length * 2 + 2),
  ...(c.header.endsWith('（元）') ? { style: { numFmt: '#,##0.00' } } : {}),
});

export interface SheetColumn<T> {
  header: string;
  /** Column width in characters. */
  width?: number;
  value: (row: T) => Cell;
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
  ws.columns = columns.map(columnOf);
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for await (const row of rows) ws.addRow(columns.map((c) => cellValue(c.value(row)))).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------- ExcelJS UTF-8 fix

/**
 * ExcelJS 4.4's streaming reader decodes each chunk of a part's XML on its own (utils/parse-sax:
 * `TextDecoder.decode(chunk)` without `stream`), so a Chinese character split across two chunks
 * becomes U+FFFD — about one cell in a thousand of a large import would be silently corrupted.
 * Hand the parser text decoded across chunk boundaries instead (parse-sax passes strings through).
 * Applies to every streaming read (readSheetRows), once.
 */
async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
type ReaderInternals = {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  __njUtf8?: boolean;
};
const readerProto = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
if (!readerProto.__njUtf8) {
  const parseWorksheet = readerProto._parseWorksheet;
  const parseSharedStrings = readerProto._parseSharedStrings;
  readerProto._parseWorksheet = function (iterator, sheetNo) {
    return parseWorksheet.call(this, utf8Text(iterator), sheetNo);
  };
  readerProto._parseSharedStrings = function (entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
  readerProto.__njUtf8 = true;
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
  // The streaming reader looks up `model.sheets` when a worksheet comes after the shared strings and
  // the workbook rels but before xl/workbook.xml in the zip, and `model` is unset until then: it threw
  // (reading 'sheets') now and then on our own templates, whose zip order varies. An empty model lets
  // it read the sheet (its name is not needed here).
  const lenient = reader as unknown as { model?: { sheets?: unknown[] } };
  lenient.model ??= { sheets: [] };
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
    ws.columns = sheet.headers.map(columnOf);
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map(cellValue));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
