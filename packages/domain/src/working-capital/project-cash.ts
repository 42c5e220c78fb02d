import { Decimal } from 'decimal.js';
import { addBusinessDays, addMonths, fromDayNumber, toDayNumber, type IsoDate } from '../calendar/utc-date.ts';
import { DomainError } from '../domain-error.ts';
import { Dec, minorUnits, type CurrencyCode, type DecimalInput } from '../money/money.ts';

/** An issued, unpaid customer invoice. */
export interface OpenReceivable {
  readonly id: string;
  readonly customerId: string;
  readonly amount: DecimalInput;
  readonly dueDate: IsoDate;
}

/** An unpaid supplier invoice; paid on its due date (or on the first projected day if already due). */
export interface OpenPayable {
  readonly id: string;
  readonly supplierId: string;
  readonly amount: DecimalInput;
  readonly dueDate: IsoDate;
}

/** An open (sent, not yet invoiced) or proposed purchase order; paid `paymentTermsDays` after receipt. */
export interface PlannedPurchaseOrder {
  readonly id: string;
  readonly supplierId: string;
  readonly status: 'open' | 'proposed';
  readonly amount: DecimalInput;
  readonly expectedReceiptDate: IsoDate;
  readonly paymentTermsDays: number;
  /** Share of the amount paid up front on `orderDate` (e.g. "0.3" for a 30 % deposit). */
  readonly depositRate?: DecimalInput;
  readonly orderDate?: IsoDate;
}

/**
 * When a sales channel pays out.
 * - `settlement` (Amazon): sales accrue over fixed settlement periods of `cycleDays` (14) ending on `anchorDate`
 *   + k × cycleDays; the period's net proceeds are disbursed `disbursementLagDays` after the period ends, minus
 *   a reserve (`reserveRate` of the period's net) that is released with the following settlement.
 * - `business_days` (Shopify Payments): each day's sales are paid `days` business days later (T+2/T+3).
 * - `terms` (wholesale on invoice): paid `days` calendar days after the sale, plus `delayDays` observed lateness.
 * - `immediate`: cash on the day of sale.
 */
export type PayoutRule =
  | { readonly kind: 'settlement'; readonly cycleDays: number; readonly anchorDate: IsoDate; readonly disbursementLagDays: number; readonly reserveRate?: DecimalInput; readonly openingReserve?: DecimalInput }
  | { readonly kind: 'business_days'; readonly days: number }
  | { readonly kind: 'terms'; readonly days: number; readonly delayDays?: number }
  | { readonly kind: 'immediate' };

/** A central forecast interval of daily gross sales (e.g. level 80 → p10 and p90). */
export interface SalesInterval {
  readonly level: number;
  readonly lower: readonly DecimalInput[];
  readonly upper: readonly DecimalInput[];
}

/**
 * Forecast gross sales of one channel by day, index 0 = `startDate`. Numbers from a forecast model are
 * accepted and rounded to minor units on entry.
 */
export interface ChannelSalesForecast {
  readonly channel: string;
  readonly payout: PayoutRule;
  readonly mean: readonly DecimalInput[];
  readonly intervals?: readonly SalesInterval[];
  /** Marketplace and payment fees deducted before payout (e.g. "0.15"). */
  readonly feeRate?: DecimalInput;
  /** Sales already made but not yet paid out (e.g. the open Amazon settlement period), by date. */
  readonly unsettledSales?: readonly { date: IsoDate; amount: DecimalInput }[];
}

export type RecurrenceUnit = 'day' | 'week' | 'month';

/** A recurring outflow (payroll, rent, subscriptions), from `firstDate` every `interval` units until `until`. */
export interface RecurringCost {
  readonly label: string;
  readonly amount: DecimalInput;
  readonly firstDate: IsoDate;
  readonly every: RecurrenceUnit;
  readonly interval?: number;
  readonly until?: IsoDate;
}

