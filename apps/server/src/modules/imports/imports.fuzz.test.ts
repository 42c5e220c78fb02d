import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';
import { importsModule } from './imports.routes.ts';
import { csv, importTableCounts, importTestNow, multipartUpload, seedImportWorld } from './testing/import-fixtures.ts';

/*
 * Malformed files thrown at every import entity: none may crash the server (a 5xx), none may write anything.
 * The generator is seeded, so a failure names a file that can be rebuilt.
 */

let t: TestApp;
let cookie = '';
beforeAll(async () => {
  t = await createTestApp({ seed: seedImportWorld, modules: [importsModule({ now: () => importTestNow, ratePerMinute: 100_000, maxBytes: 1024 * 1024 })] });
  cookie = await signIn(t.app, 'ADMIN');
});
afterAll(async () => {
  await t?.close();
});

function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const header = ['Order ID', 'Channel', 'Order Date', 'SKU', 'Qty', 'Unit Price', 'Currency'];
const goodRow = (i: number) => [`FZ-${i}`, 'SHOPIFY_UK', '2026-03-01', 'GIN-70', '1', '30', 'GBP'];

async function validWorkbook(rows = 3): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Orders');
  ws.addRow(header);
  for (let i = 0; i < rows; i += 1) ws.addRow(goodRow(i));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Named malformed files: [name, file name, content]. */
