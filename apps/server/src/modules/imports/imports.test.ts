import { auditLogs, dailySales, domainEvents, inventory, orderLines, orders, products, purchaseOrderLines, purchaseOrders, stockMovements, suppliers } from '@sentia/db/schema';
import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../../events/create-event-bus.ts';
import { type TestApp, createTestApp, signIn } from '../../test/create-test-app.ts';
import { importsModule } from './imports.routes.ts';
import { csv, importTableCounts, importTestNow, multipartUpload, seedImportWorld } from './testing/import-fixtures.ts';

const ORDER_HEADER = ['Order ID', 'Channel', 'Order Date', 'SKU', 'Qty', 'Unit Price', 'Currency'];

let t: TestApp;
let bus: EventBus | undefined;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({
    seed: async (db) => {
      await seedImportWorld(db);
      bus = await createEventBus({ db: db.db });
    },
    modules: [importsModule({ now: () => importTestNow, events: () => bus, ratePerMinute: 10_000, maxBytes: 2 * 1024 * 1024 })],
  });
  for (const role of ['ADMIN', 'MANAGER', 'OPERATOR', 'VIEWER'] as const) cookies[role] = await signIn(t.app, role);
});
afterAll(async () => {
  await bus?.close();
  await t?.close();
});

type Action = 'preview' | 'commit' | 'errors.csv';
const post = (entity: string, action: Action, fileName: string, content: Buffer | string, opts: { role?: keyof typeof cookies | null; mapping?: Record<string, string | null> } = {}) => {
  const { payload, headers } = multipartUpload(fileName, content, opts.mapping);
  const role = opts.role === undefined ? 'MANAGER' : opts.role;
  return t.app.inject({ method: 'POST', url: `/api/imports/${entity}/${action}`, payload, headers: { ...headers, ...(role ? { cookie: cookies[role]! } : {}) } });
};

