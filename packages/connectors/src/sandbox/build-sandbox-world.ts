import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Channel } from '@sentia/contracts/common';
import { marketplaceByCode } from '../amazon/amazon-config.ts';
import type { AmazonSandboxData, AmazonSandboxOrder } from './amazon-sandbox.ts';
import type { ShopifySandboxInventoryItem, ShopifySandboxOrder, ShopifySandboxStore } from './shopify-sandbox.ts';
import type { UnleashedSandboxData } from './unleashed-sandbox.ts';

/**
 * A vendor-neutral description of a company's data (what the demo generator or a test knows),
 * turned by the builders below into each sandbox's own wire shapes. Money is decimal strings;
 * times ISO UTC.
 */
export interface SandboxWorldLine {
  sku: string;
  title?: string;
  quantity: number;
  unitPrice: string;
  /** Tax on the line (VAT inside the price for GBP/EUR, added on top for USD). Default 0. */
  tax?: string;
  /** Discount on the line total. Default 0. */
  discount?: string;
}

export interface SandboxWorldOrder {
  /** The vendor's id: AmazonOrderId, Shopify numeric order id (non-numeric ids are hashed), Unleashed order number. */
  externalId: string;
  channel: Channel | 'WHOLESALE';
  currency: 'GBP' | 'EUR' | 'USD';
  placedAt: string;
  updatedAt?: string;
  status: 'pending' | 'open' | 'shipped' | 'completed' | 'cancelled';
  lines: SandboxWorldLine[];
  shipping?: string;
  refunds?: { id: string; at: string; lines: { sku: string; quantity: number; amount: string }[] }[];
  /** Ship-to region (Unleashed: written as a delivery country). */
  region?: 'UK' | 'EU' | 'US';
  /** Unleashed order number when it differs from `externalId` (an ERP order read back from a database by its GUID). */
  orderNumber?: string;
  /** Unleashed customer code of a wholesale order. */
  customerCode?: string;
  /** Unleashed `SourceId`: the web store an ERP order came in from. */
  originSource?: string;
}

export interface SandboxWorldStock {
  sku: string;
  /** A channel (AMAZON_UK…, SHOPIFY_UK…) or an Unleashed warehouse code. */
  location: string;
  onHand: number;
  reserved?: number;
  inbound?: number;
  unfulfillable?: number;
  averageCost?: string;
  updatedAt: string;
}

const marketplaceOfChannel: Partial<Record<Channel, string>> = { AMAZON_UK: 'UK', AMAZON_EU: 'DE', AMAZON_US: 'US' };

function lineAmounts(line: SandboxWorldLine) {
  const gross = new Decimal(line.unitPrice).times(line.quantity);
  const discount = new Decimal(line.discount ?? '0');
  return { gross, discount, net: gross.minus(discount), tax: new Decimal(line.tax ?? '0') };
}

/** Stable numeric id for vendors with numeric ids (Shopify). */
export function numericIdFor(externalId: string): number {
  if (/^\d{1,15}$/.test(externalId)) return Number(externalId);
  return Number.parseInt(createHash('sha256').update(externalId).digest('hex').slice(0, 12), 16) % 9_000_000_000_000 + 1_000_000_000_000;
}

const iso = (value: string) => new Date(value).toISOString().replace('.000Z', 'Z');

