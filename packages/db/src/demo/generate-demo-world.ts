import { type Channel, type Currency, type Region, channelCodes, regionCodes } from '@sentia/contracts/common';
import type * as schema from '../schema.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, inMonthDayRange, isoDate, monthDay, parseIsoDate, specialDay, weekdayIndex, yearlyFactor } from './demo-calendar.ts';
import { demoDemandEvents } from './demo-events.ts';
import { demoParameters } from './demo-parameters.ts';
import { type Prng, createPrng } from './prng.ts';

type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];

/** Rows for every demo table, in an order that satisfies foreign keys when inserted front to back. */
export type DemoTables = {
  products: Insert<typeof schema.products>[];
  productPrices: Insert<typeof schema.productPrices>[];
  materials: Insert<typeof schema.materials>[];
  billOfMaterials: Insert<typeof schema.billOfMaterials>[];
  warehouses: Insert<typeof schema.warehouses>[];
  customers: Insert<typeof schema.customers>[];
  suppliers: Insert<typeof schema.suppliers>[];
  supplierMaterials: Insert<typeof schema.supplierMaterials>[];
  workCentres: Insert<typeof schema.workCentres>[];
  productRoutings: Insert<typeof schema.productRoutings>[];
  equipment: Insert<typeof schema.equipment>[];
  fxRates: Insert<typeof schema.fxRates>[];
  orders: Insert<typeof schema.orders>[];
  orderLines: Insert<typeof schema.orderLines>[];
  refunds: Insert<typeof schema.refunds>[];
  dailySales: Insert<typeof schema.dailySales>[];
  inventory: Insert<typeof schema.inventory>[];
  materialInventory: Insert<typeof schema.materialInventory>[];
  stockMovements: Insert<typeof schema.stockMovements>[];
  shifts: Insert<typeof schema.shifts>[];
  productionOrders: Insert<typeof schema.productionOrders>[];
  outputCounts: Insert<typeof schema.outputCounts>[];
  downtimeEvents: Insert<typeof schema.downtimeEvents>[];
  qualityChecks: Insert<typeof schema.qualityChecks>[];
  purchaseOrders: Insert<typeof schema.purchaseOrders>[];
  purchaseOrderLines: Insert<typeof schema.purchaseOrderLines>[];
  arInvoices: Insert<typeof schema.arInvoices>[];
  apBills: Insert<typeof schema.apBills>[];
  cashBalances: Insert<typeof schema.cashBalances>[];
  demandEvents: Insert<typeof schema.demandEvents>[];
};

export type DemoWorld = {
  seed: number;
  startDate: string;
  endDate: string;
  company: Insert<typeof schema.companies>;
  tables: DemoTables;
};

export type GenerateDemoWorldOptions = {
  seed: number;
  /** Last day of history, YYYY-MM-DD (UTC). */
  endDate: string;
  /** Nothing happens after this instant (default: the end of `endDate`); pass "now" when the end date is today. */
  cutoff?: Date;
};

const P = demoParameters;
type SkuSpec = (typeof P.skus)[number];
const currencies: readonly Currency[] = ['GBP', 'EUR', 'USD'];
const channelCurrency: Record<Channel, Currency> = { AMAZON_UK: 'GBP', AMAZON_EU: 'EUR', AMAZON_US: 'USD', SHOPIFY_UK: 'GBP', SHOPIFY_US: 'USD' };
const channelHome: Record<Channel, Region> = { AMAZON_UK: 'UK', AMAZON_EU: 'EU', AMAZON_US: 'US', SHOPIFY_UK: 'UK', SHOPIFY_US: 'US' };
const platformOf = (c: Channel) => (c.startsWith('AMAZON') ? 'AMAZON' : 'SHOPIFY');

