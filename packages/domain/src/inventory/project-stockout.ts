import { addDays, toDayNumber, type IsoDate } from '../calendar/utc-date.ts';
import { DomainError, requireNonNegative } from '../domain-error.ts';

export interface StockoutProjectionInput {
  /** Usable stock at the start of `startDate` (on hand − allocated). */
  readonly available: number;
  readonly startDate: IsoDate;
  /** Forecast demand per day, index 0 = `startDate`. */
  readonly dailyForecast: readonly number[];
  /** Scheduled receipts (open purchase orders), available from the start of their date. */
  readonly receipts?: readonly { date: IsoDate; quantity: number }[];
}

export interface StockoutProjection {
  /** First day whose demand cannot be met in full; null if stock lasts the whole forecast. */
  readonly stockoutDate: IsoDate | null;
  /** Days of cover along the forecast, fractional (2.5 = runs out half-way through the third day); null if it never runs out. */
  readonly daysOfCover: number | null;
  /** Projected stock at the end of each forecast day (negative = unmet demand, shown for planning). */
  readonly projectedStock: readonly number[];
}

/** Walks the daily forecast with scheduled receipts and reports when stock runs out. */
export function projectStockout(input: StockoutProjectionInput): StockoutProjection {
  requireNonNegative(input.available, 'available');
  const start = toDayNumber(input.startDate, 'startDate');
  const receiptsByIndex = new Map<number, number>();
  for (const r of input.receipts ?? []) {
    requireNonNegative(r.quantity, 'receipts.quantity');
    const index = Math.max(0, toDayNumber(r.date, 'receipts.date') - start);
    receiptsByIndex.set(index, (receiptsByIndex.get(index) ?? 0) + r.quantity);
  }
  let stock = input.available;
  let stockoutIndex = -1;
  let cover: number | null = null;
  const projectedStock: number[] = [];
  input.dailyForecast.forEach((demand, i) => {
    if (!(Number.isFinite(demand) && demand >= 0)) throw new DomainError('invalid_input', 'dailyForecast values must be ≥ 0', 'dailyForecast');
    stock += receiptsByIndex.get(i) ?? 0;
    if (stockoutIndex < 0 && demand > stock + 1e-9) {
      stockoutIndex = i;
      cover = i + Math.max(0, stock) / demand;
    }
    stock -= demand;
    projectedStock.push(stock);
  });
  return { stockoutDate: stockoutIndex < 0 ? null : addDays(input.startDate, stockoutIndex), daysOfCover: cover, projectedStock };
}

/** Days of cover at a flat average daily demand; null when there is no demand. */
export function daysOfCover(available: number, averageDailyDemand: number): number | null {
  requireNonNegative(available, 'available');
  requireNonNegative(averageDailyDemand, 'averageDailyDemand');
  return averageDailyDemand === 0 ? null : available / averageDailyDemand;
}