/** Amazon orders (channels AMAZON_*) and FBA inventory (locations AMAZON_*). */
export function buildAmazonSandboxData(world: { orders: SandboxWorldOrder[]; stock?: SandboxWorldStock[] }): AmazonSandboxData {
  const statusOf: Record<SandboxWorldOrder['status'], string> = { pending: 'Pending', open: 'Unshipped', shipped: 'Shipped', completed: 'Shipped', cancelled: 'Canceled' };
  const orders: AmazonSandboxOrder[] = [];
  for (const o of world.orders) {
    const code = o.channel === 'WHOLESALE' ? undefined : marketplaceOfChannel[o.channel];
    if (!code) continue;
    const market = marketplaceByCode(code);
    if (!market) continue;
    const status = statusOf[o.status];
    const priced = status !== 'Pending';
    let total = new Decimal(o.shipping ?? '0');
    const items = o.lines.map((line, i) => {
      const a = lineAmounts(line);
      total = total.plus(a.net);
      return {
        ASIN: `B0${createHash('sha256').update(line.sku).digest('hex').slice(0, 8).toUpperCase()}`,
        OrderItemId: `${o.externalId.replace(/\D/g, '').slice(-10)}${String(i).padStart(3, '0')}`,
        SellerSKU: line.sku,
        Title: line.title ?? line.sku,
        QuantityOrdered: line.quantity,
        QuantityShipped: status === 'Shipped' ? line.quantity : 0,
        ...(priced
          ? {
              ItemPrice: { CurrencyCode: o.currency, Amount: a.gross.toFixed(2) },
              ItemTax: { CurrencyCode: o.currency, Amount: a.tax.toFixed(2) },
              PromotionDiscount: { CurrencyCode: o.currency, Amount: a.discount.toFixed(2) },
              ...(i === 0 && o.shipping ? { ShippingPrice: { CurrencyCode: o.currency, Amount: new Decimal(o.shipping).toFixed(2) } } : {}),
            }
          : {}),
        IsGift: 'false',
      };
    });
    orders.push({
      order: {
        AmazonOrderId: o.externalId,
        PurchaseDate: iso(o.placedAt),
        LastUpdateDate: iso(o.updatedAt ?? o.placedAt),
        OrderStatus: status,
        FulfillmentChannel: 'AFN',
        MarketplaceId: market.marketplaceId,
        ...(priced ? { OrderTotal: { CurrencyCode: o.currency, Amount: total.toFixed(2) } } : {}),
        NumberOfItemsShipped: status === 'Shipped' ? o.lines.length : 0,
        NumberOfItemsUnshipped: status === 'Shipped' ? 0 : o.lines.length,
        OrderType: 'StandardOrder',
        IsBusinessOrder: false,
      },
      items,
    });
  }
  const inventory: AmazonSandboxData['inventory'] = {};
  for (const s of world.stock ?? []) {
    const code = marketplaceOfChannel[s.location as Channel];
    const market = code ? marketplaceByCode(code) : undefined;
    if (!market) continue;
    const reserved = s.reserved ?? 0;
    const unfulfillable = s.unfulfillable ?? 0;
    const fulfillable = Math.max(0, s.onHand - reserved - unfulfillable);
    (inventory[market.marketplaceId] ??= []).push({
      asin: `B0${createHash('sha256').update(s.sku).digest('hex').slice(0, 8).toUpperCase()}`,
      sellerSku: s.sku,
      condition: 'NewItem',
      inventoryDetails: {
        fulfillableQuantity: fulfillable,
        inboundWorkingQuantity: 0,
        inboundShippedQuantity: s.inbound ?? 0,
        inboundReceivingQuantity: 0,
        reservedQuantity: { totalReservedQuantity: reserved },
        researchingQuantity: { totalResearchingQuantity: 0 },
        unfulfillableQuantity: { totalUnfulfillableQuantity: unfulfillable },
      },
      lastUpdatedTime: iso(s.updatedAt),
      productName: s.sku,
      totalQuantity: s.onHand + (s.inbound ?? 0),
      stores: [],
    });
  }
  return { orders, inventory };
}

