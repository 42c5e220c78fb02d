import { describe, expect, it } from 'vitest';
import { runModelContract } from '../contract-suite/run-model-contract.ts';
import { seededRandom } from '../features/seeded-random.ts';
import { ForecastError, type Fitted, type Series } from '../model.ts';
import { growForest, predictForest } from './random-forest/multi-output-forest.ts';
import { randomForest, type RandomForestSeriesState } from './random-forest.ts';

runModelContract(randomForest, {});

/** AR(1) processes around different levels: y_t − μ = 0.8 (y_{t−1} − μ) + ε, ε ~ N(0, (0.05 μ)²). */
function arPanel(count: number, n: number, seed: number): number[][] {
  const rng = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const mu = 50 + 500 * rng.next();
    const sd = 0.05 * mu;
    const y = [mu, mu];
    for (let t = 2; t < n; t++) y.push(mu + 0.8 * (y[t - 1]! - mu) + sd * rng.normal());
    return y;
  });
}

describe('random forest', () => {
  it('when a multi-output tree set learns y = (sign(x0), x1²), then predictions follow both outputs', () => {
    const rng = seededRandom(1);
    const rows = 2000;
    const X = new Float64Array(rows * 3);
    const Y = new Float64Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      for (let f = 0; f < 3; f++) X[r * 3 + f] = rng.normal();
      Y[r * 2] = X[r * 3]! > 0 ? 1 : -1;
      Y[r * 2 + 1] = X[r * 3 + 1]! ** 2;
    }
    const forest = growForest(X, Y, rows, 3, 2, { trees: 30, mtry: 2, minLeaf: 5, maxDepth: 12, sampleSize: rows, bins: 32 }, rng);
    const out = new Float64Array(2);
    predictForest(forest, [1, 0, 0], out);
    expect(out[0]).toBeGreaterThan(0.8);
    expect(out[1]).toBeLessThan(0.4);
    predictForest(forest, [-1, 2, 0], out);
    expect(out[0]).toBeLessThan(-0.8);
    expect(out[1]).toBeGreaterThan(2.5);
  });

  it('when trained globally on AR(1) series, then one-step and multi-step forecasts beat the series mean', () => {
    const h = 6;
    const full = arPanel(60, 120, 3);
    const series: Series[] = full.map((v) => ({ values: v.slice(0, -h), period: 1 }));
    const fits = randomForest.fitMany!(series, { seed: 1, horizon: h, rf: { window: 24 } });
    let errForest1 = 0;
    let errMean1 = 0;
    let errForest = 0;
    let errMean = 0;
    full.forEach((v, i) => {
      const train = v.slice(0, -h);
      const mean = train.reduce((a, b) => a + b, 0) / train.length;
      const fc = randomForest.forecast(fits[i]!, { h }).mean;
      for (let k = 0; k < h; k++) {
        const e = Math.abs(v[v.length - h + k]! - fc[k]!);
        const em = Math.abs(v[v.length - h + k]! - mean);
        errForest += e;
        errMean += em;
        if (k === 0) {
          errForest1 += e;
          errMean1 += em;
        }
      }
    });
    expect(errForest1).toBeLessThan(0.85 * errMean1);
    expect(errForest).toBeLessThan(errMean);
  });

  it('when fitted with the same seed, then the forest is identical, and with another seed it differs', () => {
    const series: Series[] = arPanel(10, 80, 5).map((v) => ({ values: v, period: 1 }));
    const a = randomForest.fitMany!(series, { seed: 7, rf: { trees: 5 } });
    const b = randomForest.fitMany!(series, { seed: 7, rf: { trees: 5 } });
    const c = randomForest.fitMany!(series, { seed: 8, rf: { trees: 5 } });
    const forestOf = (f: Fitted<unknown>): unknown => (f.state as RandomForestSeriesState).model.forest;
    expect(forestOf(b[3]!)).toEqual(forestOf(a[3]!));
    expect(forestOf(c[3]!)).not.toEqual(forestOf(a[3]!));
  });

  it('when one series of a batch is non-numeric, then the others still fit and only that one throws a typed error', () => {
    const good = arPanel(3, 40, 9);
    const bad = [...good[1]!] as unknown[];
    bad[7] = 'n/a';
    const fits = randomForest.fitMany!([...good, bad as number[]].map((values) => ({ values, period: 1 })), { seed: 1 });
    expect(randomForest.forecast(fits[2]!, { h: 4 }).mean).toHaveLength(4);
    expect(() => randomForest.forecast(fits[3]!, { h: 4 })).toThrow(ForecastError);
  });
});
