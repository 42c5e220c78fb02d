import { describe, expect, it } from 'vitest';
import { naive } from '../models/naive.ts';
import { backtestBatch, robustScale, rollingOrigins } from './backtest.ts';

describe('rolling-origin backtest', () => {
  it('when asking for 3 windows of horizon 4 with step 2, then the origins step back from n − h', () => {
    expect(rollingOrigins(20, { horizon: 4, windows: 3, step: 2 })).toEqual([12, 14, 16]);
    expect(rollingOrigins(20, { horizon: 4, windows: 3 })).toEqual([8, 12, 16]);
    expect(rollingOrigins(10, { horizon: 4, windows: 5, minTrain: 2 })).toEqual([2, 6]);
  });
  it('when the history is too short for some origins, then only the feasible ones remain', () => {
    expect(rollingOrigins(10, { horizon: 4, windows: 5, minTrain: 3 })).toEqual([6]);
    expect(rollingOrigins(3, { horizon: 4, windows: 2 })).toEqual([]);
  });
  it('when backtesting naive on a line, then each window error equals the hand-computed drift error', () => {
    const y = Array.from({ length: 12 }, (_, t) => t + 1);
    const [res] = backtestBatch(naive, [{ values: y, period: 1 }], { horizon: 2, windows: 2 });
    if (!res || res instanceof Error) throw res ?? new Error("no result");
    expect(res.windows.map((w) => w.origin)).toEqual([8, 10]);
    expect(res.windows[1]!.forecast.mean).toEqual([10, 10]);
    // errors 1 and 2 → MAE 1.5, scale (naive in-sample MAE) 1
    expect(res.mase).toBeCloseTo(1.5, 12);
  });
  it('when the seasonal naive scale is zero, then the robust scale falls back to a positive number', () => {
    expect(robustScale([5, 5, 5, 5], 2)).toBe(5);
    expect(robustScale([0, 0, 0], 1)).toBe(1);
  });
});

describe('rolling-origin backtest of a global model with rebase', () => {
  it('when a global model can rebase, then it is trained once, at the earliest origins, and forecasts every origin', async () => {
    const { globalLinear } = await import('../models/global-linear.ts');
    let trainings = 0;
    const lengths: number[][] = [];
    const counting = {
      ...globalLinear,
      fitMany: (series: Parameters<NonNullable<typeof globalLinear.fitMany>>[0], options?: Parameters<typeof globalLinear.fit>[1]) => {
        trainings++;
        lengths.push(series.map((s) => s.values.length));
        return globalLinear.fitMany!(series, options);
      },
    };
    const series = [30, 40, 50].map((n, i) => ({ values: Array.from({ length: n }, (_, t) => 10 + i + t), period: 1 }));
    const res = backtestBatch(counting, series, { horizon: 4, windows: 2 });
    expect(trainings).toBe(1);
    // every series cut at its earliest origin: n − h − step
    expect(lengths).toEqual([[22, 32, 42]]);
    for (const [i, r] of res.entries()) {
      if (r instanceof Error) throw r;
      expect(r.windows.map((w) => w.origin)).toEqual([series[i]!.values.length - 8, series[i]!.values.length - 4]);
    }
  });
});
