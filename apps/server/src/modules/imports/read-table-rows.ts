import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { checkXlsxArchive } from './check-xlsx-archive.ts';
import { UnreadableFileError } from './unreadable-file-error.ts';

/** One row of the file: its 1-based row number (the header is row 1) and its cells as text. */
export interface TableRow {
  row: number;
  cells: string[];
  /** Column indexes whose cell held a formula (xlsx only). */
  formulaColumns?: Set<number>;
}

export type TableFormat = 'csv' | 'xlsx';

/** Longest CSV record accepted; a longer one is a damaged file or a pasted document. */
const MAX_RECORD_BYTES = 64 * 1024;
/** An xlsx whose reader produces no row for this long is treated as damaged (truncated archives can stall the unzip stream). */
const XLSX_STALL_MS = 15_000;

/** What the first bytes say the file is: a zip (xlsx), an old binary Excel file, or text. */
export async function sniffFormat(path: string, fileName: string): Promise<TableFormat> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8), 0, 8, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
    if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) throw new UnreadableFileError('Excel 97–2003 (.xls) files are not supported: save the sheet as .xlsx or CSV');
    if (/\.xlsx$/i.test(fileName)) throw new UnreadableFileError('the file is named .xlsx but is not an Excel workbook (damaged or another format)');
    return 'csv';
  } finally {
    await handle.close();
  }
}

/** Streams the rows of a CSV or xlsx file from disk, one at a time, so memory does not grow with the file. */
export function readTableRows(path: string, format: TableFormat, options: { maxRows: number }): AsyncIterable<TableRow> {
  return format === 'csv' ? readCsvRows(path, options.maxRows) : readXlsxRows(path, options.maxRows);
}

/**
 * Decodes the byte stream as UTF-8 (refusing invalid bytes and NULs, which mean another encoding or a binary
 * file) or as UTF-16 when it starts with a UTF-16 byte-order mark (Excel's "Unicode text").
 */
function decodeText(): Transform {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let line = 1;
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      try {
        if (!decoder) {
          const isUtf16le = chunk[0] === 0xff && chunk[1] === 0xfe;
          const isUtf16be = chunk[0] === 0xfe && chunk[1] === 0xff;
          decoder = new TextDecoder(isUtf16le ? 'utf-16le' : isUtf16be ? 'utf-16be' : 'utf-8', { fatal: true, ignoreBOM: false });
        }
        const text = decoder.decode(chunk, { stream: true });
        if (text.includes('\u0000')) return done(new UnreadableFileError('the file holds binary data (NUL bytes): upload a CSV text file or an .xlsx workbook', line));
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line += 1;
        done(null, text);
      } catch {
        done(new UnreadableFileError(`the file is not valid UTF-8 text near line ${line}: save it as "CSV UTF-8" (or upload the .xlsx)`, line));
      }
    },
    flush(done) {
      try {
        const rest = decoder?.decode() ?? '';
        done(null, rest);
      } catch {
        done(new UnreadableFileError('the file ends in the middle of a character (truncated or not UTF-8)', line));
      }
    },
  });
}

async function detectDelimiter(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8192), 0, 8192, 0);
    const isUtf16 = (buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff);
    const text = isUtf16 ? buffer.subarray(0, bytesRead).toString('utf16le') : buffer.subarray(0, bytesRead).toString('utf8');
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const unquoted = firstLine.replace(/"[^"]*"/g, '');
    const counts = [',', ';', '\t', '|'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
    counts.sort((a, b) => b.n - a.n);
    return counts[0]!.n > 0 ? counts[0]!.d : ',';
  } finally {
    await handle.close();
  }
}

async function* readCsvRows(path: string, maxRows: number): AsyncIterable<TableRow> {
  const delimiter = await detectDelimiter(path);
  const source = createReadStream(path, { highWaterMark: 64 * 1024 });
  const parser = parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES, trim: false });
  // pipeline() destroys every stage with the first error, so a decoding error surfaces in the loop below (an error
  // on a stage nobody listens to would otherwise be an uncaught exception); its own promise is settled there too.
  pipeline(source, decodeText(), parser).catch(() => undefined);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (row > maxRows + 1) throw new UnreadableFileError(`the file has more than ${maxRows} data rows: split it`, row);
      yield { row, cells: record };
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    if (error instanceof CsvError) {
      if (error.code.endsWith('MAX_RECORD_SIZE')) throw new UnreadableFileError(`row ${row + 1} is longer than ${MAX_RECORD_BYTES / 1024} KB (a huge cell or an unclosed quote)`, row + 1);
      throw new UnreadableFileError(`the CSV cannot be read at row ${row + 1}: ${error.message.slice(0, 200)}`, row + 1);
    }
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof UnreadableFileError) throw cause;
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
}

type CellValue = ExcelJS.CellValue;

/** Text of a cell; formulas are flagged (their cached result is not trusted as data). */
function cellText(value: CellValue): { text: string; isFormula: boolean } {
  if (value === null || value === undefined) return { text: '', isFormula: false };
  if (typeof value === 'string') return { text: value, isFormula: false };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? String(Number(value.toPrecision(15))) : '', isFormula: false };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false', isFormula: false };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().replace(/T00:00:00\.000Z$/, ''), isFormula: false };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return { text: `=${String((value as { formula?: string }).formula ?? '')}`, isFormula: true };
    if ('richText' in value && Array.isArray(value.richText)) return { text: value.richText.map((r) => r.text).join(''), isFormula: false };
    if ('text' in value && typeof (value as { text: unknown }).text === 'string') return { text: (value as { text: string }).text, isFormula: false };
    if ('error' in value) return { text: String((value as { error: unknown }).error), isFormula: false };
  }
  return { text: String(value), isFormula: false };
}

async function* readXlsxRows(path: string, maxRows: number): AsyncIterable<TableRow> {
  await checkXlsxArchive(path);
  const stream = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' });
  const sheets = reader[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const withStallGuard = <T>(step: Promise<T>): Promise<T> =>
    Promise.race([
      step,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new UnreadableFileError('the workbook cannot be read (damaged or truncated)')), XLSX_STALL_MS);
      }),
    ]).finally(() => clearTimeout(timer));
  try {
    const first = await withStallGuard(sheets.next());
    if (first.done) throw new UnreadableFileError('the workbook has no worksheet');
    const rows = (first.value as unknown as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
    for (;;) {
      const next = await withStallGuard(rows.next());
      if (next.done) break;
      const r = next.value;
      if (r.number > maxRows + 1) throw new UnreadableFileError(`the sheet has more than ${maxRows} data rows: split it`, r.number);
      const values = Array.isArray(r.values) ? r.values.slice(1) : [];
      const cells: string[] = [];
      let formulaColumns: Set<number> | undefined;
      for (let i = 0; i < values.length; i += 1) {
        const { text, isFormula } = cellText(values[i] as CellValue);
        cells.push(text);
        if (isFormula) (formulaColumns ??= new Set()).add(i);
      }
      if (cells.every((c) => c.trim() === '')) continue;
      yield formulaColumns ? { row: r.number, cells, formulaColumns } : { row: r.number, cells };
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(`the workbook cannot be read: ${(error as Error).message.slice(0, 200)}`);
  } finally {
    clearTimeout(timer);
    stream.destroy();
  }
}