/** A one-off cash movement: positive in, negative out. */
export interface OneOffCashItem {
  readonly label: string;
  readonly date: IsoDate;
  readonly amount: DecimalInput;
}

export interface CashProjectionInput {
  readonly currency: CurrencyCode;
  /** First projected day; `openingBalance` is the balance at its start. */
  readonly startDate: IsoDate;
  readonly horizonDays: number;
  readonly openingBalance: DecimalInput;
  readonly receivables?: readonly OpenReceivable[];
  /** Observed average days each customer pays after the due date (negative = early). */
  readonly customerPaymentDelays?: Readonly<Record<string, number>>;
  readonly defaultPaymentDelayDays?: number;
  /** Receivables overdue by more than this at `startDate` are treated as doubtful and left out (default 90). */
  readonly doubtfulAfterDaysOverdue?: number;
  readonly salesForecasts?: readonly ChannelSalesForecast[];
  readonly payables?: readonly OpenPayable[];
  readonly purchaseOrders?: readonly PlannedPurchaseOrder[];
  /** Whether proposed (not yet approved) purchase orders are paid in the projection (default true). */
  readonly includeProposedPurchaseOrders?: boolean;
  readonly recurringCosts?: readonly RecurringCost[];
  readonly oneOffs?: readonly OneOffCashItem[];
  /** Days of outflows the balance must always cover (the spec's "cash runway minimum: 90 days"). */
  readonly minimumRunwayDays?: number;
  /** An explicit minimum cash balance, instead of `minimumRunwayDays` × average daily outflow. */
  readonly minimumCash?: DecimalInput;
  readonly holidays?: readonly IsoDate[];
}

export interface CashProjectionDay {
  readonly date: IsoDate;
  readonly opening: Decimal;
  readonly customerReceipts: Decimal;
  readonly salesPayouts: Decimal;
  readonly supplierPayments: Decimal;
  readonly purchaseOrderPayments: Decimal;
  readonly recurringCosts: Decimal;
  readonly oneOffs: Decimal;
  readonly net: Decimal;
  readonly closing: Decimal;
}

export interface CashFanBand {
  readonly level: number;
  /** Closing balance per day with every channel's sales at the lower / upper bound of the interval. */
  readonly lower: readonly Decimal[];
  readonly upper: readonly Decimal[];
  /** The zero crossing on the pessimistic path. */
  readonly lowerZeroCrossingDate: IsoDate | null;
  /** The first day below the minimum cash on the pessimistic path. */
  readonly lowerMinimumCashCrossingDate: IsoDate | null;
  /** The same two dates on the optimistic path. */
  readonly upperZeroCrossingDate: IsoDate | null;
  readonly upperMinimumCashCrossingDate: IsoDate | null;
}

export interface CashProjection {
  readonly currency: CurrencyCode;
  readonly days: readonly CashProjectionDay[];
  /** Days of positive cash before the first negative closing balance; null if cash stays ≥ 0 over the horizon. */
  readonly runwayDays: number | null;
  readonly zeroCrossingDate: IsoDate | null;
  /** Threshold used: explicit `minimumCash`, else `minimumRunwayDays` × average daily outflow. */
  readonly minimumCash: Decimal;
  readonly minimumCashCrossingDate: IsoDate | null;
  /** True when cash runs out within `minimumRunwayDays` (the spec's 90). */
  readonly isRunwayBelowMinimum: boolean;
  readonly lowestBalance: { readonly date: IsoDate; readonly amount: Decimal };
  readonly endingBalance: Decimal;
  readonly averageDailyOutflow: Decimal;
  /** Receivables left out as doubtful (overdue beyond the limit). */
  readonly doubtfulReceivables: Decimal;
  readonly fan: readonly CashFanBand[];
}

type Category = 'customerReceipts' | 'salesPayouts' | 'supplierPayments' | 'purchaseOrderPayments' | 'recurringCosts' | 'oneOffs';

