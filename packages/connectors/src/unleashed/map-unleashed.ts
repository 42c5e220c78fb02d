import { z } from 'zod';
import type { Region } from '@sentia/contracts/common';
import type {
  NormalisedAssembly,
  NormalisedBillOfMaterials,
  NormalisedInventoryLevel,
  NormalisedOrder,
  NormalisedProduct,
  NormalisedPurchaseOrder,
  NormalisedSupplier,
  NormalisedWarehouse,
} from '@sentia/contracts/integrations';
import { ConnectorError } from '../shared/connector-error.ts';
import { regionOfCountry } from '../shared/region-of-country.ts';
import { addDecimals, multiplyDecimals, subtractDecimals, toDecimalString, toOptionalDecimalString } from '../shared/decimal.ts';
import { unleashedDateToIso } from './parse-unleashed-date.ts';

/** Parses with `schema` or throws MALFORMED_RESPONSE naming the first bad path. */
export function parseUnleashed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConnectorError('MALFORMED_RESPONSE', `${what}: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? 'invalid'}`, { integration: 'unleashed' });
  }
  return result.data;
}

const num = z.number();
const optNum = z.number().nullable().optional();
const optStr = z.string().nullable().optional();
const dateStr = z.string().nullable().optional();
const productRef = z.object({ Guid: optStr, ProductCode: optStr, ProductDescription: optStr }).nullable().optional();
const warehouseRef = z.object({ Guid: optStr, WarehouseCode: optStr, WarehouseName: optStr }).nullable().optional();

const dec = (v: unknown, field: string) => toDecimalString(v, field, 'unleashed');
const optDec = (v: unknown, field: string) => toOptionalDecimalString(v, field, 'unleashed');

export interface UnleashedContext {
  /** The API id: the connection's account label. */
  account: string;
  /** Region for wholesale orders whose currency does not say (GBP → UK, EUR → EU, USD → US). */
  defaultRegion: Region;
}

export const unleashedProductSchema = z.object({
  Guid: z.string().min(1),
  ProductCode: z.string().min(1),
  ProductDescription: optStr,
  Barcode: optStr,
  UnitOfMeasure: z.object({ Name: optStr }).nullable().optional(),
  ProductGroup: z.object({ GroupName: optStr }).nullable().optional(),
  DefaultSellPrice: optNum,
  DefaultPurchasePrice: optNum,
  AverageLandPrice: optNum,
  IsAssembledProduct: z.boolean().nullable().optional(),
  IsComponent: z.boolean().nullable().optional(),
  Obsolete: z.boolean().nullable().optional(),
  LastModifiedOn: dateStr,
});

export function mapUnleashedProduct(raw: unknown, ctx: UnleashedContext): NormalisedProduct {
  const p = parseUnleashed(unleashedProductSchema, raw, 'Product');
  return {
    source: 'unleashed',
    account: ctx.account,
    sourceId: p.Guid,
    sku: p.ProductCode,
    name: p.ProductDescription ?? p.ProductCode,
    barcode: p.Barcode ?? null,
    unitOfMeasure: p.UnitOfMeasure?.Name ?? null,
    productGroup: p.ProductGroup?.GroupName ?? null,
    defaultSellPrice: optDec(p.DefaultSellPrice, 'DefaultSellPrice'),
    defaultPurchasePrice: optDec(p.DefaultPurchasePrice, 'DefaultPurchasePrice'),
    averageCost: optDec(p.AverageLandPrice, 'AverageLandPrice'),
    isAssembled: p.IsAssembledProduct ?? false,
    isComponent: p.IsComponent ?? false,
    obsolete: p.Obsolete ?? false,
    updatedAt: unleashedDateToIso(p.LastModifiedOn, 'LastModifiedOn'),
  };
}

export const unleashedStockOnHandSchema = z.object({
  ProductGuid: z.string().min(1),
  ProductCode: z.string().min(1),
  WarehouseCode: optStr,
  Warehouse: optStr,
  QtyOnHand: num,
  AllocatedQty: optNum,
  AvailableQty: optNum,
  OnPurchase: optNum,
  AvgCost: optNum,
  LastModifiedOn: dateStr,
});

