import { Decimal } from 'decimal.js';
import { unleashedSignature } from '../unleashed/unleashed-signature.ts';
import { type SandboxFault, createSandboxFaults } from './sandbox-faults.ts';
import { type SandboxHandle, type SandboxReply, type SandboxRequest, type StartSandboxOptions, seededRandom, startSandboxServer } from './sandbox-http.ts';
import { sandboxSkus } from './sandbox-catalogue.ts';

type Json = Record<string, unknown>;

/** Records in Unleashed's JSON shapes (dates as `/Date(ms)/`). StockOnHand rows are per warehouse. */
export interface UnleashedSandboxData {
  products: Json[];
  stockOnHand: Json[];
  salesOrders: Json[];
  purchaseOrders: Json[];
  assemblies: Json[];
  billsOfMaterials: Json[];
  warehouses: Json[];
  suppliers: Json[];
}

export interface UnleashedSandboxOptions extends StartSandboxOptions {
  data: UnleashedSandboxData;
  apiId?: string;
  apiKey?: string;
  /** Verify only against the raw query string; default also accepts the percent-decoded form (C.2 lenient mode). */
  strictSignature?: boolean;
  /** Calls allowed this month; further calls get `blockedStatus`. */
  monthlyQuota?: number;
  /** Status for quota-blocked calls (undocumented; default 429). */
  blockedStatus?: number;
  /** Answer 406 unless `Accept: application/json` (default true). */
  requireJsonAccept?: boolean;
}

export interface UnleashedSandbox extends SandboxHandle {
  /** Calls counted against the monthly quota. */
  callsUsed(): number;
  /** `client-type` values seen. */
  clientTypes(): string[];
  data: UnleashedSandboxData;
}

export const unleashedSandboxCredentials = { apiId: '6f8d2b8e-4c1a-4b7e-9a51-2f7c6b3d9e10', apiKey: 'sandbox-api-key' } as const;

const resources: Record<string, keyof UnleashedSandboxData> = {
  Products: 'products',
  StockOnHand: 'stockOnHand',
  SalesOrders: 'salesOrders',
  PurchaseOrders: 'purchaseOrders',
  Assemblies: 'assemblies',
  BillOfMaterials: 'billsOfMaterials',
  Warehouses: 'warehouses',
  Suppliers: 'suppliers',
};