class FlowGrid {
  readonly columns: Record<Category, (Decimal | undefined)[]>;
  constructor(readonly start: number, readonly horizon: number) {
    const make = (): (Decimal | undefined)[] => new Array<Decimal | undefined>(horizon);
    this.columns = { customerReceipts: make(), salesPayouts: make(), supplierPayments: make(), purchaseOrderPayments: make(), recurringCosts: make(), oneOffs: make() };
  }

  /** Books `amount` on `day` (day number); days before the start are booked on the first day, after the horizon dropped. */
  add(category: Category, day: number, amount: Decimal): void {
    const index = Math.max(0, day - this.start);
    if (index >= this.horizon) return;
    const column = this.columns[category];
    const current = column[index];
    column[index] = current === undefined ? amount : current.plus(amount);
  }
}

const zero = new Dec(0);

function decimal(value: DecimalInput, field: string): Decimal {
  let d: Decimal;
  try {
    d = new Dec(value);
  } catch {
    throw new DomainError('invalid_input', `${field} is not a number: ${String(value)}`, field);
  }
  if (!d.isFinite()) throw new DomainError('invalid_input', `${field} must be finite`, field);
  return d;
}

function nonNegativeAmount(value: DecimalInput, field: string): Decimal {
  const d = decimal(value, field);
  if (d.isNegative()) throw new DomainError('invalid_input', `${field} must be ≥ 0`, field);
  return d;
}

/** Memoises business-day arithmetic: the same sale days recur for every fan path and channel. */
function businessDayShifter(holidays: ReadonlySet<IsoDate>): (day: number, n: number) => number {
  const cache = new Map<number, number>();
  return (day, n) => {
    const key = day * 64 + n;
    let out = cache.get(key);
    if (out === undefined) {
      out = toDayNumber(addBusinessDays(fromDayNumber(day), n, holidays));
      cache.set(key, out);
    }
    return out;
  };
}

function addSalesPayouts(grid: FlowGrid, forecast: ChannelSalesForecast, daily: readonly Decimal[], places: number, shiftBusinessDays: (day: number, n: number) => number): void {
  const keepRate = new Dec(1).minus(forecast.feeRate ?? 0);
  const hasFees = !keepRate.equals(1);
  // Each day's payout is rounded to minor units once, after fees.
  const net = (amount: Decimal): Decimal => (hasFees ? amount.times(keepRate) : amount).toDecimalPlaces(places);
  const rule = forecast.payout;
  const start = grid.start;
  const sales: { day: number; amount: Decimal }[] = [];
  for (const s of forecast.unsettledSales ?? []) sales.push({ day: toDayNumber(s.date, 'unsettledSales.date'), amount: nonNegativeAmount(s.amount, 'unsettledSales.amount') });
  daily.forEach((amount, i) => sales.push({ day: start + i, amount }));

  switch (rule.kind) {
    case 'immediate':
      for (const s of sales) grid.add('salesPayouts', s.day, net(s.amount));
      return;
    case 'terms': {
      const lag = rule.days + (rule.delayDays ?? 0);
      for (const s of sales) grid.add('salesPayouts', s.day + lag, net(s.amount));
      return;
    }
    case 'business_days':
      for (const s of sales) {
        const payDay = shiftBusinessDays(s.day, rule.days);
        grid.add('salesPayouts', payDay, net(s.amount));
      }
      return;
    case 'settlement': {
      if (!(rule.cycleDays >= 1)) throw new DomainError('invalid_input', 'settlement cycleDays must be ≥ 1', 'payout.cycleDays');
      const anchor = toDayNumber(rule.anchorDate, 'payout.anchorDate');
      const reserveRate = decimal(rule.reserveRate ?? 0, 'payout.reserveRate');
      // Group by the settlement period each sale falls in (keyed by the period's last day).
      const byPeriodEnd = new Map<number, Decimal>();
      for (const s of sales) {
        const periodEnd = anchor + Math.ceil((s.day - anchor) / rule.cycleDays) * rule.cycleDays;
        byPeriodEnd.set(periodEnd, (byPeriodEnd.get(periodEnd) ?? zero).plus(s.amount));
      }
      const periodEnds = [...byPeriodEnd.keys()].sort((a, b) => a - b);
      let heldReserve = decimal(rule.openingReserve ?? 0, 'payout.openingReserve');
      const lastEnd = periodEnds[periodEnds.length - 1];
      if (lastEnd === undefined) return;
      for (let end = periodEnds[0] as number; end <= lastEnd; end += rule.cycleDays) {
        const proceeds = (byPeriodEnd.get(end) ?? zero).times(keepRate);
        const reserve = proceeds.times(reserveRate);
        const payout = proceeds.minus(reserve).plus(heldReserve).toDecimalPlaces(places);
        grid.add('salesPayouts', end + rule.disbursementLagDays, payout);
        heldReserve = reserve;
      }
      return;
    }
  }
}