describe('order import', () => {
  const file = csv([
    ORDER_HEADER,
    ['SO-1001', 'SHOPIFY_UK', '2026-03-01', 'GIN-70', '2', '30.00', 'GBP'],
    ['SO-1001', 'SHOPIFY_UK', '2026-03-01', 'GIN-20', '1', '12.50', 'GBP'],
    ['SO-1002', 'shopify_uk', '2026-03-02T10:15:00Z', 'GIN-70', '1', '30.00', 'gbp'],
  ]);

  it('when a valid orders CSV is previewed, then it reports counts, mapping and sample and writes nothing', async () => {
    const before = await importTableCounts(t.db);
    const res = await post('orders', 'preview', 'orders.csv', file);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ entity: 'orders', format: 'csv', rowCount: 3, validRowCount: 3, invalidRowCount: 0, errorCount: 0, recordCount: 2, unmappedHeaders: [] });
    expect(body.mapping).toMatchObject({ orderNumber: 'Order ID', quantity: 'Qty', unitPrice: 'Unit Price', region: null });
    expect(body.sample[0]).toMatchObject({ orderNumber: 'SO-1001', sku: 'GIN-70' });
    expect(await importTableCounts(t.db)).toEqual(before);
  });

  it('when a valid orders CSV is committed, then orders, lines and daily_sales are written in one go, audited and announced', async () => {
    const before = await importTableCounts(t.db);
    const seqBefore = await bus!.latestSeq();
    const res = await post('orders', 'commit', 'orders.csv', file);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ committed: true, inserted: 2, updated: 0, recordCount: 2 });
    const after = await importTableCounts(t.db);
    expect(after.orders! - before.orders!).toBe(2);
    expect(after.orderLines! - before.orderLines!).toBe(3);
    const cells = await t.db.db.select().from(dailySales).where(eq(dailySales.channelCode, 'SHOPIFY_UK')).orderBy(dailySales.salesDate, dailySales.sku);
    expect(cells.map((c) => [c.salesDate, c.sku, c.regionCode, c.orders, c.units, Number(c.revenue)])).toEqual([
      ['2026-03-01', 'GIN-20', 'UK', 1, 1, 12.5],
      ['2026-03-01', 'GIN-70', 'UK', 1, 2, 60],
      ['2026-03-02', 'GIN-70', 'UK', 1, 1, 30],
    ]);
    const [order] = await t.db.db.select().from(orders).where(eq(orders.externalId, 'SO-1001'));
    expect(order).toMatchObject({ status: 'DELIVERED', currency: 'GBP', source: 'import:orders.csv', shipToRegion: 'UK' });
    const [audit] = await t.db.db.select().from(auditLogs).where(eq(auditLogs.id, res.json().auditId));
    expect(audit).toMatchObject({ actionType: 'import.committed', entityType: 'import', actor: 'manager@test.sentia.local' });
    expect(audit!.newValues).toMatchObject({ entity: 'orders', fileName: 'orders.csv', rows: 3, inserted: 2 });
    const events = await t.db.db.select().from(domainEvents).where(sql`${domainEvents.seq} > ${seqBefore}`);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['kpi.updated', 'sync.completed']));
  });

  it('when the same file is committed again, then nothing changes (idempotent)', async () => {
    const before = await importTableCounts(t.db);
    const res = await post('orders', 'commit', 'orders.csv', file);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const after = await importTableCounts(t.db);
    expect({ ...after, auditLogs: 0 }).toEqual({ ...before, auditLogs: 0 });
  });

  it('when a USD channel order is imported, then daily_sales converts to GBP at the day rate', async () => {
    const res = await post('orders', 'commit', 'us.csv', csv([ORDER_HEADER, ['US-1', 'SHOPIFY_US', '2026-03-05', 'GIN-70', '4', '40', 'USD']]));
    expect(res.statusCode).toBe(201);
    const [cell] = await t.db.db.select().from(dailySales).where(and(eq(dailySales.channelCode, 'SHOPIFY_US'), eq(dailySales.salesDate, '2026-03-05')));
    expect(cell).toMatchObject({ regionCode: 'US', units: 4, currency: 'USD' });
    expect(Number(cell!.revenue)).toBe(160);
    expect(Number(cell!.revenueGbp)).toBe(128);
  });

  it('when rows break the business rules, then each is reported with row, column, value and message and nothing is written', async () => {
    const bad = csv([
      ORDER_HEADER,
      ['SO-2001', 'SHOPIFY_UK', '2026-03-10', 'NOPE-1', '1', '30', 'GBP'],
      ['SO-2002', 'SHOPIFY_UK', '2026-03-10', 'GIN-70', '-3', '30', 'GBP'],
      ['SO-2003', 'SHOPIFY_UK', '2026-03-10', 'GIN-70', '1', '30', 'GBP'],
      ['SO-2003', 'SHOPIFY_UK', '2026-03-10', 'GIN-70', '2', '30', 'GBP'],
      ['SO-2004', 'SHOPIFY_UK', '2027-01-01', 'GIN-70', '1', '30', 'GBP'],
      ['SO-2005', 'SHOPIFY_UK', '2026-03-10', 'GIN-70', '1', '30', 'JPY'],
      ['SO-2006', 'SHOPIFY_UK', '2026-03-10', '', '1', '30', 'GBP'],
      ['SO-2007', 'SHOPIFY_UK', '2026-03-10', '"=HYPERLINK(""http://x"",""y"")"', '1', '30', 'GBP'],
      ['SO-2008', 'AMAZON_XX', 'yesterday', 'GIN-70', 'two', '3O', 'GBP'],
      ['SO-2009', 'SHOPIFY_UK', '2026-03-10', 'GIN-70', '1', '30', 'GBP'],
    ]);
    const before = await importTableCounts(t.db);
    const res = await post('orders', 'preview', 'bad.csv', bad);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ rowCount: 10, validRowCount: 2, invalidRowCount: 8 });
    const byRow = (row: number) => body.errors.filter((e: { row: number }) => e.row === row);
    expect(byRow(2)).toEqual([{ row: 2, column: 'SKU', value: 'NOPE-1', message: 'unknown SKU: not in the product catalogue' }]);
    expect(byRow(3)[0]).toMatchObject({ column: 'Quantity', value: '-3', message: expect.stringContaining('negative quantity') });
    expect(byRow(5)[0]).toMatchObject({ column: 'SKU', value: 'GIN-70', message: expect.stringContaining('duplicate order line: row 4') });
    expect(byRow(6)[0]).toMatchObject({ column: 'Order date', value: '2027-01-01', message: expect.stringContaining('date outside the allowed range') });
    expect(byRow(7)[0]).toMatchObject({ column: 'Currency', value: 'JPY', message: expect.stringContaining('currency not supported') });
    expect(byRow(8)[0]).toMatchObject({ column: 'SKU', value: '', message: 'required value is missing' });
    expect(byRow(9)[0]).toMatchObject({ column: 'SKU', message: expect.stringContaining('spreadsheet formula') });
    expect(byRow(10).map((e: { column: string }) => e.column)).toEqual(['Channel', 'Order date', 'Quantity', 'Unit price']);

    const commit = await post('orders', 'commit', 'bad.csv', bad);
    expect(commit.statusCode).toBe(400);
    expect(commit.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringContaining('nothing was imported') });
    expect(await importTableCounts(t.db)).toEqual(before);
  });

  it('when the error report is downloaded, then it lists every error as CSV with formula-looking cells neutralised', async () => {
    const bad = csv([ORDER_HEADER, ['SO-3001', 'SHOPIFY_UK', '2026-03-10', '"=HYPERLINK(""http://evil"",""x"")"', '1', '30', 'GBP'], ['SO-3002', 'SHOPIFY_UK', '2026-03-10', '@SUM(1)', '-1', '30', 'GBP']]);
    const res = await post('orders', 'errors.csv', 'bad orders.csv', bad);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bad_orders-errors.csv"');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('row,column,value,message');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(`2,SKU,"'=HYPERLINK(""http://evil"",""x"")","starts like a spreadsheet formula (=, +, -, @): remove the leading character"`);
    expect(lines[2]).toMatch(/^3,SKU,'@SUM\(1\),/);
    expect(lines[3]).toMatch(/^3,Quantity,'-1,negative quantity/);
  });
});

