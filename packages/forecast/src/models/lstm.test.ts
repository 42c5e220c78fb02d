import { describe, expect, it } from 'vitest';
import { runModelContract } from '../contract-suite/run-model-contract.ts';
import { seededRandom } from '../features/seeded-random.ts';
import type { Fitted, Series } from '../model.ts';
import { ForecastError } from '../model.ts';
import { lstm, type LstmSeriesState } from './lstm.ts';

runModelContract(lstm);

/** Damped-trend, multiplicatively seasonal series of very different sizes: what a global model must normalise. */
function panel(count: number, n: number, seed: number): number[][] {
  const rng = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const level = 10 ** (1 + 3 * rng.next());
    const slope = (rng.next() - 0.3) * 0.01;
    const amp = 0.1 + 0.3 * rng.next();
    const phase = rng.int(12);
    let noise = 0;
    return Array.from({ length: n }, (_, t) => {
      noise = 0.6 * noise + 0.03 * rng.normal();
      return level * (1 + slope * t) * (1 + amp * Math.sin((2 * Math.PI * (t + phase)) / 12)) * (1 + noise);
    });
  });
}

const networkOf = (f: Fitted<unknown>): LstmSeriesState['network'] => (f.state as LstmSeriesState).network;

const smape = (y: readonly number[], f: readonly number[]): number =>
  (200 / y.length) * y.reduce((a, v, k) => a + Math.abs(v - f[k]!) / (Math.abs(v) + Math.abs(f[k]!)), 0);

describe('lstm (global)', () => {
  it('when trained across 80 seasonal series, then its 12-step forecasts beat seasonal naive on held-out data', () => {
    const h = 12;
    const full = panel(80, 84, 7);
    const series: Series[] = full.map((v) => ({ values: v.slice(0, -h), period: 12 }));
    const fits = lstm.fitMany!(series, { seed: 3, horizon: h, lstm: { samples: 12_000 } });
    let model = 0;
    let snaive = 0;
    full.forEach((v, i) => {
      const actual = v.slice(-h);
      const train = v.slice(0, -h);
      model += smape(actual, lstm.forecast(fits[i]!, { h }).mean);
      snaive += smape(actual, actual.map((_, k) => train[train.length - 12 + (k % 12)]!));
    });
    expect(model).toBeLessThan(0.9 * snaive);
  });

  it('when the horizon exceeds the trained multi-output horizon, then the forecast continues recursively', () => {
    const [values] = panel(1, 60, 9);
    const fit = lstm.fit({ values: values!, period: 12 }, { seed: 1, horizon: 6, lstm: { samples: 2000 } });
    const fc = lstm.forecast(fit, { h: 20, levels: [95] });
    expect(fc.mean).toHaveLength(20);
    expect(fc.mean.every(Number.isFinite)).toBe(true);
    expect(networkOf(fit).horizon).toBe(6);
  });

  it('when seeds differ, then the networks differ (the seed really drives initialisation and sampling)', () => {
    const [values] = panel(1, 60, 11);
    const a = lstm.fit({ values: values!, period: 12 }, { seed: 1, lstm: { samples: 1000 } });
    const b = lstm.fit({ values: values!, period: 12 }, { seed: 2, lstm: { samples: 1000 } });
    expect(networkOf(a).params).not.toEqual(networkOf(b).params);
  });

  it('when one series of a batch has a missing value, then the others still train and only that one throws a typed error', () => {
    const good = panel(3, 48, 13);
    const bad = [...good[0]!];
    bad[5] = NaN;
    const fits = lstm.fitMany!([...good, bad].map((values) => ({ values, period: 12 })), { seed: 1, lstm: { samples: 500 } });
    expect(fits).toHaveLength(4);
    expect(lstm.forecast(fits[0]!, { h: 3 }).mean).toHaveLength(3);
    expect(() => lstm.forecast(fits[3]!, { h: 3 })).toThrow(ForecastError);
    expect(fits[3]!.fitted.every(Number.isFinite)).toBe(true);
  });
});