function recurringDays(cost: RecurringCost, firstDay: number, lastDay: number): number[] {
  const interval = cost.interval ?? 1;
  if (!(Number.isInteger(interval) && interval >= 1)) throw new DomainError('invalid_input', `recurring cost ${cost.label}: interval must be a whole number ≥ 1`, 'recurringCosts.interval');
  const until = cost.until === undefined ? lastDay : Math.min(lastDay, toDayNumber(cost.until, 'recurringCosts.until'));
  const days: number[] = [];
  if (cost.every === 'month') {
    for (let k = 0; ; k += interval) {
      const day = toDayNumber(addMonths(cost.firstDate, k));
      if (day > until) break;
      if (day >= firstDay) days.push(day);
    }
    return days;
  }
  const step = cost.every === 'week' ? 7 * interval : interval;
  let day = toDayNumber(cost.firstDate, 'recurringCosts.firstDate');
  if (day < firstDay) day += Math.ceil((firstDay - day) / step) * step;
  for (; day <= until; day += step) days.push(day);
  return days;
}

function salesPath(forecast: ChannelSalesForecast, horizon: number, pick: (f: ChannelSalesForecast) => readonly DecimalInput[] | undefined): Decimal[] {
  const values = pick(forecast);
  if (values === undefined) throw new DomainError('invalid_input', `channel ${forecast.channel} has no interval for the requested level`, 'salesForecasts.intervals');
  const out: Decimal[] = new Array<Decimal>(horizon);
  for (let i = 0; i < horizon; i++) {
    const v = values[i];
    const d = v === undefined ? zero : Decimal.isDecimal(v) ? v : decimal(v, `salesForecasts.${forecast.channel}`);
    // A negative lower bound means "no sales", not a refund.
    out[i] = d.isNegative() ? zero : d;
  }
  return out;
}

/**
 * Daily cash projection: opening balance, expected customer receipts (due date + each customer's observed
 * delay), channel payouts of forecast sales (settlement cycles with a reserve, business-day payouts, or
 * invoice terms), supplier invoices on their due dates, open and proposed purchase orders (deposit on order,
 * balance `paymentTermsDays` after receipt), recurring costs and one-off items. Items already due before the
 * start are booked on the first day; items beyond the horizon are ignored.
 *
 * Runway is the number of days before the first negative closing balance. The minimum cash threshold reads
 * the spec's rule "cash runway minimum: 90 days" as: the balance must always cover `minimumRunwayDays` (90) of
 * the projection's average daily outflow.
 *
 * The fan re-runs the sales flows with every channel at the lower, then the upper, bound of each interval
 * level present in all channels. That treats forecast errors as fully correlated across days and channels,
 * so the band is wider (more cautious) than one built from independent daily errors.
 */