/** A StockOnHand row; without a warehouse filter rows are aggregated and carry no warehouse (location null). */
export function mapUnleashedStockOnHand(raw: unknown, ctx: UnleashedContext): NormalisedInventoryLevel {
  const s = parseUnleashed(unleashedStockOnHandSchema, raw, 'StockOnHand');
  const warehouse = s.WarehouseCode ? s.WarehouseCode : null;
  const onHand = dec(s.QtyOnHand, 'QtyOnHand');
  const reserved = dec(s.AllocatedQty ?? 0, 'AllocatedQty');
  return {
    source: 'unleashed',
    account: ctx.account,
    sourceId: `${s.ProductGuid}@${warehouse ?? 'ALL'}`,
    sku: s.ProductCode,
    locationId: warehouse,
    locationName: warehouse ? (s.Warehouse ?? warehouse) : null,
    region: null,
    onHand,
    available: s.AvailableQty == null ? subtractDecimals(onHand, reserved) : dec(s.AvailableQty, 'AvailableQty'),
    reserved,
    inbound: dec(s.OnPurchase ?? 0, 'OnPurchase'),
    unfulfillable: '0',
    averageCost: optDec(s.AvgCost, 'AvgCost'),
    updatedAt: unleashedDateToIso(s.LastModifiedOn, 'LastModifiedOn'),
  };
}

const orderLineSchema = z.object({
  Guid: z.string().min(1),
  LineNumber: optNum,
  Product: productRef,
  OrderQuantity: num,
  UnitPrice: optNum,
  LineTotal: optNum,
  LineTax: optNum,
});
export const unleashedSalesOrderSchema = z.object({
  Guid: z.string().min(1),
  OrderNumber: z.string(),
  OrderDate: z.string(),
  OrderStatus: z.string(),
  Currency: z.object({ CurrencyCode: z.string() }).nullable().optional(),
  SubTotal: optNum,
  TaxTotal: optNum,
  Total: optNum,
  SalesOrderLines: z.array(orderLineSchema),
  Customer: z.object({ CustomerCode: optStr }).nullable().optional(),
  DeliveryCountry: optStr,
  SourceId: optStr,
  LastModifiedOn: z.string(),
});

const salesStatus: Record<string, NormalisedOrder['statusCategory']> = {
  Parked: 'pending',
  Placed: 'open',
  Backordered: 'open',
  Completed: 'completed',
  Deleted: 'cancelled',
};
const regionByCurrency: Record<string, Region> = { GBP: 'UK', EUR: 'EU', USD: 'US' };

/**
 * Wholesale sales order → normalised order (channel WHOLESALE). The ship-to region comes from the delivery
 * country, else the currency. `SourceId` names the integration an order came in from (a web store feeding the
 * ERP); such orders are marked with `originSource` so they are not counted a second time.
 */
export function mapUnleashedSalesOrder(raw: unknown, ctx: UnleashedContext): NormalisedOrder {
  const o = parseUnleashed(unleashedSalesOrderSchema, raw, 'SalesOrder');
  const currency = o.Currency?.CurrencyCode ?? 'GBP';
  const lines = o.SalesOrderLines.map((line) => {
    const quantity = dec(line.OrderQuantity, 'OrderQuantity');
    const unitPrice = optDec(line.UnitPrice, 'UnitPrice');
    const gross = unitPrice === null ? null : multiplyDecimals(unitPrice, quantity);
    const net = optDec(line.LineTotal, 'LineTotal');
    return {
      sourceLineId: line.Guid,
      sku: line.Product?.ProductCode ?? null,
      title: line.Product?.ProductDescription ?? null,
      quantity,
      unitPrice,
      lineTotal: gross,
      tax: optDec(line.LineTax, 'LineTax'),
      discount: gross !== null && net !== null ? subtractDecimals(gross, net) : null,
    };
  });
  const placedAt = unleashedDateToIso(o.OrderDate, 'OrderDate');
  const updatedAt = unleashedDateToIso(o.LastModifiedOn, 'LastModifiedOn');
  if (placedAt === null || updatedAt === null) throw new ConnectorError('MALFORMED_RESPONSE', `SalesOrder ${o.OrderNumber} lacks OrderDate/LastModifiedOn`, { integration: 'unleashed' });
  return {
    source: 'unleashed',
    account: ctx.account,
    sourceId: o.Guid,
    orderNumber: o.OrderNumber,
    channel: 'WHOLESALE',
    region: regionOfCountry(o.DeliveryCountry) ?? regionByCurrency[currency] ?? ctx.defaultRegion,
    status: o.OrderStatus,
    statusCategory: salesStatus[o.OrderStatus] ?? 'open',
    currency,
    placedAt,
    updatedAt,
    total: optDec(o.Total, 'Total'),
    subtotal: optDec(o.SubTotal, 'SubTotal'),
    taxTotal: optDec(o.TaxTotal, 'TaxTotal'),
    discountTotal: lines.every((l) => l.discount !== null) ? addDecimals(...lines.map((l) => l.discount)) : null,
    lines,
    fees: [],
    refunds: [],
    customerCode: o.Customer?.CustomerCode ?? null,
    originSource: o.SourceId ? o.SourceId : null,
  };
}