/** One Shopify store's orders (its channel) and inventory (locations equal to the channel). */
export function buildShopifySandboxStore(input: {
  shopDomain: string;
  channel: 'SHOPIFY_UK' | 'SHOPIFY_US';
  currency: 'GBP' | 'EUR' | 'USD';
  accessToken: string;
  webhookSecret: string;
  orders: SandboxWorldOrder[];
  stock?: SandboxWorldStock[];
  locationName?: string;
}): ShopifySandboxStore {
  const locationId = numericIdFor(`${input.shopDomain}#location`);
  const skus = [...new Set([...(input.stock ?? []).filter((s) => s.location === input.channel).map((s) => s.sku), ...input.orders.flatMap((o) => o.lines.map((l) => l.sku))])].sort();
  const inventoryItems: ShopifySandboxInventoryItem[] = skus.map((sku) => {
    const s = (input.stock ?? []).find((x) => x.location === input.channel && x.sku === sku);
    const reserved = s?.reserved ?? 0;
    const damaged = s?.unfulfillable ?? 0;
    return {
      id: numericIdFor(`${input.shopDomain}#item#${sku}`),
      sku,
      levels: s ? [{ locationId, available: Math.max(0, s.onHand - reserved - damaged), committed: reserved, incoming: s.inbound ?? 0, damaged, updatedAt: new Date(s.updatedAt).toISOString() }] : [],
    };
  });
  const orders: ShopifySandboxOrder[] = input.orders
    .filter((o) => o.channel === input.channel)
    .map((o, index) => {
      const id = numericIdFor(o.externalId);
      const lines = o.lines.map((line, i) => ({
        id: numericIdFor(`${o.externalId}#line#${i}`),
        sku: line.sku,
        title: line.title ?? line.sku,
        quantity: line.quantity,
        unitPrice: new Decimal(line.unitPrice).toFixed(2),
        discount: new Decimal(line.discount ?? '0').toFixed(2),
        tax: new Decimal(line.tax ?? '0').toFixed(2),
        inventoryItemId: inventoryItems.find((it) => it.sku === line.sku)?.id ?? null,
      }));
      const refunded = (o.refunds ?? []).length > 0;
      return {
        id,
        name: `#${1001 + index}`,
        createdAt: new Date(o.placedAt).toISOString(),
        updatedAt: new Date(o.updatedAt ?? o.placedAt).toISOString(),
        cancelledAt: o.status === 'cancelled' ? new Date(o.updatedAt ?? o.placedAt).toISOString() : null,
        financialStatus: o.status === 'cancelled' ? 'VOIDED' : o.status === 'pending' ? 'PENDING' : refunded ? 'PARTIALLY_REFUNDED' : 'PAID',
        fulfillmentStatus: o.status === 'shipped' || o.status === 'completed' ? 'FULFILLED' : 'UNFULFILLED',
        shipping: new Decimal(o.shipping ?? '0').toFixed(2),
        taxesIncluded: o.currency !== 'USD',
        lines,
        refunds: (o.refunds ?? []).map((r) => ({
          id: numericIdFor(r.id),
          createdAt: new Date(r.at).toISOString(),
          lines: r.lines.map((rl) => ({ lineId: lines.find((l) => l.sku === rl.sku)?.id ?? lines[0]?.id ?? 0, quantity: rl.quantity, subtotal: new Decimal(rl.amount).toFixed(2), tax: '0.00' })),
        })),
      };
    });
  return {
    shopDomain: input.shopDomain,
    accessToken: input.accessToken,
    webhookSecret: input.webhookSecret,
    currency: input.currency,
    orders,
    locations: [{ id: locationId, name: input.locationName ?? `${input.channel} warehouse` }],
    inventoryItems,
  };
}