describe('header mapping', () => {
  it('when a required column is missing, then the preview names it and no row is validated', async () => {
    const res = await post('orders', 'preview', 'nosku.csv', csv([['Order ID', 'Channel', 'Order Date', 'Qty', 'Unit Price', 'Currency', 'Colour'], ['A', 'SHOPIFY_UK', '2026-03-01', '1', '1', 'GBP', 'red']]));
    const body = res.json();
    expect(body.errors).toEqual([{ row: 1, column: 'SKU', value: '', message: 'required column "SKU" is missing: add it or map a column to it' }]);
    expect(body.unmappedHeaders).toEqual(['Colour']);
    expect(body.validRowCount).toBe(0);
  });

  it('when the user maps a column by hand, then that mapping wins over the aliases', async () => {
    const file = csv([['Ref', 'Channel', 'Order Date', 'Item', 'Qty', 'Unit Price', 'Currency', 'Order ID'], ['MAP-1', 'SHOPIFY_UK', '2026-03-03', 'GIN-20', '1', '12.5', 'GBP', 'ignored']]);
    const res = await post('orders', 'preview', 'mapped.csv', file, { mapping: { orderNumber: 'Ref', sku: 'Item' } });
    const body = res.json();
    expect(body.errorCount).toBe(0);
    expect(body.mapping).toMatchObject({ orderNumber: 'Ref', sku: 'Item' });
    expect(body.sample[0]).toMatchObject({ orderNumber: 'MAP-1', sku: 'GIN-20' });
    const wrong = await post('orders', 'preview', 'mapped.csv', file, { mapping: { sku: 'Nope' } });
    expect(wrong.json().errors[0]).toMatchObject({ row: 0, column: 'sku', message: 'the file has no column "Nope"' });
  });
});

