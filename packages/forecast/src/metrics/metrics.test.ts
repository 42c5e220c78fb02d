import { describe, expect, it } from 'vitest';
import { coverage, mae, mape, mase, maseScale, msis, owa, rmse, smape, wape, bias } from './metrics.ts';

describe('metrics on hand-computed values', () => {
  const y = [10, 20, 30];
  const f = [12, 18, 33];
  it('when given a small horizon, then MAE, RMSE, MAPE, sMAPE, WAPE and bias match hand computation', () => {
    expect(mae(y, f)).toBeCloseTo(7 / 3, 12);
    expect(rmse(y, f)).toBeCloseTo(Math.sqrt((4 + 4 + 9) / 3), 12);
    expect(mape(y, f)).toBeCloseTo((100 / 3) * (0.2 + 0.1 + 0.1), 12);
    expect(smape(y, f)).toBeCloseTo((200 / 3) * (2 / 22 + 2 / 38 + 3 / 63), 12);
    expect(wape(y, f)).toBeCloseTo((100 * 7) / 60, 12);
    expect(bias(y, f)).toBeCloseTo(1, 12);
  });
  it('when scaling by seasonal naive, then MASE and MSIS use the lag-m in-sample MAE', () => {
    const train = [1, 2, 4, 3, 5, 7];
    expect(maseScale(train, 2)).toBeCloseTo((3 + 1 + 1 + 4) / 4, 12);
    expect(mase(y, f, train, 2)).toBeCloseTo(7 / 3 / 2.25, 12);
    const lo = [9, 21, 25];
    const hi = [11, 25, 29];
    expect(coverage(y, lo, hi)).toBeCloseTo(1 / 3, 12);
    // widths 2+4+4, penalties 40·(21−20) + 40·(30−29)
    expect(msis(y, lo, hi, train, 2)).toBeCloseTo((10 + 40 + 40) / 3 / 2.25, 12);
  });
  it('when a sMAPE term is 0/0, then it counts as zero', () => {
    expect(smape([0, 10], [0, 10])).toBe(0);
  });
  it('when OWA compares to Naive2, then Naive2 itself scores 1', () => {
    expect(owa(9.161, 2.777, 9.161, 2.777)).toBe(1);
    expect(owa(6.726, 2.133, 9.161, 2.777)).toBeCloseTo(0.751, 3);
  });
});