export const unleashedPurchaseOrderSchema = z.object({
  Guid: z.string().min(1),
  OrderNumber: z.string(),
  OrderDate: z.string(),
  RequiredDate: dateStr,
  CompletedDate: dateStr,
  OrderStatus: z.string(),
  Supplier: z.object({ Guid: optStr, SupplierCode: optStr }).nullable().optional(),
  Warehouse: warehouseRef,
  Currency: z.object({ CurrencyCode: z.string() }).nullable().optional(),
  SubTotal: optNum,
  TaxTotal: optNum,
  Total: optNum,
  PurchaseOrderLines: z.array(
    z.object({
      Guid: z.string().min(1),
      Product: productRef,
      OrderQuantity: num,
      ReceiptQuantity: optNum,
      UnitPrice: optNum,
      LineTotal: optNum,
      LineTax: optNum,
      DeliveryDate: dateStr,
    }),
  ),
  LastModifiedOn: dateStr,
});

export function mapUnleashedPurchaseOrder(raw: unknown, ctx: UnleashedContext): NormalisedPurchaseOrder {
  const o = parseUnleashed(unleashedPurchaseOrderSchema, raw, 'PurchaseOrder');
  const orderDate = unleashedDateToIso(o.OrderDate, 'OrderDate');
  if (orderDate === null) throw new ConnectorError('MALFORMED_RESPONSE', `PurchaseOrder ${o.OrderNumber} lacks OrderDate`, { integration: 'unleashed' });
  return {
    source: 'unleashed',
    account: ctx.account,
    sourceId: o.Guid,
    orderNumber: o.OrderNumber,
    status: o.OrderStatus,
    supplierId: o.Supplier?.Guid ?? null,
    supplierCode: o.Supplier?.SupplierCode ?? null,
    warehouseCode: o.Warehouse?.WarehouseCode ?? null,
    currency: o.Currency?.CurrencyCode ?? 'GBP',
    orderDate,
    requiredDate: unleashedDateToIso(o.RequiredDate, 'RequiredDate'),
    completedDate: unleashedDateToIso(o.CompletedDate, 'CompletedDate'),
    subtotal: optDec(o.SubTotal, 'SubTotal'),
    taxTotal: optDec(o.TaxTotal, 'TaxTotal'),
    total: optDec(o.Total, 'Total'),
    lines: o.PurchaseOrderLines.map((l) => ({
      sourceLineId: l.Guid,
      sku: l.Product?.ProductCode ?? null,
      quantity: dec(l.OrderQuantity, 'OrderQuantity'),
      receivedQuantity: optDec(l.ReceiptQuantity, 'ReceiptQuantity'),
      unitPrice: optDec(l.UnitPrice, 'UnitPrice'),
      lineTotal: optDec(l.LineTotal, 'LineTotal'),
      tax: optDec(l.LineTax, 'LineTax'),
      dueDate: unleashedDateToIso(l.DeliveryDate, 'DeliveryDate'),
    })),
    updatedAt: unleashedDateToIso(o.LastModifiedOn, 'LastModifiedOn'),
  };
}

export const unleashedAssemblySchema = z.object({
  Guid: z.string().min(1),
  AssemblyNumber: z.string(),
  AssemblyDate: dateStr,
  AssembleBy: dateStr,
  AssemblyStatus: z.string(),
  Product: productRef,
  Quantity: num,
  SourceWarehouse: warehouseRef,
  DestinationWarehouse: warehouseRef,
  AssemblyLines: z.array(z.object({ Product: productRef, Quantity: num, WastageQuantity: optNum })).nullable().optional(),
  TotalCost: optNum,
  LastModifiedOn: dateStr,
});