async function malformedFiles(): Promise<[string, string, Buffer][]> {
  const rand = prng(7);
  const good = Buffer.from(csv([header, goodRow(1), goodRow(2)]));
  const xlsx = await validWorkbook(50);
  const flipped = Buffer.from(xlsx);
  for (let i = 0; i < 40; i += 1) {
    const at = 30 + Math.floor(rand() * (flipped.length - 60));
    flipped[at] = flipped[at]! ^ (1 + Math.floor(rand() * 254));
  }
  const formulaBook = new ExcelJS.Workbook();
  const fws = formulaBook.addWorksheet('x');
  fws.addRow(header);
  fws.addRow([{ formula: 'HYPERLINK("http://evil","x")', result: 'x' }, 'SHOPIFY_UK', new Date('2026-03-01'), 'GIN-70', { formula: 'A1*1000', result: 1 }, 30, 'GBP']);
  const notWorkbookZip = Buffer.from(await new ExcelJS.Workbook().xlsx.writeBuffer()).subarray(0, 0);
  return [
    ['empty file', 'e.csv', Buffer.alloc(0)],
    ['header only', 'h.csv', Buffer.from(`${header.join(',')}\r\n`)],
    ['BOM only', 'b.csv', Buffer.from([0xef, 0xbb, 0xbf])],
    ['binary garbage', 'g.csv', randomBytes(4096)],
    ['binary garbage named xlsx', 'g.xlsx', randomBytes(4096)],
    ['NUL bytes in text', 'n.csv', Buffer.concat([good, Buffer.from([0, 0, 0]), good])],
    ['Latin-1 bytes (not UTF-8)', 'l.csv', Buffer.concat([good, Buffer.from('FZ-9,SHOPIFY_UK,2026-03-01,GIN-70,1,', 'utf8'), Buffer.from([0xa3, 0x33, 0x30]), Buffer.from(',GBP\r\n')])],
    ['truncated UTF-8 sequence at the end', 't.csv', Buffer.concat([good, Buffer.from([0xe2, 0x82])])],
    ['ragged rows', 'r.csv', Buffer.from(`${header.join(',')}\nFZ-1,SHOPIFY_UK\nFZ-2,SHOPIFY_UK,2026-03-01,GIN-70,1,30,GBP,extra,more\n,,,,,,,,,,,,,,\n`)],
    ['unclosed quote', 'q.csv', Buffer.from(`${header.join(',')}\n"FZ-1,SHOPIFY_UK,2026-03-01,GIN-70,1,30,GBP\n`)],
    ['formulas in every cell', 'f.csv', Buffer.from(csv([header, ['=1+1', '+SHOPIFY_UK', '@NOW()', '-GIN', '=2', '=3', '=cmd|"/c calc"!A1']]))],
    ['huge cell (200 KB)', 'big.csv', Buffer.from(csv([header, [`FZ-1${'x'.repeat(200_000)}`, 'SHOPIFY_UK', '2026-03-01', 'GIN-70', '1', '30', 'GBP']]))],
    ['long cell (2 KB)', 'long.csv', Buffer.from(csv([header, ['FZ-1', 'SHOPIFY_UK', '2026-03-01', 'x'.repeat(2000), '1', '30', 'GBP']]))],
    ['only newlines', 'nl.csv', Buffer.from('\n\n\r\n\n')],
    ['one giant line without newline', 'line.csv', Buffer.from('a,'.repeat(100_000))],
    ['numbers out of range', 'num.csv', Buffer.from(csv([header, ['FZ-1', 'SHOPIFY_UK', '2026-03-01', 'GIN-70', '99999999999999999999', '1e308', 'GBP'], ['FZ-2', 'SHOPIFY_UK', '0000-00-00', 'GIN-70', 'NaN', 'Infinity', 'GBP']]))],
    ['one valid row among garbage rows', 'mix.csv', Buffer.from(csv([header, goodRow(1), ['\u0007\u0008', '\u202e', '2026-02-30', '\ud83d\ude00', '1.5', '-0', 'GBP']]))],
    ['truncated xlsx zip', 'cut.xlsx', xlsx.subarray(0, Math.floor(xlsx.length * 0.6))],
    ['xlsx cut after the local headers', 'cut2.xlsx', xlsx.subarray(0, 200)],
    ['xlsx with flipped bytes', 'flip.xlsx', flipped],
    ['xlsx with formula cells', 'formula.xlsx', Buffer.from(await formulaBook.xlsx.writeBuffer())],
    ['zip that is not a workbook', 'zip.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)])],
    ['empty zip payload', 'empty.xlsx', notWorkbookZip],
    ['Excel 97 signature', 'old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(512)])],
  ];
}

/** Random mutations of a valid CSV: bytes deleted, duplicated, swapped for random ones or quotes/delimiters. */
function mutatedCsvs(count: number): [string, string, Buffer][] {
  const rand = prng(99);
  const base = Buffer.from(csv([header, ...Array.from({ length: 20 }, (_, i) => goodRow(i))]));
  const specials = [0x22, 0x2c, 0x0a, 0x0d, 0x3b, 0x00, 0xff, 0x3d, 0xef, 0xbb, 0xbf];
  return Array.from({ length: count }, (_, n) => {
    const bytes = [...base];
    for (let k = 0; k < 1 + Math.floor(rand() * 12); k += 1) {
      const at = Math.floor(rand() * bytes.length);
      const op = Math.floor(rand() * 3);
      if (op === 0) bytes.splice(at, 1);
      else if (op === 1) bytes.splice(at, 0, specials[Math.floor(rand() * specials.length)]!);
      else bytes[at] = Math.floor(rand() * 256);
    }
    return [`mutation ${n}`, 'm.csv', Buffer.from(bytes)] as [string, string, Buffer];
  });
}

const entities = ['orders', 'inventory-counts', 'products', 'suppliers', 'purchase-orders'];

describe('import fuzzing', () => {
  it('when malformed files are previewed, reported and committed, then the server never fails and writes nothing', async () => {
    const before = await importTableCounts(t.db);
    const files = [...(await malformedFiles()), ...mutatedCsvs(20)];
    const outcomes: string[] = [];
    for (const [index, [name, fileName, content]] of files.entries()) {
      // Every entity previews every file; the report and the commit run for orders and one other entity in turn.
      const other = entities[1 + (index % (entities.length - 1))]!;
      const calls = [...entities.map((entity) => [entity, 'preview'] as const), ...['orders', other].flatMap((entity) => [[entity, 'errors.csv'] as const, [entity, 'commit'] as const])];
      for (const [entity, action] of calls) {
        const { payload, headers } = multipartUpload(fileName, content);
        const res = await t.app.inject({ method: 'POST', url: `/api/imports/${entity}/${action}`, payload, headers: { ...headers, cookie } });
        if (res.statusCode >= 500) outcomes.push(`${name} → ${entity} ${action}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        // A mutation can leave a valid file behind; only those may commit.
        if (action === 'commit' && res.statusCode === 201 && !name.startsWith('mutation')) outcomes.push(`${name} → ${entity} committed`);
      }
    }
    expect(outcomes).toEqual([]);
    const after = await importTableCounts(t.db);
    // Mutations that happen to stay valid may add orders; nothing else may change, and partial imports never happen.
    expect({ ...after, orders: 0, orderLines: 0, dailySales: 0, dailyUnits: 0, dailyRevenue: 0, auditLogs: 0 }).toEqual({ ...before, orders: 0, orderLines: 0, dailySales: 0, dailyUnits: 0, dailyRevenue: 0, auditLogs: 0 });
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
  }, 240_000);

  it('when a committed mutation is accepted, then every one of its rows was valid (never a partial import)', async () => {
    for (const [name, fileName, content] of mutatedCsvs(20)) {
      const { payload, headers } = multipartUpload(fileName, content);
      const preview = await t.app.inject({ method: 'POST', url: '/api/imports/orders/preview', payload, headers: { ...headers, cookie } });
      const body = preview.json();
      if (preview.statusCode !== 200 || body.errorCount > 0) continue;
      expect(body.invalidRowCount, name).toBe(0);
    }
  }, 120_000);
});