const msDate = (value: string) => `/Date(${Date.parse(value)})/`;
const deliveryCountry = { UK: 'United Kingdom', EU: 'Germany', US: 'United States' } as const;
const guidFor = (key: string) => {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** ERP records: products, warehouses, suppliers, stock per warehouse, wholesale orders, POs, BOMs, assemblies. */
export function buildUnleashedSandboxData(world: {
  products: { sku: string; name: string; sellPrice?: string; cost?: string; isAssembled: boolean; isComponent: boolean; unit?: string; group?: string; updatedAt: string }[];
  warehouses: { code: string; name: string; isDefault?: boolean; city?: string; country?: string; updatedAt: string }[];
  suppliers: { code: string; name: string; currency: string; email?: string; leadTimeDays?: number; updatedAt: string }[];
  stock: SandboxWorldStock[];
  salesOrders: SandboxWorldOrder[];
  purchaseOrders: { number: string; supplierCode: string; warehouse: string; currency: string; status: string; orderDate: string; requiredDate?: string; completedDate?: string; updatedAt: string; lines: { sku: string; quantity: number; unitPrice: string; received?: number; dueDate?: string }[] }[];
  billsOfMaterials: { sku: string; billNumber?: string; updatedAt: string; lines: { sku: string; quantity: string; wastage?: string }[] }[];
  assemblies: { number: string; sku: string; quantity: string; status: string; warehouse: string; assemblyDate: string; assembleBy?: string; updatedAt: string; totalCost?: string }[];
}): UnleashedSandboxData {
  const productRef = (sku: string) => {
    const p = world.products.find((x) => x.sku === sku);
    return { Guid: guidFor(`product#${sku}`), ProductCode: sku, ProductDescription: p?.name ?? sku };
  };
  const warehouseRef = (code: string) => {
    const w = world.warehouses.find((x) => x.code === code);
    return { Guid: guidFor(`warehouse#${code}`), WarehouseCode: code, WarehouseName: w?.name ?? code };
  };
  const num = (v: string | undefined) => (v === undefined ? null : new Decimal(v).toNumber());
  const salesStatus: Record<SandboxWorldOrder['status'], string> = { pending: 'Parked', open: 'Placed', shipped: 'Completed', completed: 'Completed', cancelled: 'Deleted' };
  return {
    products: world.products.map((p) => ({
      Guid: guidFor(`product#${p.sku}`), ProductCode: p.sku, ProductDescription: p.name, Barcode: null,
      UnitOfMeasure: p.unit ? { Guid: guidFor(`uom#${p.unit}`), Name: p.unit } : null, ProductGroup: p.group ? { Guid: guidFor(`group#${p.group}`), GroupName: p.group } : null,
      DefaultSellPrice: num(p.sellPrice), DefaultPurchasePrice: p.isComponent ? num(p.cost) : null, AverageLandPrice: num(p.cost),
      IsAssembledProduct: p.isAssembled, IsComponent: p.isComponent, IsSellable: !p.isComponent, IsPurchasable: p.isComponent, Obsolete: false, LastModifiedOn: msDate(p.updatedAt),
    })),
    warehouses: world.warehouses.map((w) => ({ Guid: guidFor(`warehouse#${w.code}`), WarehouseCode: w.code, WarehouseName: w.name, IsDefault: w.isDefault ?? false, Obsolete: false, City: w.city ?? null, Country: w.country ?? null, LastModifiedOn: msDate(w.updatedAt) })),
    suppliers: world.suppliers.map((s) => ({ Guid: guidFor(`supplier#${s.code}`), SupplierCode: s.code, SupplierName: s.name, Currency: { CurrencyCode: s.currency }, Email: s.email ?? null, LeadTimeDays: s.leadTimeDays ?? null, Obsolete: false, LastModifiedOn: msDate(s.updatedAt) })),
    stockOnHand: world.stock
      .filter((s) => world.warehouses.some((w) => w.code === s.location))
      .map((s) => {
        const ref = productRef(s.sku);
        const w = warehouseRef(s.location);
        const reserved = s.reserved ?? 0;
        const avg = new Decimal(s.averageCost ?? '0');
        return {
          Guid: ref.Guid, ProductGuid: ref.Guid, ProductCode: s.sku, ProductDescription: ref.ProductDescription,
          WarehouseId: w.Guid, WarehouseCode: w.WarehouseCode, Warehouse: w.WarehouseName,
          QtyOnHand: s.onHand, AllocatedQty: reserved, AvailableQty: s.onHand - reserved, OnPurchase: s.inbound ?? 0,
          AvgCost: avg.toNumber(), TotalCost: avg.times(s.onHand).toDecimalPlaces(2).toNumber(), LastModifiedOn: msDate(s.updatedAt),
        };
      }),
    salesOrders: world.salesOrders
      .filter((o) => o.channel === 'WHOLESALE')
      .map((o) => {
        let sub = new Decimal(0);
        let tax = new Decimal(0);
        const lines = o.lines.map((line, i) => {
          const a = lineAmounts(line);
          sub = sub.plus(a.net);
          tax = tax.plus(a.tax);
          return { Guid: guidFor(`so#${o.externalId}#${i}`), LineNumber: i + 1, Product: productRef(line.sku), OrderQuantity: line.quantity, UnitPrice: new Decimal(line.unitPrice).toNumber(), LineTotal: a.net.toNumber(), LineTax: a.tax.toNumber() };
        });
        return {
          // An id that is already an Unleashed GUID (an order read back from a database) keeps its identity.
          Guid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(o.externalId) ? o.externalId : guidFor(`so#${o.externalId}`), OrderNumber: o.orderNumber ?? o.externalId, OrderDate: msDate(o.placedAt), OrderStatus: salesStatus[o.status],
          Currency: { CurrencyCode: o.currency }, SubTotal: sub.toNumber(), TaxTotal: tax.toNumber(), Total: sub.plus(tax).toNumber(),
          Customer: o.customerCode ? { Guid: guidFor(`customer#${o.customerCode}`), CustomerCode: o.customerCode, CustomerName: o.customerCode } : null,
          DeliveryCountry: o.region ? deliveryCountry[o.region] : null, SourceId: o.originSource ?? null,
          SalesOrderLines: lines, LastModifiedOn: msDate(o.updatedAt ?? o.placedAt),
        };
      }),
    purchaseOrders: world.purchaseOrders.map((po) => {
      const supplier = world.suppliers.find((s) => s.code === po.supplierCode);
      let sub = new Decimal(0);
      const lines = po.lines.map((l, i) => {
        const total = new Decimal(l.unitPrice).times(l.quantity);
        sub = sub.plus(total);
        return { Guid: guidFor(`po#${po.number}#${i}`), LineNumber: i + 1, Product: productRef(l.sku), OrderQuantity: l.quantity, ReceiptQuantity: l.received ?? 0, UnitPrice: new Decimal(l.unitPrice).toNumber(), LineTotal: total.toNumber(), DeliveryDate: l.dueDate ? msDate(l.dueDate) : null };
      });
      return {
        Guid: guidFor(`po#${po.number}`), OrderNumber: po.number, OrderDate: msDate(po.orderDate), RequiredDate: po.requiredDate ? msDate(po.requiredDate) : null, CompletedDate: po.completedDate ? msDate(po.completedDate) : null,
        OrderStatus: po.status, Supplier: { Guid: guidFor(`supplier#${po.supplierCode}`), SupplierCode: po.supplierCode, SupplierName: supplier?.name ?? po.supplierCode },
        Warehouse: warehouseRef(po.warehouse), Currency: { CurrencyCode: po.currency }, SubTotal: sub.toNumber(), TaxTotal: 0, Total: sub.toNumber(), PurchaseOrderLines: lines, LastModifiedOn: msDate(po.updatedAt),
      };
    }),
    billsOfMaterials: world.billsOfMaterials.map((b) => ({
      Guid: guidFor(`bom#${b.sku}`), BillNumber: b.billNumber ?? `BOM-${b.sku}`.slice(0, 15), Product: productRef(b.sku), CanAutoAssemble: false, CanAutoDisassemble: false, Obsolete: false,
      BillOfMaterialsLines: b.lines.map((l, i) => ({ LineNumber: i + 1, Product: productRef(l.sku), Quantity: new Decimal(l.quantity).toNumber(), WastageQuantity: new Decimal(l.wastage ?? '0').toNumber() })),
      LastModifiedOn: msDate(b.updatedAt),
    })),
    assemblies: world.assemblies.map((a) => {
      const bom = world.billsOfMaterials.find((b) => b.sku === a.sku);
      return {
        Guid: guidFor(`asm#${a.number}`), AssemblyNumber: a.number, AssemblyDate: msDate(a.assemblyDate), AssembleBy: a.assembleBy ? msDate(a.assembleBy) : null, AssemblyType: 'Assembly', AssemblyStatus: a.status,
        Product: productRef(a.sku), Quantity: new Decimal(a.quantity).toNumber(), SourceWarehouse: warehouseRef(a.warehouse), DestinationWarehouse: warehouseRef(a.warehouse),
        AssemblyLines: (bom?.lines ?? []).map((l, i) => ({ Guid: guidFor(`asm#${a.number}#${i}`), LineNumber: i + 1, Product: productRef(l.sku), Quantity: new Decimal(l.quantity).times(a.quantity).toNumber(), WastageQuantity: new Decimal(l.wastage ?? '0').times(a.quantity).toNumber() })),
        TotalCost: num(a.totalCost), LastModifiedOn: msDate(a.updatedAt),
      };
    }),
  };
}