export function mapUnleashedAssembly(raw: unknown, ctx: UnleashedContext): NormalisedAssembly {
  const a = parseUnleashed(unleashedAssemblySchema, raw, 'Assembly');
  return {
    source: 'unleashed',
    account: ctx.account,
    sourceId: a.Guid,
    assemblyNumber: a.AssemblyNumber,
    status: a.AssemblyStatus,
    productSku: a.Product?.ProductCode ?? null,
    quantity: dec(a.Quantity, 'Quantity'),
    assemblyDate: unleashedDateToIso(a.AssemblyDate, 'AssemblyDate'),
    assembleBy: unleashedDateToIso(a.AssembleBy, 'AssembleBy'),
    sourceWarehouseCode: a.SourceWarehouse?.WarehouseCode ?? null,
    destinationWarehouseCode: a.DestinationWarehouse?.WarehouseCode ?? null,
    totalCost: optDec(a.TotalCost, 'TotalCost'),
    lines: (a.AssemblyLines ?? []).map((l) => ({ sku: l.Product?.ProductCode ?? null, quantity: dec(l.Quantity, 'AssemblyLines.Quantity'), wastageQuantity: optDec(l.WastageQuantity, 'WastageQuantity') })),
    updatedAt: unleashedDateToIso(a.LastModifiedOn, 'LastModifiedOn'),
  };
}

export const unleashedBillOfMaterialsSchema = z.object({
  Guid: z.string().min(1),
  BillNumber: z.string(),
  Product: productRef,
  CanAutoAssemble: z.boolean().nullable().optional(),
  Obsolete: z.boolean().nullable().optional(),
  BillOfMaterialsLines: z.array(z.object({ Product: productRef, Quantity: num, WastageQuantity: optNum })),
  LastModifiedOn: dateStr,
});

export function mapUnleashedBillOfMaterials(raw: unknown, ctx: UnleashedContext): NormalisedBillOfMaterials {
  const b = parseUnleashed(unleashedBillOfMaterialsSchema, raw, 'BillOfMaterials');
  return {
    source: 'unleashed',
    account: ctx.account,
    sourceId: b.Guid,
    billNumber: b.BillNumber,
    productSku: b.Product?.ProductCode ?? null,
    obsolete: b.Obsolete ?? false,
    canAutoAssemble: b.CanAutoAssemble ?? false,
    lines: b.BillOfMaterialsLines.map((l) => ({ sku: l.Product?.ProductCode ?? null, quantity: dec(l.Quantity, 'BillOfMaterialsLines.Quantity'), wastageQuantity: optDec(l.WastageQuantity, 'WastageQuantity') })),
    updatedAt: unleashedDateToIso(b.LastModifiedOn, 'LastModifiedOn'),
  };
}

export const unleashedWarehouseSchema = z.object({
  Guid: z.string().min(1),
  WarehouseCode: z.string(),
  WarehouseName: z.string(),
  IsDefault: z.boolean().nullable().optional(),
  Obsolete: z.boolean().nullable().optional(),
  City: optStr,
  Country: optStr,
  LastModifiedOn: dateStr,
});

export function mapUnleashedWarehouse(raw: unknown, ctx: UnleashedContext): NormalisedWarehouse {
  const w = parseUnleashed(unleashedWarehouseSchema, raw, 'Warehouse');
  return {
    source: 'unleashed',
    account: ctx.account,
    sourceId: w.Guid,
    code: w.WarehouseCode,
    name: w.WarehouseName,
    isDefault: w.IsDefault ?? false,
    obsolete: w.Obsolete ?? false,
    city: w.City ?? null,
    country: w.Country ?? null,
    updatedAt: unleashedDateToIso(w.LastModifiedOn, 'LastModifiedOn'),
  };
}

export const unleashedSupplierSchema = z.object({
  Guid: z.string().min(1),
  SupplierCode: z.string(),
  SupplierName: z.string(),
  Currency: z.object({ CurrencyCode: z.string() }).nullable().optional(),
  Email: optStr,
  LeadTimeDays: optNum,
  Obsolete: z.boolean().nullable().optional(),
  LastModifiedOn: dateStr,
});

export function mapUnleashedSupplier(raw: unknown, ctx: UnleashedContext): NormalisedSupplier {
  const s = parseUnleashed(unleashedSupplierSchema, raw, 'Supplier');
  return {
    source: 'unleashed',
    account: ctx.account,
    sourceId: s.Guid,
    code: s.SupplierCode,
    name: s.SupplierName,
    currency: s.Currency?.CurrencyCode ?? null,
    email: s.Email ?? null,
    leadTimeDays: s.LeadTimeDays == null ? null : Math.max(0, Math.round(s.LeadTimeDays)),
    obsolete: s.Obsolete ?? false,
    updatedAt: unleashedDateToIso(s.LastModifiedOn, 'LastModifiedOn'),
  };
}