describe('other entities', () => {
  it('when stock counts are imported, then on-hand becomes the count and the difference is an ADJUSTMENT movement', async () => {
    const file = csv([['SKU', 'Warehouse', 'Counted', 'Count Date'], ['GIN-70', 'UK-MAIN', '96', '2026-03-30'], ['GIN-20', 'UK-MAIN', '40', '']]);
    const res = await post('inventory-counts', 'commit', 'count.csv', file);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ inserted: 1, updated: 1 });
    const rows = await t.db.db.select().from(inventory).orderBy(inventory.sku);
    expect(rows.map((r) => [r.sku, r.quantityOnHand, r.quantityReserved, r.lastCountDate])).toEqual([
      ['GIN-20', 40, 0, '2026-03-31'],
      ['GIN-70', 96, 5, '2026-03-30'],
    ]);
    const moves = await t.db.db.select().from(stockMovements).orderBy(stockMovements.sku);
    expect(moves.map((m) => [m.sku, m.movementType, m.quantity, m.referenceType])).toEqual([
      ['GIN-20', 'ADJUSTMENT', 40, 'import'],
      ['GIN-70', 'ADJUSTMENT', -4, 'import'],
    ]);
  });

  it('when a stock count is negative, names an unknown warehouse, is in the future or repeats, then it is refused', async () => {
    const file = csv([['SKU', 'Warehouse', 'Quantity', 'Count Date'], ['GIN-70', 'UK-MAIN', '-2', ''], ['GIN-70', 'MARS', '1', ''], ['GIN-20', 'UK-MAIN', '1', '2026-05-01'], ['GIN-20', 'UK-MAIN', '1', ''], ['GIN-20', 'UK-MAIN', '2', '']]);
    const body = (await post('inventory-counts', 'preview', 'count.csv', file)).json();
    expect(body.errors.map((e: { row: number; message: string }) => [e.row, e.message.split(':')[0]])).toEqual([
      [2, 'negative quantity'],
      [3, 'unknown warehouse code'],
      [4, 'date outside the allowed range 2025-03-30 to 2026-03-31 (not in the future, at most a year back)'],
      [6, 'duplicate count'],
    ]);
  });

  it('when products are imported, then new SKUs are added and known ones updated', async () => {
    const file = csv([
      ['SKU', 'Name', 'Category', 'Size ml', 'ABV', 'Units per case', 'Standard cost', 'Cost currency', 'Launch date', 'Active'],
      ['RUM-70', 'Spiced rum', 'RUM', '700', '37.5', '6', '9.10', 'GBP', '2026-01-15', 'yes'],
      ['GIN-20', 'Gin 20cl (new label)', 'GIN', '200', '40', '12', '3.30', 'GBP', '2021-01-01', 'yes'],
    ]);
    const res = await post('products', 'commit', 'products.csv', file);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ inserted: 1, updated: 1 });
    const [rum] = await t.db.db.select().from(products).where(eq(products.sku, 'RUM-70'));
    expect(rum).toMatchObject({ name: 'Spiced rum', abv: '37.5', standardCost: '9.1000', unitOfMeasure: 'bottle', isActive: true });
    const [gin] = await t.db.db.select().from(products).where(eq(products.sku, 'GIN-20'));
    expect(gin).toMatchObject({ name: 'Gin 20cl (new label)', standardCost: '3.3000' });
  });

  it('when suppliers are imported, then they are upserted by code and bad currencies refused', async () => {
    const header = ['Supplier code', 'Name', 'Category', 'Country', 'Currency', 'Payment terms', 'Lead time days'];
    const res = await post('suppliers', 'commit', 'suppliers.csv', csv([header, ['SUP-BOT', 'Botanicals Ltd', 'BOTANICAL', 'de', 'EUR', '45', '21'], ['SUP-GLASS', 'Glass Co Ltd', 'GLASS', 'GB', 'GBP', '60', '14']]));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ inserted: 1, updated: 1 });
    const [bot] = await t.db.db.select().from(suppliers).where(eq(suppliers.code, 'SUP-BOT'));
    expect(bot).toMatchObject({ country: 'DE', currency: 'EUR', paymentTermsDays: 45 });
    const bad = (await post('suppliers', 'preview', 'suppliers.csv', csv([header, ['SUP-X', 'X', 'GLASS', 'GB', 'CHF', '-5', '1']]))).json();
    expect(bad.errors.map((e: { column: string }) => e.column)).toEqual(['Currency', 'Payment terms (days)']);
  });

  it('when purchase orders are imported, then each PO is created with its lines; an existing PO number or unknown material is refused', async () => {
    const header = ['PO Number', 'Supplier', 'Order Date', 'Expected Date', 'Material', 'Qty', 'Unit Price', 'Currency'];
    const file = csv([header, ['PO-900', 'SUP-GLASS', '2026-03-20', '2026-04-10', 'GLASS-70', '5000', '0.38', 'GBP'], ['PO-900', 'SUP-GLASS', '2026-03-20', '2026-04-10', 'JUNIPER', '12.5', '11.00', 'GBP']]);
    const res = await post('purchase-orders', 'commit', 'po.csv', file);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ inserted: 1, recordCount: 1 });
    const [po] = await t.db.db.select().from(purchaseOrders).where(eq(purchaseOrders.poNumber, 'PO-900'));
    expect(po).toMatchObject({ status: 'DRAFT', total: '2037.5000', paymentTermsDays: 60, currency: 'GBP' });
    const lines = await t.db.db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, po!.id)).orderBy(purchaseOrderLines.lineNumber);
    expect(lines.map((l) => [l.lineNumber, l.materialCode, l.quantity, l.lineTotal])).toEqual([
      [1, 'GLASS-70', '5000.0000', '1900.0000'],
      [2, 'JUNIPER', '12.5000', '137.5000'],
    ]);
    const again = (await post('purchase-orders', 'preview', 'po.csv', file)).json();
    expect(again.errors[0]).toMatchObject({ row: 2, column: 'PO number', message: expect.stringContaining('already exists') });
    const unknown = (await post('purchase-orders', 'preview', 'po2.csv', csv([header, ['PO-901', 'SUP-GLASS', '2026-03-20', '2026-03-01', 'CORKS', '0', '1', 'GBP']]))).json();
    expect(unknown.errors.map((e: { column: string }) => e.column)).toEqual(['Expected date', 'Material code', 'Quantity']);
  });
});