const msOf = (value: unknown): number | null => {
  const m = typeof value === 'string' ? /^\/Date\((-?\d+)/.exec(value) : null;
  return m ? Number(m[1]) : null;
};
/** JSON with dates escaped as ASP.NET writes them (`"\/Date(…)\/"`). */
const aspNetJson = (value: unknown) => JSON.stringify(value).replace(/"\/Date\((-?\d+)\)\/"/g, '"\\/Date($1)\\/"');
const problem = (status: number, description: string): SandboxReply => ({ status, body: { Description: description } });

/**
 * Local Unleashed API (reference C.1–C.8): `api-auth-id` + `api-auth-signature` (HMAC of the
 * query string) → 403 when wrong, `client-type` recorded, `Accept` honoured, path pagination with
 * `pageSize` 1–1000 and the `Pagination`/`Items` envelope, `/Date(ms)/` dates, `modifiedSince`,
 * `orderStatus`, `warehouseCode`, `productCode`, `customerCode` and `supplierCode` filters, the StockOnHand aggregation rule and a
 * monthly quota that blocks further calls.
 */
export async function startUnleashedSandbox(options: UnleashedSandboxOptions): Promise<UnleashedSandbox> {
  const apiId = options.apiId ?? unleashedSandboxCredentials.apiId;
  const apiKey = options.apiKey ?? unleashedSandboxCredentials.apiKey;
  const faults = createSandboxFaults();
  let used = 0;
  const clientTypes = new Set<string>();

  const answerFault = (fault: SandboxFault): SandboxReply | undefined => {
    switch (fault.kind) {
      case 'rate-limit':
        return { status: 429, ...(fault.retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(fault.retryAfterSeconds) } }), body: { Description: 'API call limit exceeded' } };
      case 'server-error':
        return problem(fault.status ?? 500, 'An error has occurred.');
      case 'malformed':
        return { status: 200, body: '{"Pagination": {"NumberOfItems": 3, "PageSize": 200, "PageNumber": 1, "NumberOfPages": 1}, "Items": [{"Guid": "7fc6' };
      case 'bad-signature':
        return problem(403, 'Forbidden: the signature does not match');
      default:
        return undefined;
    }
  };

  function authenticate(request: SandboxRequest): SandboxReply | undefined {
    if (request.headers['api-auth-id'] !== apiId) return problem(403, 'Forbidden');
    const signature = request.headers['api-auth-signature'];
    if (typeof signature !== 'string') return problem(403, 'Forbidden');
    let valid = signature === unleashedSignature(request.rawQuery, apiKey);
    if (!valid && !options.strictSignature) {
      try {
        valid = signature === unleashedSignature(decodeURIComponent(request.rawQuery.replace(/\+/g, ' ')), apiKey);
      } catch {
        valid = false;
      }
    }
    if (!valid) return problem(403, 'Forbidden: the signature does not match');
    const clientType = request.headers['client-type'];
    if (typeof clientType === 'string') clientTypes.add(clientType);
    return undefined;
  }

  function parseFilterDate(value: string): number | null {
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(value)) return null;
    const ms = Date.parse(value.includes('T') ? `${value}Z` : `${value}T00:00:00Z`);
    return Number.isNaN(ms) ? null : ms;
  }

  function aggregateStock(rows: Json[]): Json[] {
    const byProduct = new Map<string, Json>();
    for (const row of rows) {
      const key = String(row.ProductGuid);
      const prev = byProduct.get(key);
      if (!prev) {
        byProduct.set(key, { ...row, Guid: row.ProductGuid, Warehouse: null, WarehouseCode: null, WarehouseId: null });
        continue;
      }
      for (const f of ['QtyOnHand', 'AllocatedQty', 'AvailableQty', 'OnPurchase', 'TotalCost']) prev[f] = new Decimal(String(prev[f] ?? 0)).plus(String(row[f] ?? 0)).toNumber();
      prev.AvgCost = new Decimal(String(prev.QtyOnHand)).isZero() ? prev.AvgCost : new Decimal(String(prev.TotalCost)).dividedBy(String(prev.QtyOnHand)).toDecimalPlaces(4).toNumber();
      if ((msOf(row.LastModifiedOn) ?? 0) > (msOf(prev.LastModifiedOn) ?? 0)) prev.LastModifiedOn = row.LastModifiedOn;
    }
    return [...byProduct.values()];
  }

  function handle(request: SandboxRequest): SandboxReply {
    const denial = authenticate(request);
    if (denial) return denial;
    if (options.requireJsonAccept !== false && !String(request.headers.accept ?? '').includes('application/json')) {
      return { status: 406, body: '<Error><Description>Only application/json is served by the sandbox</Description></Error>' };
    }
    used += 1;
    if (options.monthlyQuota !== undefined && used > options.monthlyQuota) return problem(options.blockedStatus ?? 429, 'Your API usage limit for this month has been reached');
    if (request.method !== 'GET') return problem(405, 'Method not allowed');
    const segments = request.path.split('/').filter(Boolean);
    const resourceKey = resources[segments[0] ?? ''];
    if (!resourceKey) return problem(404, 'Resource not found');
    let rows = [...options.data[resourceKey]];
    const q = request.query;
    // /{Resource}/{guid}[/AllWarehouses] single reads
    if (segments[1] && /^[0-9a-f]{8}-/i.test(segments[1])) {
      const guid = segments[1].toLowerCase();
      if (resourceKey === 'stockOnHand') {
        const productRows = rows.filter((r) => String(r.ProductGuid).toLowerCase() === guid);
        return { status: 200, body: aspNetJson(segments[2] === 'AllWarehouses' ? { Items: productRows } : (aggregateStock(productRows)[0] ?? {})) };
      }
      const found = rows.find((r) => String(r.Guid).toLowerCase() === guid);
      return { status: 200, body: found ? aspNetJson(found) : '' };
    }
    const pageText = segments[1] === 'Page' ? segments[2] : segments[1];
    const page = pageText === undefined ? 1 : Number(pageText);
    if (!Number.isInteger(page) || page < 1) return problem(400, 'Invalid page number');
    const pageSize = q.get('pageSize') === null ? 200 : Number(q.get('pageSize'));
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return problem(400, 'pageSize must be between 1 and 1000');
    const modifiedSince = q.get('modifiedSince');
    if (modifiedSince !== null) {
      const since = parseFilterDate(modifiedSince);
      if (since === null) return problem(400, 'modifiedSince must be an ISO date (YYYY-MM-DD[THH:mm:ss])');
      rows = rows.filter((r) => (msOf(r.LastModifiedOn) ?? 0) >= since);
    }
    const statuses = q.get('orderStatus')?.split(',').filter(Boolean);
    if (statuses?.length) rows = rows.filter((r) => statuses.includes(String(r.OrderStatus)));
    else if (resourceKey === 'salesOrders') rows = rows.filter((r) => r.OrderStatus !== 'Deleted');
    const productCode = q.get('productCode');
    if (productCode) rows = rows.filter((r) => String(r.ProductCode ?? '').startsWith(productCode));
    const customerCode = q.get('customerCode');
    if (customerCode) rows = rows.filter((r) => String((r.Customer as Json | undefined)?.CustomerCode ?? '').startsWith(customerCode));
    const supplierCode = q.get('supplierCode');
    if (supplierCode) rows = rows.filter((r) => String((r.Supplier as Json | undefined)?.SupplierCode ?? r.SupplierCode ?? '').startsWith(supplierCode));
    const warehouseCode = q.get('warehouseCode');
    if (resourceKey === 'stockOnHand') {
      rows = warehouseCode ? rows.filter((r) => r.WarehouseCode === warehouseCode) : aggregateStock(rows);
    } else if (warehouseCode) {
      rows = rows.filter((r) => (r.Warehouse as Json | undefined)?.WarehouseCode === warehouseCode || r.WarehouseCode === warehouseCode);
    }
    if (resourceKey === 'billsOfMaterials') return { status: 200, body: aspNetJson({ Items: rows }) };
    const numberOfPages = Math.max(1, Math.ceil(rows.length / pageSize));
    const items = rows.slice((page - 1) * pageSize, page * pageSize);
    return { status: 200, body: aspNetJson({ Pagination: { NumberOfItems: rows.length, PageSize: pageSize, PageNumber: page, NumberOfPages: numberOfPages }, Items: items }) };
  }

  const server = await startSandboxServer(options, faults, answerFault, handle);
  return { ...server, callsUsed: () => used, clientTypes: () => [...clientTypes], data: options.data };
}

