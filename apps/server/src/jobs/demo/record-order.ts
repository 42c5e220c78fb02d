import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Channel, Region } from '@sentia/contracts/common';
import type { Db } from '@sentia/db/create-db';
import { channels, dailySales, fxRates, orderLines, orders, productPrices, products } from '@sentia/db/schema';
import { Dec } from '@sentia/domain/money/money';
import { AppError } from '../../http/app-error.ts';

export interface RecordOrderInput {
  channelCode: Channel;
  /** The order's id in the source system; (channel, externalId) is unique, so recording twice is refused. */
  externalId: string;
  shipToRegion: Region;
  orderedAt: Date;
  lines: { sku: string; quantity: number }[];
  source: string;
}

export interface RecordedOrder {
  orderId: string;
  orderNumber: string;
  currency: string;
  total: string;
  units: number;
  salesDate: string;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

async function rateOn(tx: Tx, from: string, to: string, day: string): Promise<InstanceType<typeof Dec>> {
  if (from === to) return new Dec(1);
  const [row] = await tx
    .select({ rate: fxRates.rate })
    .from(fxRates)
    .where(and(sql`${fxRates.base} = ${from}`, sql`${fxRates.quote} = ${to}`, lte(fxRates.rateDate, day)))
    .orderBy(desc(fxRates.rateDate))
    .limit(1);
  if (!row) throw new AppError('CONFLICT', `no FX rate ${from}→${to} on or before ${day}`);
  return new Dec(row.rate);
}

/**
 * Records a sales order at list price: the order, its lines and, in the same transaction, the `daily_sales`
 * rows it adds to (the table's invariant). Unit cost is the product's standard cost converted into the
 * channel's currency; the marketplace fee is the channel's fee rate of the total.
 */
export async function recordOrder(db: Db, input: RecordOrderInput): Promise<RecordedOrder> {
  if (input.lines.length === 0) throw new AppError('VALIDATION_FAILED', 'an order needs at least one line');
  if (input.lines.some((l) => !Number.isInteger(l.quantity) || l.quantity <= 0)) throw new AppError('VALIDATION_FAILED', 'line quantities must be positive integers');
  const day = isoDate(input.orderedAt);
  return db.transaction(async (tx) => {
    const [channel] = await tx.select().from(channels).where(eq(channels.code, input.channelCode)).limit(1);
    if (!channel) throw new AppError('NOT_FOUND', `unknown channel ${input.channelCode}`);
    const skus = [...new Set(input.lines.map((l) => l.sku))];
    const productRows = await tx.select().from(products).where(inArray(products.sku, skus));
    const toGbp = await rateOn(tx, channel.currency, 'GBP', day);

    const lines = [];
    for (const [index, line] of input.lines.entries()) {
      const product = productRows.find((p) => p.sku === line.sku);
      if (!product) throw new AppError('NOT_FOUND', `unknown SKU ${line.sku}`);
      const [price] = await tx
        .select()
        .from(productPrices)
        .where(and(eq(productPrices.sku, line.sku), eq(productPrices.channelCode, input.channelCode), lte(productPrices.validFrom, day)))
        .orderBy(desc(productPrices.validFrom))
        .limit(1);
      if (!price) throw new AppError('CONFLICT', `${line.sku} has no list price on ${input.channelCode}`);
      const unitCost = new Dec(product.standardCost).times(await rateOn(tx, product.costCurrency, channel.currency, day)).toDecimalPlaces(4);
      const unitPrice = new Dec(price.listPrice);
      lines.push({ lineNumber: index + 1, sku: line.sku, quantity: line.quantity, unitPrice, unitCost, lineTotal: unitPrice.times(line.quantity).toDecimalPlaces(4) });
    }
    const subtotal = lines.reduce((sum, l) => sum.plus(l.lineTotal), new Dec(0));
    const fees = subtotal.times(channel.feeRate).toDecimalPlaces(2);
    const orderNumber = `${input.channelCode}-${input.externalId}`;
    const [order] = await tx
      .insert(orders)
      .values({
        orderNumber,
        channelCode: input.channelCode,
        externalId: input.externalId,
        shipToRegion: input.shipToRegion,
        status: 'PENDING',
        orderedAt: input.orderedAt,
        currency: channel.currency,
        subtotal: subtotal.toFixed(4),
        total: subtotal.toFixed(4),
        fees: fees.toFixed(4),
        source: input.source,
      })
      .returning({ id: orders.id });
    await tx.insert(orderLines).values(
      lines.map((l) => ({
        orderId: order!.id,
        lineNumber: l.lineNumber,
        sku: l.sku,
        quantity: l.quantity,
        unitPrice: l.unitPrice.toFixed(4),
        lineTotal: l.lineTotal.toFixed(4),
        unitCost: l.unitCost.toFixed(4),
        currency: channel.currency,
      })),
    );
    for (const sku of skus) {
      const skuLines = lines.filter((l) => l.sku === sku);
      const units = skuLines.reduce((n, l) => n + l.quantity, 0);
      const revenue = skuLines.reduce((sum, l) => sum.plus(l.lineTotal), new Dec(0));
      const cogs = skuLines.reduce((sum, l) => sum.plus(l.unitCost.times(l.quantity)), new Dec(0)).toDecimalPlaces(4);
      const revenueGbp = revenue.times(toGbp).toDecimalPlaces(4);
      const cogsGbp = cogs.times(toGbp).toDecimalPlaces(4);
      await tx
        .insert(dailySales)
        .values({
          salesDate: day,
          sku,
          regionCode: input.shipToRegion,
          channelCode: input.channelCode,
          orders: 1,
          units,
          revenue: revenue.toFixed(4),
          cogs: cogs.toFixed(4),
          currency: channel.currency,
          revenueGbp: revenueGbp.toFixed(4),
          cogsGbp: cogsGbp.toFixed(4),
        })
        .onConflictDoUpdate({
          target: [dailySales.salesDate, dailySales.sku, dailySales.regionCode, dailySales.channelCode],
          set: {
            orders: sql`${dailySales.orders} + 1`,
            units: sql`${dailySales.units} + ${units}`,
            revenue: sql`${dailySales.revenue} + ${revenue.toFixed(4)}::numeric`,
            cogs: sql`${dailySales.cogs} + ${cogs.toFixed(4)}::numeric`,
            revenueGbp: sql`${dailySales.revenueGbp} + ${revenueGbp.toFixed(4)}::numeric`,
            cogsGbp: sql`${dailySales.cogsGbp} + ${cogsGbp.toFixed(4)}::numeric`,
            updatedAt: new Date(),
          },
        });
    }
    return { orderId: order!.id, orderNumber, currency: channel.currency, total: subtotal.toFixed(2), units: lines.reduce((n, l) => n + l.quantity, 0), salesDate: day };
  });
}