/** Major-unit decimal string → integer cents. */
function cents(value: string): number {
  const [whole, frac = ''] = value.split('.');
  const sign = value.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number((frac + '00').slice(0, 2)));
}
/** Integer cents → decimal string with two places. */
function money(c: number): string {
  const sign = c < 0 ? '-' : '';
  const abs = Math.abs(Math.round(c));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
const fixed = (n: number, places: number) => n.toFixed(places);
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/**
 * Generates the Sentia Spirits demo world from a seed: a pure function (no clock, no I/O, no
 * Math.random), so the same seed and end date always give the same rows, ids included.
 */
export function generateDemoWorld(options: GenerateDemoWorldOptions): DemoWorld {
  const endMs = parseIsoDate(options.endDate);
  const cutoffMs = Math.min(options.cutoff?.getTime() ?? endMs + DAY_MS - 1, endMs + DAY_MS - 1);
  const days = P.historyDays;
  const startMs = endMs - (days - 1) * DAY_MS;
  const dayMs = (i: number) => startMs + i * DAY_MS;
  const dayOf = (ms: number) => Math.floor((ms - startMs) / DAY_MS);
  const root = createPrng(options.seed);
  const ids = root.fork('ids');
  const t: DemoTables = {
    products: [], productPrices: [], materials: [], billOfMaterials: [], warehouses: [], customers: [], suppliers: [], supplierMaterials: [],
    workCentres: [], productRoutings: [], equipment: [], fxRates: [], orders: [], orderLines: [], refunds: [], dailySales: [], inventory: [], materialInventory: [],
    stockMovements: [], shifts: [], productionOrders: [], outputCounts: [], downtimeEvents: [], qualityChecks: [], purchaseOrders: [],
    purchaseOrderLines: [], arInvoices: [], apBills: [], cashBalances: [], demandEvents: [],
  };

  // ---- FX: GBP per unit of each currency, per day.
  const fxRng = root.fork('fx');
  const toGbp: Record<Currency, Float64Array> = { GBP: new Float64Array(days).fill(1), EUR: new Float64Array(days), USD: new Float64Array(days) };
  for (const ccy of ['EUR', 'USD'] as const) {
    const spec = P.fx[ccy];
    let rate: number = spec.start;
    for (let i = 0; i < days; i += 1) {
      rate = Math.round(rate * Math.exp(fxRng.normal(0, spec.dailyVol) + spec.reversion * Math.log(spec.mean / rate)) * 1e6) / 1e6;
      toGbp[ccy][i] = rate;
    }
  }
  const rateOn = (ccy: Currency, dayIndex: number) => toGbp[ccy][clamp(dayIndex, 0, days - 1)] as number;
  for (let i = 0; i < days; i += 1) {
    const date = isoDate(dayMs(i));
    const eur = rateOn('EUR', i);
    const usd = rateOn('USD', i);
    const pairs: Array<[Currency, Currency, number]> = [
      ['EUR', 'GBP', eur], ['USD', 'GBP', usd], ['GBP', 'EUR', 1 / eur], ['GBP', 'USD', 1 / usd], ['EUR', 'USD', eur / usd], ['USD', 'EUR', usd / eur],
    ];
    for (const [base, quote, rate] of pairs) t.fxRates.push({ rateDate: date, base, quote, rate: fixed(rate, 8), source: 'demo' });
  }
  /** Converts cents between currencies at a day's rate (via GBP). */
  const convert = (amount: number, from: Currency, to: Currency, dayIndex: number) =>
    from === to ? amount : Math.round((amount * rateOn(from, dayIndex)) / rateOn(to, dayIndex));

  // ---- Catalogue.
  const launchDay = new Map<string, number>();
  for (const spec of P.skus) {
    const launch = P.launches.find((l) => l.sku === spec.sku);
    const launchMs = launch ? endMs - launch.offsetDays * DAY_MS : parseIsoDate(P.establishedLaunchDate);
    launchDay.set(spec.sku, dayOf(launchMs));
    t.products.push({
      sku: spec.sku, name: spec.name, description: `${spec.category}, ${spec.sizeMl} ml, ${spec.abv}% ABV`, category: spec.category, sizeMl: spec.sizeMl,
      abv: spec.abv, unitsPerCase: spec.unitsPerCase, standardCost: spec.standardCost, costCurrency: 'GBP', launchDate: isoDate(launchMs), isActive: true,
    });
  }
  const priceRiseDay = dayOf(endMs - P.priceRise.offsetDays * DAY_MS);
  const raised = (c: number) => Math.round(((c / 100) * (1 + P.priceRise.increase)) * 2) * 50 - 1;
  const listPrice = (spec: SkuSpec, ccy: Currency, dayIndex: number) => {
    const base = cents(spec.price[ccy]);
    return dayIndex >= priceRiseDay ? raised(base) : base;
  };
  for (const spec of P.skus) {
    for (const channel of channelCodes) {
      const ccy = channelCurrency[channel];
      const from = Math.max(launchDay.get(spec.sku) as number, dayOf(parseIsoDate(P.establishedLaunchDate)));
      t.productPrices.push({ sku: spec.sku, channelCode: channel, validFrom: isoDate(dayMs(from)), listPrice: spec.price[ccy], currency: ccy });
      t.productPrices.push({ sku: spec.sku, channelCode: channel, validFrom: isoDate(dayMs(priceRiseDay)), listPrice: money(raised(cents(spec.price[ccy]))), currency: ccy });
    }
  }
  for (const m of P.materials) t.materials.push({ code: m.code, name: m.name, category: m.category, unitOfMeasure: m.unit, standardCost: m.cost, currency: m.currency });
  for (const [sku, lines] of Object.entries(P.bom)) {
    for (const [materialCode, qty, scrap] of lines) t.billOfMaterials.push({ sku, materialCode, quantityPerUnit: qty, scrapAllowance: scrap });
  }
  for (const w of P.warehouses) t.warehouses.push({ code: w.code, name: w.name, kind: w.kind, region: w.region, channelCode: w.channel, currency: w.currency });

  // ---- Counterparties.
  const customerId = new Map<string, string>();
  const addCustomer = (code: string, name: string, kind: string, region: Region, currency: Currency, terms: number) => {
    const id = ids.uuid();
    customerId.set(code, id);
    t.customers.push({ id, code, name, kind, region, currency, paymentTermsDays: terms });
  };
  for (const channel of channelCodes) {
    const amazon = platformOf(channel) === 'AMAZON';
    addCustomer(`PAYOUT-${channel}`, amazon ? `Amazon Payments (${channel.slice(7)} marketplace)` : `Shopify Payments (${channel.slice(8)} store)`, amazon ? 'MARKETPLACE' : 'PAYMENT_PROCESSOR', channelHome[channel], channelCurrency[channel], amazon ? P.settlement.AMAZON.lagDays : P.settlement.SHOPIFY.lagDays);
  }
  for (const w of P.wholesaleCustomers) addCustomer(w.code, w.name, 'WHOLESALE', w.region, channelCurrency[w.channel], w.termsDays);
  const supplierId = new Map<string, string>();
  for (const s of [...P.suppliers, ...P.overheads.map((o) => ({ ...o, leadTimeDays: 0, leadTimeSdDays: 0, items: [] as ReadonlyArray<readonly [string, string, string]> }))]) {
    const id = ids.uuid();
    supplierId.set(s.code, id);
    t.suppliers.push({
      id, code: s.code, name: s.name, category: s.category, country: s.country, currency: s.currency, paymentTermsDays: s.termsDays,
      leadTimeDays: s.leadTimeDays, leadTimeStdDays: fixed(s.leadTimeSdDays, 2), onTimeRate: null, isActive: true,
    });
    for (const [materialCode, moq, multiple] of s.items) {
      const material = P.materials.find((m) => m.code === materialCode);
      if (!material) throw new Error(`supplier ${s.code} sells unknown material ${materialCode}`);
      t.supplierMaterials.push({
        supplierId: id, materialCode, unitPrice: money(convert(cents(material.cost), material.currency, s.currency, 0)), currency: s.currency,
        moq, orderMultiple: multiple, leadTimeDays: s.leadTimeDays, leadTimeStdDays: fixed(s.leadTimeSdDays, 2), isPreferred: true,
      });
    }
  }
  const equipmentId = new Map<string, string>();
  for (const wc of P.workCentres) {
    t.workCentres.push({ code: wc.code, name: wc.name, kind: wc.kind, ratePerHour: wc.ratePerHour, unitOfMeasure: wc.unit, changeoverMinutes: wc.changeoverMinutes });
    for (const e of wc.equipment) {
      const id = ids.uuid();
      equipmentId.set(e.code, id);
      t.equipment.push({ id, code: e.code, workCentreCode: wc.code, name: e.name, idealRatePerHour: e.rate, commissionedOn: '2021-06-01', status: 'ACTIVE' });
    }
  }

  // ---- Expected demand (units/day) per SKU × channel × region: what planners could know, without noise or stock-outs.
  const horizon = days + 120;
  const seasonal = new Float64Array(horizon);
  const special = new Float64Array(horizon).fill(1);
  for (let i = 0; i < horizon; i += 1) {
    const ms = dayMs(i);
    const years = (i - days) / 365;
    seasonal[i] = Math.exp(Math.log(1 + P.annualGrowth) * years) * (P.weekly[weekdayIndex(ms)] as number) * yearlyFactor(ms, P.monthly);
    const year = new Date(ms).getUTCFullYear();
    for (const sd of P.specialDays) if (specialDay(sd.rule, year) === ms) special[i] = (special[i] as number) * sd.factor;
  }
  const skuSeason = (spec: SkuSpec, ms: number, md: string) => {
    const doy = (ms - Date.UTC(new Date(ms).getUTCFullYear(), 0, 1)) / DAY_MS;
    let f = 1 + spec.summerBoost * Math.cos((2 * Math.PI * (doy - 196)) / 365);
    if ((P.giftSkus.skus as readonly string[]).includes(spec.sku)) {
      if (md.startsWith('11')) f *= P.giftSkus.novemberBoost;
      else if (md.startsWith('12') && md <= '12-24') f *= P.giftSkus.decemberBoost;
    }
    return f;
  };
  const monthDays = Array.from({ length: horizon }, (_, i) => monthDay(dayMs(i)));
  const promotionFor = (spec: SkuSpec, channel: Channel, i: number) => {
    const md = monthDays[i] as string;
    for (const promo of P.promotions) {
      if (promo.platform !== 'ALL' && promo.platform !== platformOf(channel)) continue;
      if (promo.skus !== 'ALL' && !promo.skus.includes(spec.sku)) continue;
      if (inMonthDayRange(md, promo.from, promo.to)) return promo;
    }
    return undefined;
  };
  const launchRamp = (spec: SkuSpec, i: number) => {
    const launch = P.launches.find((l) => l.sku === spec.sku);
    const first = launchDay.get(spec.sku) as number;
    if (i < first) return 0;
    return launch ? Math.min(1, (i - first + 1) / launch.rampDays) : 1;
  };
  // Expected consumer units per day × SKU × channel × region (promotion uplift included, stock-outs not), computed once.
  const nSku = P.skus.length;
  const nChannel = channelCodes.length;
  const nRegion = regionCodes.length;
  const cellIndex = (i: number, s: number, c: number, r: number) => ((i * nSku + s) * nChannel + c) * nRegion + r;
  const expectedCells = new Float64Array(horizon * nSku * nChannel * nRegion);
  const promoCells: Array<(typeof P.promotions)[number] | undefined> = new Array(horizon * nSku * nChannel);
  for (let i = 0; i < horizon; i += 1) {
    const ms = dayMs(i);
    P.skus.forEach((spec, s) => {
      const base = spec.baseDailyUnits * (seasonal[i] as number) * (special[i] as number) * skuSeason(spec, ms, monthDays[i] as string) * launchRamp(spec, i);
      channelCodes.forEach((channel, c) => {
        const promo = promotionFor(spec, channel, i);
        promoCells[(i * nSku + s) * nChannel + c] = promo;
        const appeal = P.skuChannelAppeal[spec.sku]?.[channel] ?? 1;
        regionCodes.forEach((region, r) => {
          const cell = base * P.channelShare[channel] * P.shipToMix[channel][region] * appeal * (promo ? promo.uplift : 1);
          expectedCells[cellIndex(i, s, c, r)] = Math.max(cell, P.minCellDailyUnits * launchRamp(spec, i) * (seasonal[i] as number));
        });
      });
    });
  }
  const stockOutUntil = new Map<string, number>();
  const stockOutStarts = new Map<number, Array<{ sku: string; channel: Channel; cause: string }>>();
  const inStockOut = (sku: string, channel: Channel, i: number) => {
    for (const so of P.stockOuts) {
      const from = days - 1 - so.offsetDays;
      if (so.sku === sku && so.channels.includes(channel) && i >= from && i < from + so.days) return true;
    }
    return false;
  };
  for (const so of P.stockOuts) {
    const from = days - 1 - so.offsetDays;
    for (const channel of so.channels) {
      stockOutUntil.set(`${so.sku}|${P.fulfilment[channel]}`, from + so.days);
      const list = stockOutStarts.get(from) ?? [];
      list.push({ sku: so.sku, channel, cause: so.cause });
      stockOutStarts.set(from, list);
    }
  }

  // Expected units per warehouse × SKU × day (consumer channels plus wholesale) for replenishment and production planning.
  const warehouseCodes = P.warehouses.map((w) => w.code);
  const expectedAt = new Map<string, Float64Array>();
  for (const w of warehouseCodes) for (const s of P.skus) expectedAt.set(`${w}|${s.sku}`, new Float64Array(horizon));
  const baseTotal = P.skus.reduce((sum, s) => sum + s.baseDailyUnits, 0);
  for (let i = 0; i < horizon; i += 1) {
    for (const [s, spec] of P.skus.entries()) {
      for (const [c, channel] of channelCodes.entries()) {
        let units = 0;
        for (let r = 0; r < nRegion; r += 1) units += expectedCells[cellIndex(i, s, c, r)] as number;
        const series = expectedAt.get(`${P.fulfilment[channel]}|${spec.sku}`) as Float64Array;
        series[i] = (series[i] as number) + units;
      }
      for (const w of P.wholesaleCustomers) {
        const series = expectedAt.get(`${P.fulfilment[w.channel]}|${spec.sku}`) as Float64Array;
        const perDay = ((w.meanCases * spec.unitsPerCase) / w.everyDays) * (spec.baseDailyUnits / baseTotal) * 2.5 * launchRamp(spec, i);
        series[i] = (series[i] as number) + perDay;
      }
    }
  }
  const expectedSum = (w: string, sku: string, from: number, n: number) => {
    const series = expectedAt.get(`${w}|${sku}`) as Float64Array;
    let sum = 0;
    for (let i = Math.max(0, from); i < Math.min(horizon, from + n); i += 1) sum += series[i] as number;
    return sum;
  };

  // ---- Inventory state and movements.
  const onHand = new Map<string, number>();
  const key = (w: string, sku: string) => `${w}|${sku}`;
  const stock = (w: string, sku: string) => onHand.get(key(w, sku)) ?? 0;
  const unitCostGbp = new Map<string, number>(P.skus.map((s) => [s.sku, cents(s.standardCost)]));
  const move = (ms: number, sku: string, w: string, type: Insert<typeof schema.stockMovements>['movementType'], qty: number, refType: string, refId: string, notes?: string) => {
    if (qty === 0) return;
    onHand.set(key(w, sku), stock(w, sku) + qty);
    t.stockMovements.push({
      id: ids.uuid(), occurredAt: new Date(Math.min(ms, cutoffMs)), sku, warehouseCode: w, movementType: type, quantity: qty,
      unitCost: money(unitCostGbp.get(sku) as number), currency: 'GBP', referenceType: refType, referenceId: refId, notes: notes ?? null,
    });
  };
  const pending = new Map<number, Array<() => void>>();
  const at = (dayIndex: number, action: () => void) => {
    const list = pending.get(dayIndex) ?? [];
    list.push(action);
    pending.set(dayIndex, list);
  };
  for (const w of P.warehouses) {
    for (const spec of P.skus) {
      if ((launchDay.get(spec.sku) as number) > 0) continue;
      const cover = w.code === 'UK-MAIN' ? 35 : w.code === 'US-3PL' ? P.replenishment.usCoverDays : P.replenishment.coverDays;
      const opening = Math.ceil(expectedSum(w.code, spec.sku, 0, cover) / spec.unitsPerCase) * spec.unitsPerCase;
      move(startMs, spec.sku, w.code, 'ADJUSTMENT', opening, 'STOCK_COUNT', `COUNT-${isoDate(startMs)}`, 'Opening stock count');
    }
  }
  const inTransit = new Map<string, number>();
  let transferSeq = 0;

  // ---- Materials.
  const materialStock = new Map<string, number>();
  const materialOnOrder = new Map<string, number>();
  const materialUse = new Map<string, number[]>();
  for (const m of P.materials) {
    let perDay = 0;
    for (const spec of P.skus) {
      const line = (P.bom[spec.sku] ?? []).find(([code]) => code === m.code);
      if (line && (launchDay.get(spec.sku) as number) <= 0) perDay += spec.baseDailyUnits * Number(line[1]) * (1 + Number(line[2]));
    }
    materialStock.set(m.code, Math.ceil(perDay * 60));
    materialUse.set(m.code, []);
  }
  const consume = (sku: string, units: number, dayIndex: number) => {
    for (const [code, qty, scrap] of P.bom[sku] ?? []) {
      const used = units * Number(qty) * (1 + Number(scrap));
      materialStock.set(code, (materialStock.get(code) ?? 0) - used);
      const log = materialUse.get(code) as number[];
      log[dayIndex] = (log[dayIndex] ?? 0) + used;
    }
  };

  // ---- Production: shift calendar, line clock, orders.
  const opsRng = root.fork('operations');
  const shiftId = new Map<string, string>();
  for (let i = 0; i < days + 21; i += 1) {
    const ms = dayMs(i);
    if (weekdayIndex(ms) > 4) continue;
    for (const wc of P.workCentres) {
      const pattern = (P.shifts.twoShiftCentres as readonly string[]).includes(wc.code) ? P.shifts.twoShift : P.shifts.oneShift;
      for (const s of pattern) {
        const id = ids.uuid();
        shiftId.set(`${wc.code}|${ms + s.start * HOUR_MS}`, id);
        t.shifts.push({ id, workCentreCode: wc.code, shiftDate: isoDate(ms), shiftName: s.name, startsAt: new Date(ms + s.start * HOUR_MS), endsAt: new Date(ms + s.end * HOUR_MS), plannedMinutes: (s.end - s.start) * 60, crewSize: s.crew });
      }
    }
  }
  /** Working windows of a two-shift line: weekdays 06:00–14:00 and 14:00–22:00. */
  const nextWindow = (ms: number): [number, number] => {
    let day = Math.floor(ms / DAY_MS) * DAY_MS;
    for (;;) {
      if (weekdayIndex(day) <= 4) {
        for (const s of P.shifts.twoShift) {
          const from = day + s.start * HOUR_MS;
          const to = day + s.end * HOUR_MS;
          if (ms < to) return [Math.max(ms, from), to];
        }
      }
      day += DAY_MS;
    }
  };
  /** Advances `minutes` of working time from `fromMs`, returning the end and the per-shift segments. */
  const advance = (fromMs: number, minutes: number) => {
    const segments: Array<[number, number]> = [];
    let cursor = fromMs;
    let left = minutes * MINUTE_MS;
    while (left > 0) {
      const [from, to] = nextWindow(cursor);
      const take = Math.min(left, to - from);
      segments.push([from, from + take]);
      left -= take;
      cursor = from + take;
    }
    return { end: cursor, segments };
  };
  const shiftStartOf = (ms: number) => {
    const day = Math.floor(ms / DAY_MS) * DAY_MS;
    const s = P.shifts.twoShift.find((x) => ms >= day + x.start * HOUR_MS && ms < day + x.end * HOUR_MS) ?? P.shifts.twoShift[0];
    return day + s.start * HOUR_MS;
  };
  const lineFree = new Map<string, number>();
  const scheduled = new Map<string, number>();
  let productionSeq = 0;
  const perf = P.linePerformance;
  const lognormalMinutes = (rng: Prng, median: number, logSd: number) => Math.max(3, Math.round(median * Math.exp(rng.normal(0, logSd))));

  const planProduction = (i: number) => {
    const weekStart = dayMs(i);
    for (const spec of P.skus) {
      const target = expectedSum('UK-MAIN', spec.sku, i, 49) + expectedSum('FBA-UK', spec.sku, i, 42) + expectedSum('FBA-EU', spec.sku, i, 47) +
        expectedSum('US-3PL', spec.sku, i, 97) + expectedSum('FBA-US', spec.sku, i, 97);
      const downstream = warehouseCodes.filter((w) => w !== 'UK-MAIN').reduce((sum, w) => sum + stock(w, spec.sku) + (inTransit.get(key(w, spec.sku)) ?? 0), 0);
      const position = stock('UK-MAIN', spec.sku) + downstream + (scheduled.get(spec.sku) ?? 0);
      const shortfall = target - position;
      if (shortfall <= 0) continue;
      const batches = Math.min(4, Math.ceil(shortfall / spec.batchSize));
      for (let b = 0; b < batches; b += 1) {
        const line = spec.line;
        const wc = P.workCentres.find((w) => w.code === line) ?? P.workCentres[2];
        const ideal = Number(wc.ratePerHour);
        const qty = spec.batchSize;
        // Planned on Monday for the following week, so one week of released orders is always visible.
        const start = Math.max(lineFree.get(line) ?? 0, weekStart + 7 * DAY_MS + 6 * HOUR_MS);
        const changeover = P.downtime.planned.find((p) => p.rule === 'per-order')?.minutes ?? 40;
        const plannedRun = advance(start, changeover + (qty / ideal) * 60);
        const actualStart = advance(start, opsRng.int(0, 20)).end;
        const speed = clamp(opsRng.normal(perf.speedMean, perf.speedSd), 0.6, 0.98);
        const runMinutes = (qty / (ideal * speed)) * 60;
        const stops = opsRng.poisson((P.downtime.unplannedPerShift * runMinutes) / 480);
        const stopMinutes = Array.from({ length: stops }, () => lognormalMinutes(opsRng, P.downtime.unplannedMedianMinutes, P.downtime.unplannedLogSd));
        const actual = advance(actualStart, changeover + runMinutes + stopMinutes.reduce((a, b2) => a + b2, 0));
        lineFree.set(line, actual.end);
        productionSeq += 1;
        const id = ids.uuid();
        const orderNumber = `MO-${isoDate(weekStart).slice(0, 4)}-${String(productionSeq).padStart(5, '0')}`;
        const scrap = Math.round(qty * clamp(opsRng.normal(perf.scrapMean, perf.scrapSd), 0.002, 0.05));
        const rework = Math.round(qty * clamp(opsRng.normal(perf.reworkMean, perf.reworkSd), 0, 0.03));
        const good = qty - scrap - rework;
        const started = actualStart <= cutoffMs;
        const completed = actual.end <= cutoffMs;
        const status = completed ? 'COMPLETED' : started ? 'IN_PROGRESS' : start - cutoffMs < 7 * DAY_MS ? 'RELEASED' : 'PLANNED';
        t.productionOrders.push({
          id, orderNumber, sku: spec.sku, workCentreCode: line, quantityPlanned: qty, scheduledStart: new Date(start), scheduledEnd: new Date(plannedRun.end),
          actualStart: started ? new Date(actualStart) : null, actualEnd: completed ? new Date(actual.end) : null, status, priority: 5,
        });
        scheduled.set(spec.sku, (scheduled.get(spec.sku) ?? 0) + good + rework);
        if (!started) continue;
        const filler = equipmentId.get(line === 'BOTTLING-1' ? 'FILL-01' : 'FILL-02') as string;
        t.downtimeEvents.push({ id: ids.uuid(), workCentreCode: line, equipmentId: filler, productionOrderId: id, kind: 'PLANNED', reasonCode: 'CHANGEOVER', startedAt: new Date(actualStart), endedAt: new Date(advance(actualStart, changeover).end), notes: `Changeover to ${spec.sku}` });
        const runFrom = advance(actualStart, changeover).end;
        for (const minutes of stopMinutes) {
          const at0 = advance(runFrom, opsRng.next() * runMinutes).end;
          if (at0 > cutoffMs) continue;
          const reason = opsRng.weighted(P.downtime.unplannedReasons.map((r) => r.reason), P.downtime.unplannedReasons.map((r) => r.weight));
          t.downtimeEvents.push({ id: ids.uuid(), workCentreCode: line, equipmentId: filler, productionOrderId: id, kind: 'UNPLANNED', reasonCode: reason, startedAt: new Date(at0), endedAt: new Date(at0 + minutes * MINUTE_MS), notes: null });
        }
        const total = actual.end - actualStart;
        let givenGood = 0;
        let givenScrap = 0;
        let givenRework = 0;
        actual.segments.forEach(([from, to], index) => {
          if (to > cutoffMs) return;
          const last = index === actual.segments.length - 1;
          const share = (to - from) / total;
          const g = last ? good - givenGood : Math.round(good * share);
          const s = last ? scrap - givenScrap : Math.round(scrap * share);
          const r = last ? rework - givenRework : Math.round(rework * share);
          givenGood += g;
          givenScrap += s;
          givenRework += r;
          t.outputCounts.push({ id: ids.uuid(), productionOrderId: id, shiftId: shiftId.get(`${line}|${shiftStartOf(from)}`) ?? null, equipmentId: filler, recordedAt: new Date(to), runMinutes: Math.round((to - from) / MINUTE_MS), goodUnits: g, scrapUnits: s, reworkUnits: r });
        });
        for (const check of P.quality.checks) {
          const checkedAt = actualStart + opsRng.int(30, 90) * MINUTE_MS;
          if (checkedAt > cutoffMs) continue;
          const inspector = opsRng.pick(P.quality.inspectors);
          if (opsRng.chance(P.quality.firstPassFailRate)) {
            t.qualityChecks.push({ id: ids.uuid(), productionOrderId: id, checkedAt: new Date(checkedAt), checkType: check, result: opsRng.chance(0.5) ? 'FAIL' : 'REWORK', isFirstPass: true, sampleSize: 20, defects: opsRng.int(2, 5), inspector, notes: 'Line stopped and adjusted' });
            const recheck = checkedAt + opsRng.int(45, 120) * MINUTE_MS;
            if (recheck <= cutoffMs) t.qualityChecks.push({ id: ids.uuid(), productionOrderId: id, checkedAt: new Date(recheck), checkType: check, result: 'PASS', isFirstPass: false, sampleSize: 20, defects: 0, inspector, notes: null });
          } else {
            t.qualityChecks.push({ id: ids.uuid(), productionOrderId: id, checkedAt: new Date(checkedAt), checkType: check, result: 'PASS', isFirstPass: true, sampleSize: 20, defects: opsRng.chance(0.1) ? 1 : 0, inspector, notes: null });
          }
        }
        if (!completed) continue;
        const doneDay = dayOf(actual.end);
        at(doneDay, () => {
          move(actual.end, spec.sku, 'UK-MAIN', 'PRODUCTION', good + rework, 'PRODUCTION_ORDER', orderNumber);
          scheduled.set(spec.sku, (scheduled.get(spec.sku) ?? 0) - good - rework);
          consume(spec.sku, qty, doneDay);
        });
      }
    }
  };

  // ---- Purchasing.
  const purchRng = root.fork('purchasing');
  let poSeq = 0;
  let billSeq = 0;
  const cashDelta: Record<Currency, Float64Array> = { GBP: new Float64Array(days), EUR: new Float64Array(days), USD: new Float64Array(days) };
  const pay = (ccy: Currency, dayIndex: number, amount: number) => {
    if (dayIndex >= 0 && dayIndex < days) cashDelta[ccy][dayIndex] = (cashDelta[ccy][dayIndex] as number) + amount;
  };
  const addBill = (supplierCode: string, ccy: Currency, category: string, issueDay: number, terms: number, delayMean: number, amount: number, poId: string | null) => {
    billSeq += 1;
    const due = issueDay + terms;
    const paidDay = Math.max(issueDay + 1, due + Math.round(purchRng.normal(delayMean, 3)));
    const paid = paidDay <= days - 1;
    t.apBills.push({
      id: ids.uuid(), billNumber: `BILL-${String(billSeq).padStart(6, '0')}`, supplierId: supplierId.get(supplierCode) as string, purchaseOrderId: poId, category,
      issueDate: isoDate(dayMs(issueDay)), dueDate: isoDate(dayMs(due)), paidDate: paid ? isoDate(dayMs(paidDay)) : null, amount: money(amount),
      amountPaid: money(paid ? amount : 0), currency: ccy, status: paid ? 'PAID' : 'OPEN',
    });
    if (paid) pay(ccy, paidDay, -amount);
  };
  const deliveries = new Map<string, { received: number; onTime: number }>();
  const reorderMaterials = (i: number) => {
    const orders = new Map<string, Array<{ code: string; qty: number; price: number }>>();
    for (const supplier of P.suppliers) {
      for (const [code, moq, multiple] of supplier.items) {
        const log = materialUse.get(code) as number[];
        let used = 0;
        for (let d = Math.max(0, i - 28); d < i; d += 1) used += log[d] ?? 0;
        const perDay = i >= 28 ? used / 28 : (materialStock.get(code) ?? 0) / 60;
        const position = (materialStock.get(code) ?? 0) + (materialOnOrder.get(code) ?? 0);
        if (perDay <= 0 || position >= perDay * (supplier.leadTimeDays + P.purchasing.safetyDays)) continue;
        const qty = Math.ceil(Math.max(Number(moq), perDay * P.purchasing.orderCoverDays) / Number(multiple)) * Number(multiple);
        const material = P.materials.find((m) => m.code === code);
        const price = convert(cents(material?.cost ?? '0'), material?.currency ?? 'GBP', supplier.currency, i);
        const list = orders.get(supplier.code) ?? [];
        list.push({ code, qty, price });
        orders.set(supplier.code, list);
      }
    }
    for (const [code, lines] of orders) {
      const supplier = P.suppliers.find((s) => s.code === code);
      if (!supplier) continue;
      poSeq += 1;
      const id = ids.uuid();
      const orderedMs = dayMs(i) + 9 * HOUR_MS + purchRng.int(0, 300) * MINUTE_MS;
      const lead = Math.max(3, Math.round(purchRng.normal(supplier.leadTimeDays, supplier.leadTimeSdDays)));
      const expectedDay = i + supplier.leadTimeDays;
      const receivedDay = i + lead;
      const cancelled = purchRng.chance(P.purchasing.cancelShare);
      const short = !cancelled && purchRng.chance(P.purchasing.receiveShortShare);
      const received = !cancelled && receivedDay <= days - 1 && dayMs(receivedDay) + 11 * HOUR_MS <= cutoffMs;
      if (received) {
        const record = deliveries.get(code) ?? { received: 0, onTime: 0 };
        record.received += 1;
        if (receivedDay <= expectedDay) record.onTime += 1;
        deliveries.set(code, record);
      }
      let total = 0;
      let billAmount = 0;
      lines.forEach((line, index) => {
        const receivedQty = received ? (short ? Math.floor(line.qty * purchRng.int(90, 98) / 100) : line.qty) : 0;
        const lineTotal = Math.round(line.qty * line.price);
        total += lineTotal;
        billAmount += Math.round(receivedQty * line.price);
        t.purchaseOrderLines.push({
          id: ids.uuid(), purchaseOrderId: id, lineNumber: index + 1, materialCode: line.code, quantity: fixed(line.qty, 4), quantityReceived: fixed(receivedQty, 4),
          unitPrice: money(line.price), lineTotal: money(lineTotal), currency: supplier.currency, expectedDate: isoDate(dayMs(expectedDay)), receivedDate: received ? isoDate(dayMs(receivedDay)) : null,
        });
        if (cancelled) return;
        materialOnOrder.set(line.code, (materialOnOrder.get(line.code) ?? 0) + line.qty);
        at(receivedDay, () => {
          materialOnOrder.set(line.code, (materialOnOrder.get(line.code) ?? 0) - line.qty);
          if (received) materialStock.set(line.code, (materialStock.get(line.code) ?? 0) + receivedQty);
        });
      });
      const status = cancelled ? 'CANCELLED' : received ? (short ? 'PARTIALLY_RECEIVED' : 'RECEIVED') : cutoffMs - orderedMs < 2 * DAY_MS ? 'SENT' : 'CONFIRMED';
      t.purchaseOrders.push({
        id, poNumber: `PO-${String(poSeq).padStart(5, '0')}`, supplierId: supplierId.get(code) as string, status, orderedAt: new Date(orderedMs),
        expectedDate: isoDate(dayMs(expectedDay)), receivedAt: received ? new Date(dayMs(receivedDay) + 11 * HOUR_MS) : null, currency: supplier.currency,
        total: money(total), paymentTermsDays: supplier.termsDays,
      });
      if (received) addBill(code, supplier.currency, 'MATERIALS', receivedDay, supplier.termsDays, supplier.payDelayMeanDays, billAmount, id);
    }
  };

  // ---- Sales.
  const salesRng = root.fork('sales');
  const daily = new Map<string, { orders: number; units: number; revenue: number; cogs: number }>();
  const consumerNet: Record<Channel, Float64Array> = Object.fromEntries(channelCodes.map((c) => [c, new Float64Array(days)])) as Record<Channel, Float64Array>;
  const refundsByDay: Record<Channel, Float64Array> = Object.fromEntries(channelCodes.map((c) => [c, new Float64Array(days)])) as Record<Channel, Float64Array>;
  const linesDist = P.linesPerOrder.map((x) => x.value);
  const linesW = P.linesPerOrder.map((x) => x.p);
  const unitsDist = P.unitsPerLine.map((x) => x.value);
  const unitsW = P.unitsPerLine.map((x) => x.p);
  const meanUnitsPerOrder = P.linesPerOrder.reduce((a, x) => a + x.value * x.p, 0) * P.unitsPerLine.reduce((a, x) => a + x.value * x.p, 0);
  const orderSeq: Record<Channel, number> = { AMAZON_UK: 0, AMAZON_EU: 0, AMAZON_US: 0, SHOPIFY_UK: 0, SHOPIFY_US: 0 };
  let orderCount = 0;
  const saleToday = new Map<string, number>();
  const nextWholesale = P.wholesaleCustomers.map(() => salesRng.int(0, 10));

  const recordOrder = (input: {
    channel: Channel; region: Region; i: number; orderedMs: number; lines: Array<{ spec: SkuSpec; qty: number; unit: number; discount: number }>;
    customer: string | null; promo: string | null; shipping: number; wholesale: boolean;
  }) => {
    const { channel, region, i } = input;
    const ccy = channelCurrency[channel];
    const warehouse = P.fulfilment[channel];
    const cancelled = !input.wholesale && salesRng.chance(P.cancellationRate);
    const id = ids.uuid();
    orderSeq[channel] += 1;
    orderCount += 1;
    let subtotal = 0;
    let discount = 0;
    let units = 0;
    input.lines.forEach((line, index) => {
      const gross = line.unit * line.qty;
      subtotal += gross;
      discount += line.discount;
      units += line.qty;
      const unitCost = convert(unitCostGbp.get(line.spec.sku) as number, 'GBP', ccy, i);
      t.orderLines.push({ id: ids.uuid(), orderId: id, lineNumber: index + 1, sku: line.spec.sku, quantity: line.qty, unitPrice: money(line.unit), discount: money(line.discount), lineTotal: money(gross - line.discount), unitCost: money(unitCost), currency: ccy });
      if (cancelled) return;
      const k = `${i}|${line.spec.sku}|${region}|${channel}`;
      const cell = daily.get(k) ?? { orders: 0, units: 0, revenue: 0, cogs: 0 };
      cell.orders += 1;
      cell.units += line.qty;
      cell.revenue += gross - line.discount;
      cell.cogs += unitCost * line.qty;
      daily.set(k, cell);
      onHand.set(key(warehouse, line.spec.sku), stock(warehouse, line.spec.sku) - line.qty);
      saleToday.set(line.spec.sku + '|' + warehouse, (saleToday.get(line.spec.sku + '|' + warehouse) ?? 0) + line.qty);
    });
    const net = subtotal - discount;
    // Wholesale exports are zero-rated; consumer orders carry the ship-to region's sales tax.
    const taxRate = input.wholesale && region !== 'UK' ? 0 : P.taxRate[region];
    const tax = Math.round(net * taxRate);
    const total = net + input.shipping + tax;
    const fees = input.wholesale ? 0 : platformOf(channel) === 'AMAZON'
      ? Math.round((net + input.shipping) * 0.15) + units * cents(P.fbaFeePerUnit[ccy])
      : Math.round(total * 0.029) + cents(P.shopifyFixedFee[ccy]);
    const age = cutoffMs - input.orderedMs;
    const status = cancelled ? 'CANCELLED' : age < 1 * DAY_MS ? (salesRng.chance(0.6) ? 'PENDING' : 'SHIPPED') : age < 4 * DAY_MS ? 'SHIPPED' : 'DELIVERED';
    const amazon = platformOf(channel) === 'AMAZON';
    const externalId = amazon
      ? `${202 + channelCodes.indexOf(channel)}-${String(orderSeq[channel]).padStart(7, '0')}-${String(salesRng.int(0, 9_999_999)).padStart(7, '0')}`
      : String(5_100_000_000_000 + orderSeq[channel] * 97 + channelCodes.indexOf(channel));
    const lag = amazon ? salesRng.int(5, 45) : salesRng.int(1, 5);
    t.orders.push({
      id, orderNumber: `SO-${String(orderCount).padStart(7, '0')}`, channelCode: channel, externalId, shipToRegion: region, customerId: input.customer,
      fulfilledFrom: warehouse, status, orderedAt: new Date(input.orderedMs), currency: ccy, subtotal: money(subtotal), discount: money(discount),
      shipping: money(input.shipping), tax: money(tax), total: money(total), fees: money(fees), promotionCode: input.promo, source: 'demo',
      ingestedAt: new Date(Math.min(input.orderedMs + lag * MINUTE_MS, cutoffMs)),
    });
    if (cancelled) return;
    if (input.wholesale) {
      const w = P.wholesaleCustomers.find((c) => customerId.get(c.code) === input.customer);
      if (w) {
        const due = i + w.termsDays;
        const paidDay = Math.max(i + 3, due + Math.round(salesRng.normal(w.payDelayMeanDays, w.payDelaySdDays)));
        const paid = paidDay <= days - 1;
        t.arInvoices.push({
          id: ids.uuid(), invoiceNumber: `INV-${String(t.arInvoices.length + 1).padStart(6, '0')}`, customerId: input.customer as string, channelCode: channel,
          periodStart: null, periodEnd: null, issueDate: isoDate(dayMs(i)), dueDate: isoDate(dayMs(due)), paidDate: paid ? isoDate(dayMs(paidDay)) : null,
          amount: money(total), amountPaid: money(paid ? total : 0), currency: ccy, status: paid ? 'PAID' : 'OPEN',
        });
        if (paid) pay(ccy, paidDay, total);
      }
      return;
    }
    consumerNet[channel][i] = (consumerNet[channel][i] as number) + total - fees;
    const refundRate = P.refundRate[platformOf(channel)];
    if (!salesRng.chance(refundRate)) return;
    const refundMs = input.orderedMs + salesRng.int(3, 30) * DAY_MS + salesRng.int(0, 600) * MINUTE_MS;
    if (refundMs > cutoffMs) return;
    const partial = salesRng.chance(P.partialRefundShare) && (input.lines.length > 1 || (input.lines[0]?.qty ?? 0) > 1);
    const line = salesRng.pick(input.lines);
    const amount = partial ? Math.round(((line.unit * line.qty - line.discount) / line.qty) * (1 + P.taxRate[region])) : total;
    t.refunds.push({ id: ids.uuid(), orderId: id, sku: partial ? line.spec.sku : null, quantity: partial ? 1 : units, refundedAt: new Date(refundMs), amount: money(amount), currency: ccy, reason: salesRng.pick(P.refundReasons) });
    const rd = dayOf(refundMs);
    refundsByDay[channel][rd] = (refundsByDay[channel][rd] as number) + amount;
  };

  const skuIndexes = P.skus.map((_, idx) => idx);
  const sellDay = (i: number) => {
    const ms = dayMs(i);
    for (const channel of channelCodes) {
      const ccy = channelCurrency[channel];
      const warehouse = P.fulfilment[channel];
      const noise = Math.exp(salesRng.normal(0, 0.12));
      const c = channelCodes.indexOf(channel);
      for (const [r, region] of regionCodes.entries()) {
        const weights = P.skus.map((spec, s) => (inStockOut(spec.sku, channel, i) ? 0 : (expectedCells[cellIndex(i, s, c, r)] as number) * noise));
        const lambda = weights.reduce((a, b) => a + b, 0);
        const count = salesRng.poisson(lambda / meanUnitsPerOrder);
        for (let n = 0; n < count; n += 1) {
          const wanted = salesRng.weighted(linesDist, linesW);
          const available = weights.slice();
          const lines: Array<{ spec: SkuSpec; qty: number; unit: number; discount: number }> = [];
          let promoCode: string | null = null;
          for (let l = 0; l < wanted; l += 1) {
            if (available.every((w) => w <= 0)) break;
            const s = salesRng.weighted(skuIndexes, available);
            available[s] = 0;
            const spec = P.skus[s] as SkuSpec;
            const qty = salesRng.weighted(unitsDist, unitsW);
            if (stock(warehouse, spec.sku) < qty) continue;
            const unit = listPrice(spec, ccy, i);
            const promo = promoCells[(i * nSku + s) * nChannel + c];
            if (promo) promoCode = promo.code;
            lines.push({ spec, qty, unit, discount: promo ? Math.round(unit * qty * promo.discount) : 0 });
          }
          if (lines.length === 0) continue;
          const minute = salesRng.chance(0.7) ? salesRng.int(8 * 60, 23 * 60 - 1) : salesRng.int(0, 24 * 60 - 1);
          const orderedMs = ms + minute * MINUTE_MS + salesRng.int(0, 59) * 1000;
          if (orderedMs > cutoffMs) continue;
          let shipping = 0;
          if (platformOf(channel) === 'SHOPIFY') {
            const net = lines.reduce((a, x) => a + x.unit * x.qty - x.discount, 0);
            if (region !== channelHome[channel]) shipping = cents(P.shopifyShipping.crossBorder[ccy]);
            else if (net < cents(P.shopifyShipping.freeOver[ccy])) shipping = cents(P.shopifyShipping.domestic[ccy]);
          }
          recordOrder({ channel, region, i, orderedMs, lines, customer: null, promo: promoCode, shipping, wholesale: false });
        }
      }
    }
    P.wholesaleCustomers.forEach((w, index) => {
      if ((nextWholesale[index] as number) !== i) return;
      nextWholesale[index] = i + w.everyDays + salesRng.int(-3, 3);
      const ccy = channelCurrency[w.channel];
      const warehouse = P.fulfilment[w.channel];
      const launched = P.skus.filter((s) => (launchDay.get(s.sku) as number) <= i && s.category !== 'Gift set');
      const cases = Math.max(1, salesRng.poisson(w.meanCases * yearlyFactor(ms, P.monthly)));
      const pickCount = Math.min(launched.length, salesRng.int(2, 4));
      const weights: number[] = launched.map((s) => s.baseDailyUnits);
      const chosen: SkuSpec[] = [];
      for (let k = 0; k < pickCount; k += 1) {
        const idx = salesRng.weighted(launched.map((_, j) => j), weights);
        weights[idx] = 0;
        chosen.push(launched[idx] as SkuSpec);
      }
      const lines: Array<{ spec: SkuSpec; qty: number; unit: number; discount: number }> = [];
      chosen.forEach((spec, k) => {
        const share = k === chosen.length - 1 ? cases - Math.floor((cases * (chosen.length - 1)) / chosen.length) : Math.floor(cases / chosen.length);
        const qty = Math.min(Math.max(1, share) * spec.unitsPerCase, Math.floor(stock(warehouse, spec.sku) / spec.unitsPerCase) * spec.unitsPerCase);
        if (qty <= 0) return;
        const unit = listPrice(spec, ccy, i);
        lines.push({ spec, qty, unit, discount: Math.round(unit * qty * w.discount) });
      });
      if (lines.length === 0) return;
      const orderedMs = ms + salesRng.int(9 * 60, 17 * 60) * MINUTE_MS;
      if (orderedMs > cutoffMs) return;
      recordOrder({ channel: w.channel, region: w.region, i, orderedMs, lines, customer: customerId.get(w.code) as string, promo: null, shipping: 0, wholesale: true });
    });
  };

  // ---- Replenishment transfers.
  const replenish = (i: number) => {
    const ms = dayMs(i) + 10 * HOUR_MS;
    for (const w of P.warehouses) {
      if (!w.sourcedFrom) continue;
      const cover = w.code === 'US-3PL' ? P.replenishment.usCoverDays : P.replenishment.coverDays;
      for (const spec of P.skus) {
        const blockedUntil = stockOutUntil.get(key(w.code, spec.sku));
        const so = P.stockOuts.find((x) => x.sku === spec.sku && x.channels.some((c) => P.fulfilment[c] === w.code));
        if (blockedUntil !== undefined && so && i >= blockedUntil - so.days - w.transitDays && i + w.transitDays < blockedUntil) continue;
        let target = expectedSum(w.code, spec.sku, i + w.transitDays, cover);
        if (w.code === 'US-3PL') target += expectedSum('FBA-US', spec.sku, i + w.transitDays, 35);
        const position = stock(w.code, spec.sku) + (inTransit.get(key(w.code, spec.sku)) ?? 0);
        const want = Math.ceil((target - position) / spec.unitsPerCase) * spec.unitsPerCase;
        const canSend = Math.floor(Math.max(0, stock(w.sourcedFrom, spec.sku)) / spec.unitsPerCase) * spec.unitsPerCase;
        const qty = Math.min(want, canSend);
        if (qty <= 0) continue;
        transferSeq += 1;
        const ref = `TR-${String(transferSeq).padStart(6, '0')}`;
        move(ms, spec.sku, w.sourcedFrom, 'TRANSFER', -qty, 'TRANSFER', ref, `To ${w.code}`);
        const arrival = i + w.transitDays;
        inTransit.set(key(w.code, spec.sku), (inTransit.get(key(w.code, spec.sku)) ?? 0) + qty);
        at(arrival, () => {
          inTransit.set(key(w.code, spec.sku), (inTransit.get(key(w.code, spec.sku)) ?? 0) - qty);
          if (dayMs(arrival) + 10 * HOUR_MS <= cutoffMs) move(dayMs(arrival) + 10 * HOUR_MS, spec.sku, w.code, 'TRANSFER', qty, 'TRANSFER', ref, `From ${w.sourcedFrom}`);
        });
      }
    }
  };

  // ---- The day loop.
  const overheadRng = root.fork('overheads');
  for (let i = 0; i < days; i += 1) {
    const ms = dayMs(i);
    for (const action of pending.get(i) ?? []) action();
    pending.delete(i);
    for (const so of stockOutStarts.get(i) ?? []) {
      const w = P.fulfilment[so.channel];
      const left = stock(w, so.sku);
      if (left > 0) move(ms + 8 * HOUR_MS, so.sku, w, 'ADJUSTMENT', -left, 'QUARANTINE', `SO-${so.sku}-${isoDate(ms)}`, `Stock unavailable: ${so.cause}`);
    }
    const weekday = weekdayIndex(ms);
    if (weekday === 0) {
      replenish(i);
      planProduction(i);
      // The last four weekly purchasing reviews are left to the planner: that is what the PO proposals page is for.
      if (i < days - 28) reorderMaterials(i);
      for (const line of P.shifts.twoShiftCentres) {
        const from = ms + 6 * HOUR_MS;
        if (from <= cutoffMs) t.downtimeEvents.push({ id: ids.uuid(), workCentreCode: line, equipmentId: null, productionOrderId: null, kind: 'PLANNED', reasonCode: 'CIP_CLEAN', startedAt: new Date(from), endedAt: new Date(from + 60 * MINUTE_MS), notes: 'Weekly clean-in-place' });
      }
    }
    if (weekday === 4 && new Date(ms).getUTCDate() <= 7) {
      for (const line of P.shifts.twoShiftCentres) {
        const from = ms + 14 * HOUR_MS;
        if (from <= cutoffMs) t.downtimeEvents.push({ id: ids.uuid(), workCentreCode: line, equipmentId: null, productionOrderId: null, kind: 'PLANNED', reasonCode: 'PREVENTIVE_MAINTENANCE', startedAt: new Date(from), endedAt: new Date(from + 240 * MINUTE_MS), notes: 'Monthly preventive maintenance' });
      }
    }
    if (weekday <= 4) {
      for (const wc of P.workCentres) {
        if ((P.shifts.twoShiftCentres as readonly string[]).includes(wc.code)) continue;
        for (let k = opsRng.poisson(P.downtime.otherCentresPerDay); k > 0; k -= 1) {
          const from = ms + 7 * HOUR_MS + opsRng.int(0, 420) * MINUTE_MS;
          if (from > cutoffMs) continue;
          const minutes = lognormalMinutes(opsRng, P.downtime.unplannedMedianMinutes * 1.5, P.downtime.unplannedLogSd);
          t.downtimeEvents.push({ id: ids.uuid(), workCentreCode: wc.code, equipmentId: equipmentId.get(wc.equipment[0]?.code ?? '') ?? null, productionOrderId: null, kind: 'UNPLANNED', reasonCode: opsRng.pick(['STEAM_SUPPLY', 'PUMP_FAULT', 'SENSOR_FAULT', 'MATERIAL_SHORTAGE']), startedAt: new Date(from), endedAt: new Date(from + minutes * MINUTE_MS), notes: null });
        }
      }
    }
    if (new Date(ms).getUTCDate() === 1) {
      for (const o of P.overheads) addBill(o.code, o.currency, o.category, i, o.termsDays, o.payDelayMeanDays, Math.round(cents(o.monthly) * overheadRng.normal(1, 0.08)), null);
    }
    if (new Date(ms).getUTCDate() === 28) pay('GBP', i, -cents(P.cash.monthlyPayroll));
    saleToday.clear();
    sellDay(i);
    for (const [k, units] of saleToday) {
      const [sku, w] = k.split('|') as [string, string];
      t.stockMovements.push({
        id: ids.uuid(), occurredAt: new Date(Math.min(ms + 22 * HOUR_MS, cutoffMs)), sku, warehouseCode: w, movementType: 'SALE', quantity: -units,
        unitCost: money(unitCostGbp.get(sku) as number), currency: 'GBP', referenceType: 'DAILY_SHIPMENTS', referenceId: `SHIP-${w}-${isoDate(ms)}`, notes: null,
      });
    }
  }
  // The plan made on the next Monday after the end date: orders two weeks out (PLANNED).
  let nextMonday = days;
  while (weekdayIndex(dayMs(nextMonday)) !== 0) nextMonday += 1;
  planProduction(nextMonday);

  // ---- Routings and the open order book the scheduler sequences. The Monday batches above only top stock up, so
  // on most days few orders are open; a planner works from a rolling plan: each SKU's expected demand over the
  // next weeks in batches, due spread across the window, plus rush wholesale orders due for the 07:00 truck within
  // days (the first, due tomorrow, cannot make it through blend → rest → fill → pack: late risk).
  // Starting within a week → released, later → planned; inside a shift the first ordinary (not rush) order on each
  // bottling line is under way (started 20 minutes before the cutoff, nothing recorded yet).
  const R = P.routing;
  for (const spec of P.skus) {
    const blendRate = (Number(P.workCentres.find((w) => w.code === 'BLEND')?.ratePerHour ?? 900) * 1000) / spec.sizeMl;
    const lineRate = P.workCentres.find((w) => w.code === spec.line)?.ratePerHour ?? '1200';
    t.productRoutings.push(
      { sku: spec.sku, step: 1, operation: R.blend.operation, workCentreCode: 'BLEND', ratePerHour: blendRate.toFixed(2), setupMinutes: R.blend.setupMinutes, transferMinutes: 0 },
      { sku: spec.sku, step: 2, operation: R.bottle.operation, workCentreCode: spec.line, ratePerHour: lineRate, setupMinutes: R.bottle.setupMinutes, transferMinutes: R.bottle.transferMinutes },
      { sku: spec.sku, step: 3, operation: R.pack.operation, workCentreCode: 'PACK', ratePerHour: P.workCentres.find((w) => w.code === 'PACK')?.ratePerHour ?? '1600', setupMinutes: R.pack.setupMinutes, transferMinutes: R.pack.transferMinutes },
    );
  }
  const bookRng = root.fork('order-book');
  const bookDay = Math.floor(cutoffMs / DAY_MS) * DAY_MS;
  const book: Array<{ spec: (typeof P.skus)[number]; qty: number; due: number; priority: number }> = [];
  const window = P.orderBook.weeks * 7;
  for (const spec of P.skus) {
    const demand = warehouseCodes.reduce((sum, w) => sum + expectedSum(w, spec.sku, days, window), 0);
    const batches = Math.min(P.orderBook.maxBatchesPerSku, Math.max(1, Math.ceil(demand / spec.batchSize)));
    for (let b = 0; b < batches; b += 1) {
      const dueDay = Math.max(2, Math.round(((b + 1) * window) / batches) - bookRng.int(0, 3));
      book.push({ spec, qty: spec.batchSize, due: bookDay + dueDay * DAY_MS + 14 * HOUR_MS, priority: bookRng.int(3, 6) });
    }
  }
  for (const [sku, qty, inDays, priority] of P.orderBook.rush) {
    const spec = P.skus.find((s) => s.sku === sku);
    if (spec) book.push({ spec, qty, due: bookDay + inDays * DAY_MS + 7 * HOUR_MS, priority });
  }
  book.sort((a, b) => a.due - b.due || a.spec.sku.localeCompare(b.spec.sku));
  const cutoffHour = (cutoffMs - bookDay) / HOUR_MS;
  const isInShift = weekdayIndex(bookDay) <= 4 && cutoffHour >= 6.5 && cutoffHour < 21;
  const underway = new Set<string>();
  for (const o of book) {
    const rate = Number(P.workCentres.find((w) => w.code === o.spec.line)?.ratePerHour ?? 1200);
    const start = o.due - Math.ceil((o.qty / rate) * 60) * MINUTE_MS - 2 * DAY_MS;
    const isUnderway = isInShift && !underway.has(o.spec.line) && o.priority > 2;
    if (isUnderway) underway.add(o.spec.line);
    productionSeq += 1;
    t.productionOrders.push({
      id: bookRng.uuid(), orderNumber: `MO-${isoDate(bookDay).slice(0, 4)}-${String(productionSeq).padStart(5, '0')}`, sku: o.spec.sku, workCentreCode: o.spec.line,
      quantityPlanned: o.qty, scheduledStart: new Date(isUnderway ? cutoffMs - 20 * MINUTE_MS : Math.max(start, bookDay)), scheduledEnd: new Date(o.due), actualStart: isUnderway ? new Date(cutoffMs - 20 * MINUTE_MS) : null, actualEnd: null,
      status: isUnderway ? 'IN_PROGRESS' : start < bookDay + 7 * DAY_MS ? 'RELEASED' : 'PLANNED', priority: o.priority,
    });
  }

  // ---- Daily sales rows.
  for (const [k, cell] of daily) {
    const [iText, sku, region, channel] = k.split('|') as [string, string, Region, Channel];
    const i = Number(iText);
    const ccy = channelCurrency[channel];
    t.dailySales.push({
      salesDate: isoDate(dayMs(i)), sku, regionCode: region, channelCode: channel, orders: cell.orders, units: cell.units, revenue: money(cell.revenue),
      cogs: money(cell.cogs), currency: ccy, revenueGbp: money(convert(cell.revenue, ccy, 'GBP', i)), cogsGbp: money(convert(cell.cogs, ccy, 'GBP', i)),
    });
  }

  // ---- Marketplace settlements and payouts (receivables).
  const settleRng = root.fork('settlements');
  for (const channel of channelCodes) {
    const spec = P.settlement[platformOf(channel)];
    const ccy = channelCurrency[channel];
    for (let from = 0; from + spec.everyDays - 1 < days - 1; from += spec.everyDays) {
      const to = from + spec.everyDays - 1;
      let amount = 0;
      for (let d = from; d <= to; d += 1) amount += (consumerNet[channel][d] as number) - (refundsByDay[channel][d] as number);
      if (amount <= 0) continue;
      const issue = to + 1;
      const due = issue + spec.lagDays;
      const paidDay = due + (settleRng.chance(0.1) ? 1 : 0);
      const paid = paidDay <= days - 1;
      t.arInvoices.push({
        id: ids.uuid(), invoiceNumber: `${platformOf(channel) === 'AMAZON' ? 'AMZ' : 'SHP'}-${channel.split('_')[1]}-${isoDate(dayMs(to)).replaceAll('-', '')}`,
        customerId: customerId.get(`PAYOUT-${channel}`) as string, channelCode: channel, periodStart: isoDate(dayMs(from)), periodEnd: isoDate(dayMs(to)),
        issueDate: isoDate(dayMs(issue)), dueDate: isoDate(dayMs(due)), paidDate: paid ? isoDate(dayMs(paidDay)) : null, amount: money(amount),
        amountPaid: money(paid ? amount : 0), currency: ccy, status: paid ? 'PAID' : 'OPEN',
      });
      if (paid) pay(ccy, paidDay, amount);
    }
  }

  // ---- Cash balances, with foreign balances swept to GBP on Fridays.
  const balance: Record<Currency, number> = { GBP: cents(P.cash.opening.GBP), EUR: cents(P.cash.opening.EUR), USD: cents(P.cash.opening.USD) };
  for (let i = 0; i < days; i += 1) {
    for (const ccy of currencies) balance[ccy] += cashDelta[ccy][i] as number;
    if (weekdayIndex(dayMs(i)) === 4) {
      for (const ccy of ['EUR', 'USD'] as const) {
        if (balance[ccy] > cents(P.cash.sweepAbove[ccy])) {
          const amount = balance[ccy] - cents(P.cash.keep[ccy]);
          balance[ccy] -= amount;
          balance.GBP += convert(amount, ccy, 'GBP', i);
        }
      }
    }
    for (const ccy of currencies) t.cashBalances.push({ balanceDate: isoDate(dayMs(i)), currency: ccy, account: 'OPERATING', balance: money(balance[ccy]) });
  }

  // Supplier on-time rate, measured on the deliveries generated above.
  for (const supplier of t.suppliers) {
    const record = deliveries.get(supplier.code);
    if (record && record.received > 0) supplier.onTimeRate = fixed(record.onTime / record.received, 4);
  }

  // ---- Closing inventory.
  const lastCount = isoDate(Date.UTC(new Date(endMs).getUTCFullYear(), new Date(endMs).getUTCMonth(), 0));
  for (const w of P.warehouses) {
    for (const spec of P.skus) {
      const avg = expectedSum(w.code, spec.sku, days - 28, 28) / 28 + (w.code === 'US-3PL' ? expectedSum('FBA-US', spec.sku, days - 28, 28) / 28 : 0);
      const lead = w.code === 'UK-MAIN' ? 10 : w.transitDays;
      t.inventory.push({
        id: ids.uuid(), sku: spec.sku, warehouseCode: w.code, quantityOnHand: Math.max(0, stock(w.code, spec.sku)), quantityReserved: 0,
        reorderPoint: Math.round(avg * (lead + 7)), safetyStock: Math.round(avg * 7), maxStock: Math.round(avg * (lead + 7 + 28)), lastCountDate: lastCount,
      });
    }
  }
  for (const m of P.materials) t.materialInventory.push({ materialCode: m.code, warehouseCode: 'UK-MAIN', quantityOnHand: fixed(Math.max(0, materialStock.get(m.code) ?? 0), 4) });

  t.demandEvents.push(...demoDemandEvents(isoDate(startMs), options.endDate));

  return {
    seed: options.seed,
    startDate: isoDate(startMs),
    endDate: options.endDate,
    company: { code: P.company.code, name: P.company.name, reportingCurrency: P.company.reportingCurrency, isDemo: true, demoSeed: options.seed, demoEndDate: options.endDate },
    tables: t,
  };
}