const guid = (random: () => number) => {
  const hex = () => Math.floor(random() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-8${part(3)}-${part(12)}`;
};
const msDate = (ms: number) => `/Date(${ms})/`;

/**
 * Deterministic ERP data set: the nine finished spirits (assembled) plus packaging and spirit
 * components, two warehouses, three suppliers, stock per warehouse, wholesale sales orders,
 * purchase orders, assemblies and one bill of materials per finished product.
 */
export function generateUnleashedSandboxData(options: { seed?: number; salesOrderCount?: number; purchaseOrderCount?: number; assemblyCount?: number; from?: string; to?: string } = {}): UnleashedSandboxData {
  const random = seededRandom(options.seed ?? 17);
  const from = Date.parse(options.from ?? '2024-05-01T00:00:00Z');
  const to = Date.parse(options.to ?? '2024-05-31T00:00:00Z');
  const when = () => from + Math.floor(random() * (to - from));
  const warehouses = [
    { Guid: guid(random), WarehouseCode: 'DIST', WarehouseName: 'Distillery', IsDefault: true, Obsolete: false, City: 'Edinburgh', Country: 'United Kingdom', LastModifiedOn: msDate(from - 86_400_000) },
    { Guid: guid(random), WarehouseCode: 'BOND', WarehouseName: 'Bonded Warehouse', IsDefault: false, Obsolete: false, City: 'Glasgow', Country: 'United Kingdom', LastModifiedOn: msDate(when()) },
  ];
  const suppliers = [
    { code: 'GLASSCO', name: 'Example Glass Co', lead: 21 },
    { code: 'CORKWORKS', name: 'Cork Works Ltd', lead: 14 },
    { code: 'GRAINSPIRIT', name: 'Grain Spirit Supplies', lead: 10 },
  ].map((s) => ({ Guid: guid(random), SupplierCode: s.code, SupplierName: s.name, Currency: { CurrencyCode: 'GBP' }, Email: `orders@${s.code.toLowerCase()}.example`, LeadTimeDays: s.lead, Obsolete: false, Addresses: [], CreatedOn: msDate(from - 400 * 86_400_000), LastModifiedOn: msDate(when()) }));
  const components = [
    { code: 'BTL-70CL-FLINT', name: '70cl flint bottle', cost: 0.3, supplier: 0 },
    { code: 'BTL-50CL-FLINT', name: '50cl flint bottle', cost: 0.26, supplier: 0 },
    { code: 'CORK-T-TOP', name: 'T-top cork', cost: 0.12, supplier: 1 },
    { code: 'SPIRIT-NEUTRAL-LTR', name: 'Neutral grain spirit (litre)', cost: 2.4, supplier: 2 },
  ];
  const products: Json[] = [];
  const productGuid = new Map<string, string>();
  for (const sku of sandboxSkus) {
    const g = guid(random);
    productGuid.set(sku.sku, g);
    products.push({
      Guid: g, ProductCode: sku.sku, ProductDescription: sku.name, Barcode: `50${Math.floor(random() * 1e11).toString().padStart(11, '0')}`,
      UnitOfMeasure: { Guid: guid(random), Name: 'BTL' }, ProductGroup: { Guid: guid(random), GroupName: sku.sku.split('-')[0] },
      DefaultPurchasePrice: null, DefaultSellPrice: Number(sku.prices.GBP), AverageLandPrice: Number(sku.unitCost), LastCost: Number(sku.unitCost),
      IsAssembledProduct: true, IsComponent: false, IsSellable: true, IsPurchasable: false, IsBatchTracked: true, IsSerialized: false, Obsolete: false,
      CreatedOn: msDate(from - 300 * 86_400_000), LastModifiedOn: msDate(when()),
    });
  }
  for (const c of components) {
    const g = guid(random);
    productGuid.set(c.code, g);
    products.push({
      Guid: g, ProductCode: c.code, ProductDescription: c.name, Barcode: null, UnitOfMeasure: { Guid: guid(random), Name: c.code.endsWith('LTR') ? 'LTR' : 'EA' }, ProductGroup: { Guid: guid(random), GroupName: 'Components' },
      DefaultPurchasePrice: c.cost, DefaultSellPrice: null, AverageLandPrice: c.cost, LastCost: c.cost,
      IsAssembledProduct: false, IsComponent: true, IsSellable: false, IsPurchasable: true, IsBatchTracked: false, IsSerialized: false, Obsolete: false,
      CreatedOn: msDate(from - 300 * 86_400_000), LastModifiedOn: msDate(when()),
    });
  }
  const stockOnHand: Json[] = [];
  for (const p of products) {
    for (const w of warehouses) {
      if (w.WarehouseCode === 'BOND' && p.IsComponent) continue;
      const qty = Math.floor(random() * (p.IsComponent ? 20_000 : 1_500));
      const allocated = Math.floor(random() * Math.min(qty, 60));
      const avg = Number(p.AverageLandPrice);
      stockOnHand.push({
        Guid: p.Guid, ProductGuid: p.Guid, ProductCode: p.ProductCode, ProductDescription: p.ProductDescription, ProductGroupName: (p.ProductGroup as Json).GroupName,
        WarehouseId: w.Guid, WarehouseCode: w.WarehouseCode, Warehouse: w.WarehouseName,
        QtyOnHand: qty, AllocatedQty: allocated, AvailableQty: qty - allocated, OnPurchase: p.IsComponent ? Math.floor(random() * 5000) : 0,
        AvgCost: avg, TotalCost: new Decimal(avg).times(qty).toDecimalPlaces(2).toNumber(), DaysSinceLastSale: Math.floor(random() * 10), LastModifiedOn: msDate(when()),
      });
    }
  }
  const dist = warehouses[0] as Json;
  const wRef = { Guid: dist.Guid, WarehouseCode: dist.WarehouseCode, WarehouseName: dist.WarehouseName };
  const salesStatuses = ['Completed', 'Completed', 'Placed', 'Parked', 'Backordered', 'Deleted'];
  const salesOrders: Json[] = [];
  for (let i = 0; i < (options.salesOrderCount ?? 30); i += 1) {
    const currency = random() < 0.8 ? 'GBP' : 'EUR';
    const lines: Json[] = [];
    let sub = new Decimal(0);
    let tax = new Decimal(0);
    const count = 1 + Math.floor(random() * 3);
    for (let l = 0; l < count; l += 1) {
      const sku = sandboxSkus[Math.floor(random() * sandboxSkus.length)] ?? sandboxSkus[0];
      if (!sku) break;
      const qty = 6 * (1 + Math.floor(random() * 8));
      const unit = new Decimal(sku.prices[currency]).times(0.6).toDecimalPlaces(2);
      const discountRate = random() < 0.3 ? 0.05 : 0;
      const lineTotal = unit.times(qty).times(1 - discountRate).toDecimalPlaces(2);
      const lineTax = lineTotal.times(0.2).toDecimalPlaces(2);
      sub = sub.plus(lineTotal);
      tax = tax.plus(lineTax);
      lines.push({
        Guid: guid(random), LineNumber: l + 1, LineType: null,
        Product: { Guid: productGuid.get(sku.sku), ProductCode: sku.sku, ProductDescription: sku.name },
        OrderQuantity: qty, UnitPrice: unit.toNumber(), DiscountRate: discountRate, LineTotal: lineTotal.toNumber(), LineTax: lineTax.toNumber(), LineTaxCode: 'G.B.VAT20',
        BCUnitPrice: unit.toNumber(), BCLineTotal: lineTotal.toNumber(), BCLineTax: lineTax.toNumber(), Assembly: null, LastModifiedOn: msDate(when()),
      });
    }
    const orderDate = when();
    salesOrders.push({
      Guid: guid(random), OrderNumber: `SO-${String(100 + i).padStart(8, '0')}`, OrderDate: msDate(orderDate), RequiredDate: msDate(orderDate + 3 * 86_400_000), CompletedDate: null,
      OrderStatus: salesStatuses[Math.floor(random() * salesStatuses.length)], CustomOrderStatus: null,
      Customer: { Guid: guid(random), CustomerCode: `WHOLESALE${String(1 + Math.floor(random() * 9)).padStart(2, '0')}`, CustomerName: 'Example Bars Ltd' },
      Currency: { CurrencyCode: currency, Guid: guid(random) }, ExchangeRate: 1.0, DiscountRate: 0, TaxRate: 0.2,
      SubTotal: sub.toNumber(), TaxTotal: tax.toNumber(), Total: sub.plus(tax).toNumber(), BCSubTotal: sub.toNumber(), BCTaxTotal: tax.toNumber(), BCTotal: sub.plus(tax).toNumber(),
      Warehouse: wRef, SalesOrderLines: lines, CreatedBy: 'ops@example.com', CreatedOn: msDate(orderDate), LastModifiedBy: 'ops@example.com', LastModifiedOn: msDate(orderDate + Math.floor(random() * 86_400_000)),
    });
  }
  const purchaseOrders: Json[] = [];
  for (let i = 0; i < (options.purchaseOrderCount ?? 10); i += 1) {
    const c = components[Math.floor(random() * components.length)] ?? components[0];
    if (!c) break;
    const supplier = suppliers[c.supplier] as Json;
    const qty = 1000 * (1 + Math.floor(random() * 6));
    const total = new Decimal(c.cost).times(qty).toDecimalPlaces(2);
    const orderDate = when();
    const status = ['Placed', 'Receipted', 'Complete', 'Parked'][Math.floor(random() * 4)];
    purchaseOrders.push({
      Guid: guid(random), OrderNumber: `PO-${String(40 + i).padStart(8, '0')}`, OrderDate: msDate(orderDate), RequiredDate: msDate(orderDate + 21 * 86_400_000), CompletedDate: status === 'Complete' ? msDate(orderDate + 20 * 86_400_000) : null,
      OrderStatus: status, Supplier: { Guid: supplier.Guid, SupplierCode: supplier.SupplierCode, SupplierName: supplier.SupplierName }, Warehouse: wRef,
      Currency: { CurrencyCode: 'GBP', Guid: guid(random) }, ExchangeRate: 1.0, SubTotal: total.toNumber(), TaxTotal: total.times(0.2).toDecimalPlaces(2).toNumber(), Total: total.times(1.2).toDecimalPlaces(2).toNumber(),
      PurchaseOrderLines: [{ Guid: guid(random), LineNumber: 1, Product: { Guid: productGuid.get(c.code), ProductCode: c.code, ProductDescription: c.name }, OrderQuantity: qty, ReceiptQuantity: status === 'Complete' || status === 'Receipted' ? qty : 0, UnitPrice: c.cost, LineTotal: total.toNumber(), LineTax: total.times(0.2).toDecimalPlaces(2).toNumber(), DeliveryDate: msDate(orderDate + 21 * 86_400_000) }],
      LastModifiedOn: msDate(orderDate + Math.floor(random() * 86_400_000)),
    });
  }
  const bomLines = (sku: string) => [
    { LineNumber: 1, Product: { Guid: productGuid.get(sku.endsWith('50CL') ? 'BTL-50CL-FLINT' : 'BTL-70CL-FLINT'), ProductCode: sku.endsWith('50CL') ? 'BTL-50CL-FLINT' : 'BTL-70CL-FLINT' }, Quantity: 1.0, WastageQuantity: 0.0 },
    { LineNumber: 2, Product: { Guid: productGuid.get('SPIRIT-NEUTRAL-LTR'), ProductCode: 'SPIRIT-NEUTRAL-LTR' }, Quantity: sku.endsWith('50CL') ? 0.5 : sku.endsWith('5CL') ? 0.15 : 0.7, WastageQuantity: 0.01 },
    { LineNumber: 3, Product: { Guid: productGuid.get('CORK-T-TOP'), ProductCode: 'CORK-T-TOP' }, Quantity: 1.0, WastageQuantity: 0.0 },
  ];
  const billsOfMaterials: Json[] = sandboxSkus.map((sku) => ({
    Guid: guid(random), BillNumber: `BOM-${sku.sku.replace(/-/g, '').slice(0, 11)}`,
    Product: { Guid: productGuid.get(sku.sku), ProductCode: sku.sku, ProductDescription: sku.name },
    CanAutoAssemble: false, CanAutoDisassemble: false, Obsolete: false, BillOfMaterialsLines: bomLines(sku.sku), LastModifiedOn: msDate(when()),
  }));
  const assemblies: Json[] = [];
  for (let i = 0; i < (options.assemblyCount ?? 8); i += 1) {
    const sku = sandboxSkus[Math.floor(random() * sandboxSkus.length)] ?? sandboxSkus[0];
    if (!sku) break;
    const qty = 100 * (1 + Math.floor(random() * 10));
    const date = when();
    assemblies.push({
      Guid: guid(random), AssemblyNumber: `ASM-${String(300 + i).padStart(8, '0')}`, AssemblyDate: msDate(date), AssembleBy: msDate(date + 86_400_000), AssemblyType: 'Assembly',
      AssemblyStatus: ['Parked', 'Completed', 'Completed'][Math.floor(random() * 3)], AutoAssembly: false,
      Product: { Guid: productGuid.get(sku.sku), ProductCode: sku.sku, ProductDescription: sku.name }, Quantity: qty, CanAssembleQuantity: qty * 2,
      SourceWarehouse: wRef, DestinationWarehouse: wRef,
      AssemblyLines: bomLines(sku.sku).map((l, n) => ({ Guid: guid(random), LineNumber: n + 1, Product: l.Product, Quantity: new Decimal(l.Quantity).times(qty).toNumber(), WastageQuantity: new Decimal(l.WastageQuantity).times(qty).toNumber() })),
      TotalCost: new Decimal(sku.unitCost).times(qty).toNumber(), CreatedOn: msDate(date - 3_600_000), LastModifiedOn: msDate(date + Math.floor(random() * 86_400_000)),
    });
  }
  return { products, stockOnHand, salesOrders, purchaseOrders, assemblies, billsOfMaterials, warehouses, suppliers };
}