describe('Excel workbooks', () => {
  it('when an .xlsx with date cells and a formula is uploaded, then dates are read and the formula cell is refused', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Orders');
    ws.addRow(ORDER_HEADER);
    ws.addRow(['XL-1', 'SHOPIFY_UK', new Date(Date.UTC(2026, 2, 12)), 'GIN-70', 3, 29.99, 'GBP']);
    ws.addRow(['XL-2', 'SHOPIFY_UK', new Date(Date.UTC(2026, 2, 12)), 'GIN-70', { formula: '1+1', result: 2 }, 29.99, 'GBP']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const body = (await post('orders', 'preview', 'orders.xlsx', buffer)).json();
    expect(body).toMatchObject({ format: 'xlsx', rowCount: 2, validRowCount: 1 });
    expect(body.sample[0]).toMatchObject({ orderNumber: 'XL-1', orderedAt: '2026-03-12', quantity: '3', unitPrice: '29.99' });
    expect(body.errors).toEqual([{ row: 3, column: 'Quantity', value: '=1+1', message: 'the cell holds a spreadsheet formula: paste the value instead' }]);

    ws.spliceRows(3, 1);
    const fixed = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await post('orders', 'commit', 'orders.xlsx', fixed);
    expect(res.statusCode).toBe(201);
    const [line] = await t.db.db.select({ quantity: orderLines.quantity }).from(orderLines).innerJoin(orders, eq(orders.id, orderLines.orderId)).where(eq(orders.externalId, 'XL-1'));
    expect(line).toEqual({ quantity: 3 });
  });
});