export function projectCash(input: CashProjectionInput): CashProjection {
  const horizon = input.horizonDays;
  if (!(Number.isInteger(horizon) && horizon >= 1 && horizon <= 3660)) {
    throw new DomainError('invalid_input', 'horizonDays must be a whole number between 1 and 3660', 'horizonDays');
  }
  const places = minorUnits(input.currency);
  const start = toDayNumber(input.startDate, 'startDate');
  const last = start + horizon - 1;
  const shiftBusinessDays = businessDayShifter(new Set(input.holidays ?? []));
  const base = new FlowGrid(start, horizon);

  const defaultDelay = input.defaultPaymentDelayDays ?? 0;
  const doubtfulAfter = input.doubtfulAfterDaysOverdue ?? 90;
  let doubtful = zero;
  for (const r of input.receivables ?? []) {
    const amount = nonNegativeAmount(r.amount, 'receivables.amount');
    const due = toDayNumber(r.dueDate, 'receivables.dueDate');
    if (start - due > doubtfulAfter) {
      doubtful = doubtful.plus(amount);
      continue;
    }
    base.add('customerReceipts', due + Math.round(input.customerPaymentDelays?.[r.customerId] ?? defaultDelay), amount);
  }
  for (const p of input.payables ?? []) {
    base.add('supplierPayments', toDayNumber(p.dueDate, 'payables.dueDate'), nonNegativeAmount(p.amount, 'payables.amount').negated());
  }
  const includeProposed = input.includeProposedPurchaseOrders ?? true;
  for (const po of input.purchaseOrders ?? []) {
    if (po.status === 'proposed' && !includeProposed) continue;
    if (!(po.paymentTermsDays >= 0)) throw new DomainError('invalid_input', `purchase order ${po.id}: paymentTermsDays must be ≥ 0`, 'purchaseOrders.paymentTermsDays');
    const amount = nonNegativeAmount(po.amount, 'purchaseOrders.amount');
    const deposit = amount.times(decimal(po.depositRate ?? 0, 'purchaseOrders.depositRate')).toDecimalPlaces(places);
    if (!deposit.isZero()) base.add('purchaseOrderPayments', po.orderDate ? toDayNumber(po.orderDate, 'purchaseOrders.orderDate') : start, deposit.negated());
    const balanceDay = toDayNumber(po.expectedReceiptDate, 'purchaseOrders.expectedReceiptDate') + po.paymentTermsDays;
    base.add('purchaseOrderPayments', balanceDay, amount.minus(deposit).negated());
  }
  for (const cost of input.recurringCosts ?? []) {
    const amount = nonNegativeAmount(cost.amount, 'recurringCosts.amount').negated();
    for (const day of recurringDays(cost, start, last)) base.add('recurringCosts', day, amount);
  }
  for (const item of input.oneOffs ?? []) base.add('oneOffs', toDayNumber(item.date, 'oneOffs.date'), decimal(item.amount, 'oneOffs.amount'));

  const forecasts = input.salesForecasts ?? [];
  const salesFlows = (pick: (f: ChannelSalesForecast) => readonly DecimalInput[] | undefined): (Decimal | undefined)[] => {
    const grid = new FlowGrid(start, horizon);
    for (const f of forecasts) addSalesPayouts(grid, f, salesPath(f, horizon, pick), places, shiftBusinessDays);
    return grid.columns.salesPayouts;
  };

  const opening = decimal(input.openingBalance, 'openingBalance');
  const otherNet: Decimal[] = new Array<Decimal>(horizon);
  let totalOutflow = zero;
  for (let i = 0; i < horizon; i++) {
    let net = zero;
    for (const category of ['customerReceipts', 'supplierPayments', 'purchaseOrderPayments', 'recurringCosts', 'oneOffs'] as const) {
      const v = base.columns[category][i];
      if (v === undefined) continue;
      net = net.plus(v);
      if (v.isNegative()) totalOutflow = totalOutflow.minus(v);
    }
    otherNet[i] = net;
  }

  const meanSales = salesFlows((f) => f.mean);
  const days: CashProjectionDay[] = [];
  let balance = opening;
  for (let i = 0; i < horizon; i++) {
    const sales = meanSales[i] ?? zero;
    const net = (otherNet[i] as Decimal).plus(sales);
    const closing = balance.plus(net);
    const column = (c: Category): Decimal => base.columns[c][i] ?? zero;
    days.push({
      date: fromDayNumber(start + i),
      opening: balance,
      customerReceipts: column('customerReceipts'),
      salesPayouts: sales,
      supplierPayments: column('supplierPayments'),
      purchaseOrderPayments: column('purchaseOrderPayments'),
      recurringCosts: column('recurringCosts'),
      oneOffs: column('oneOffs'),
      net,
      closing,
    });
    balance = closing;
  }

  const averageDailyOutflow = totalOutflow.dividedBy(horizon);
  const minimumRunwayDays = input.minimumRunwayDays ?? 90;
  const minimumCash = input.minimumCash !== undefined ? decimal(input.minimumCash, 'minimumCash') : averageDailyOutflow.times(minimumRunwayDays).toDecimalPlaces(places);
  const firstBelow = (path: readonly Decimal[], threshold: Decimal): number => path.findIndex((b) => b.lessThan(threshold));
  const closings = days.map((d) => d.closing);
  const zeroIndex = opening.isNegative() ? 0 : firstBelow(closings, zero);
  const minimumIndex = opening.lessThan(minimumCash) ? 0 : firstBelow(closings, minimumCash);
  let lowest = { date: input.startDate, amount: opening };
  for (const d of days) if (d.closing.lessThan(lowest.amount)) lowest = { date: d.date, amount: d.closing };

  const levels = forecasts.length === 0 ? [] : [...new Set(forecasts.flatMap((f) => (f.intervals ?? []).map((iv) => iv.level)))]
    .filter((level) => forecasts.every((f) => f.intervals?.some((iv) => iv.level === level)))
    .sort((a, b) => a - b);
  const fan = levels.map((level): CashFanBand => {
    const path = (bound: 'lower' | 'upper'): Decimal[] => {
      const flows = salesFlows((f) => f.intervals?.find((iv) => iv.level === level)?.[bound]);
      const out: Decimal[] = new Array<Decimal>(horizon);
      let b = opening;
      for (let i = 0; i < horizon; i++) {
        b = b.plus(otherNet[i] as Decimal).plus(flows[i] ?? zero);
        out[i] = b;
      }
      return out;
    };
    const crossing = (p: readonly Decimal[], threshold: Decimal): IsoDate | null => {
      const index = opening.lessThan(threshold) ? 0 : firstBelow(p, threshold);
      return index < 0 ? null : fromDayNumber(start + index);
    };
    const lower = path('lower');
    const upper = path('upper');
    return {
      level,
      lower,
      upper,
      lowerZeroCrossingDate: crossing(lower, zero),
      lowerMinimumCashCrossingDate: crossing(lower, minimumCash),
      upperZeroCrossingDate: crossing(upper, zero),
      upperMinimumCashCrossingDate: crossing(upper, minimumCash),
    };
  });

  return {
    currency: input.currency,
    days,
    runwayDays: zeroIndex < 0 ? null : zeroIndex,
    zeroCrossingDate: zeroIndex < 0 ? null : fromDayNumber(start + zeroIndex),
    minimumCash,
    minimumCashCrossingDate: minimumIndex < 0 ? null : fromDayNumber(start + minimumIndex),
    isRunwayBelowMinimum: zeroIndex >= 0 && zeroIndex < minimumRunwayDays,
    lowestBalance: lowest,
    endingBalance: balance,
    averageDailyOutflow,
    doubtfulReceivables: doubtful,
    fan,
  };
}