describe('a commit that fails while writing', () => {
  it('when the database refuses a row half-way through, then nothing of the import remains', async () => {
    await t.db.db.insert(products).values({ sku: 'BOOM', name: 'Refused by a trigger', category: 'GIN', sizeMl: 700, abv: '40.0', unitsPerCase: 6, standardCost: '1', costCurrency: 'GBP', launchDate: '2020-01-01' });
    await t.db.db.execute(sql`create function refuse_boom() returns trigger language plpgsql as $$ begin if new.sku = 'BOOM' then raise exception 'refused by test trigger'; end if; return new; end $$`);
    await t.db.db.execute(sql`create trigger refuse_boom before insert on order_lines for each row execute function refuse_boom()`);
    try {
      // 700 orders: the first batches are written before the last order (BOOM) fails.
      const rows = Array.from({ length: 700 }, (_, i) => [`FAIL-${i}`, 'SHOPIFY_UK', '2026-03-15', i === 699 ? 'BOOM' : 'GIN-70', '1', '30', 'GBP']);
      const before = await importTableCounts(t.db);
      const res = await post('orders', 'commit', 'fail.csv', csv([ORDER_HEADER, ...rows]));
      expect(res.statusCode).toBe(500);
      expect(await importTableCounts(t.db)).toEqual(before);
    } finally {
      await t.db.db.execute(sql`drop trigger refuse_boom on order_lines`);
      await t.db.db.execute(sql`drop function refuse_boom()`);
    }
  });
});

describe('access and limits', () => {
  const file = csv([ORDER_HEADER, ['ACL-1', 'SHOPIFY_UK', '2026-03-01', 'GIN-70', '1', '30', 'GBP']]);

  it('when an OPERATOR or VIEWER imports, then 403; anonymous gets 401; ADMIN and MANAGER may', async () => {
    for (const role of ['OPERATOR', 'VIEWER'] as const) {
      expect((await post('orders', 'preview', 'a.csv', file, { role })).statusCode).toBe(403);
      expect((await post('orders', 'commit', 'a.csv', file, { role })).statusCode).toBe(403);
      expect((await post('orders', 'errors.csv', 'a.csv', file, { role })).statusCode).toBe(403);
    }
    expect((await post('orders', 'commit', 'a.csv', file, { role: null })).statusCode).toBe(401);
    expect((await post('orders', 'preview', 'a.csv', file, { role: 'ADMIN' })).statusCode).toBe(200);
    const [order] = await t.db.db.select().from(orders).where(eq(orders.externalId, 'ACL-1'));
    expect(order).toBeUndefined();
  });

  it('when the upload is not multipart, too large, or names an unknown entity, then 415, 413 or 400', async () => {
    const json = await t.app.inject({ method: 'POST', url: '/api/imports/orders/preview', payload: { a: 1 }, headers: { cookie: cookies.MANAGER! } });
    expect(json.statusCode).toBe(415);
    const big = await post('orders', 'preview', 'big.csv', Buffer.alloc(3 * 1024 * 1024, 'a'));
    expect(big.statusCode).toBe(413);
    expect((await post('customers', 'preview', 'a.csv', file)).statusCode).toBe(400);
  });
});

describe('audit trail', () => {
  it('when imports were committed, then every one is in the audit log with the file hash', async () => {
    const rows = await t.db.db.select().from(auditLogs).where(eq(auditLogs.actionType, 'import.committed'));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect((rows[0]!.newValues as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
