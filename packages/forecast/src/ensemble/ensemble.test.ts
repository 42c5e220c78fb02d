import { describe, expect, it } from 'vitest';
import { ForecastError } from '../model.ts';
import { contractSeries } from '../contract-suite/run-model-contract.ts';
import { ensembleForecastBatch, implausible, type EnsembleResult } from './ensemble.ts';

const levels = [80, 95];
const members = ['ets', 'theta', 'dotm', 'naive'];

function finite(r: EnsembleResult): boolean {
  return [r.mean, ...r.intervals.flatMap((i) => [i.lower, i.upper])].every((xs) => xs.every(Number.isFinite));
}

describe('ensemble', () => {
  const seasonal = { values: contractSeries(96, 12, 9), period: 12, h: 12 };
  const [res] = ensembleForecastBatch([seasonal], { levels, members, combination: 'weighted' });

  it('when members are backtested, then weights sum to 1, are part of the result, and the mean is their weighted combination', () => {
    if (!res || res instanceof Error) throw res ?? new Error("no result");
    expect(res.method).toBe('weighted');
    const ws = Object.values(res.weights);
    expect(ws.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Object.keys(res.backtest).sort()).toEqual([...members].sort());
    const combo = res.mean.map((_, t) => Object.entries(res.weights).reduce((s, [k, w]) => s + w * (res.members[k]?.[t] ?? 0), 0));
    combo.forEach((v, t) => expect(res.mean[t]).toBeCloseTo(v, 8));
    expect(res.components?.level).toHaveLength(96);
    expect(finite(res)).toBe(true);
  });

  it('when Prophet is a member, then its decomposition (trend, yearly season) comes with the forecast and adds up to its forecast', () => {
    const [r] = ensembleForecastBatch([seasonal], { levels, members: ['theta', 'prophet'], combination: 'family-median' });
    if (!r || r instanceof Error) throw r ?? new Error('no result');
    const pc = r.prophetComponents!;
    expect(pc.model).toMatch(/^prophet/);
    expect(Object.keys(pc.seasonal)).toContain('yearly');
    const length = 96 - pc.start + 12;
    expect(pc.trend).toHaveLength(length);
    for (const v of Object.values(pc.seasonal)) expect(v).toHaveLength(length);
    for (let k = 0; k < 12; k++) {
      const t = 96 - pc.start + k;
      const sum = pc.trend[t]! + Object.values(pc.seasonal).reduce((s, v) => s + v[t]!, 0) + Object.values(pc.regressors).reduce((s, v) => s + v[t]!, 0);
      expect(sum).toBeCloseTo(r.members.prophet![k]!, 6);
    }
    // without Prophet there is none
    if (!res || res instanceof Error) throw res ?? new Error('no result');
    expect(res.prophetComponents).toBeUndefined();
  });

  it('when the series has a promotion regressor, then Prophet learns its lift, the backtest and the forecast use its known future values, and the decomposition shows it', () => {
    // 60 steps of level 100 + noise, a promotion every 8th step lifting demand by 60; the horizon holds two promotions
    const n = 60;
    const h = 8;
    const promo = (t: number) => (t % 8 === 3 ? 1 : 0);
    const base = contractSeries(n + h, 1, 4).map((v) => 100 + (v - 100) * 0.1);
    const all = base.map((v, t) => v + 60 * promo(t));
    const item = { values: all.slice(0, n), period: 1, h, regressors: { 'Spring offer': all.slice(0, n).map((_, t) => promo(t)) }, futureRegressors: { 'Spring offer': Array.from({ length: h }, (_, k) => promo(n + k)) } };
    const [r] = ensembleForecastBatch([item], { levels, members: ['theta', 'prophet'], combination: 'family-median' });
    if (!r || r instanceof Error) throw r ?? new Error('no result');
    expect(r.excluded.prophet).toBeUndefined();
    expect(r.backtest.prophet).toBeDefined();
    const lift = r.prophetComponents!.regressors['Spring offer']!;
    const ahead = lift.slice(-h);
    const promoSteps = ahead.map((_, k) => promo(n + k));
    ahead.forEach((v, k) => (promoSteps[k] === 1 ? expect(v).toBeGreaterThan(40) : expect(Math.abs(v)).toBeLessThan(1e-9)));
    // Prophet's forecast peaks on the promotion steps
    const prophetMean = r.members.prophet!;
    promoSteps.forEach((p, k) => p === 1 && expect(prophetMean[k]!).toBeGreaterThan(prophetMean[(k + 1) % h]! + 40));
  });

  it('when a regressor has no future values or the wrong length, then the series gets a typed error, not a forecast that ignores it', () => {
    const values = contractSeries(40, 1, 5);
    const flags = values.map((_, t) => (t % 5 === 0 ? 1 : 0));
    const [noFuture, short] = ensembleForecastBatch(
      [
        { values, period: 1, h: 4, regressors: { promo: flags } },
        { values, period: 1, h: 4, regressors: { promo: flags.slice(1) }, futureRegressors: { promo: [0, 0, 1, 0] } },
      ],
      { levels, members: ['theta', 'prophet'] },
    );
    expect(noFuture).toBeInstanceOf(ForecastError);
    expect((noFuture as Error).message).toMatch(/promo.*needs 4 future values/);
    expect((short as Error).message).toMatch(/promo.*39 values, the series has 40/);
  });

  it('when a member is more than twice as bad as the best in the backtest, then it gets weight 0', () => {
    if (!res || res instanceof Error) throw res ?? new Error("no result");
    const best = Math.min(...Object.values(res.backtest).map((b) => b.mase));
    for (const [k, b] of Object.entries(res.backtest)) if (b.mase > 2 * best) expect(res.weights[k]).toBe(0);
    // naive cannot follow a strong season: trimmed
    expect(res.backtest.naive!.mase).toBeGreaterThan(2 * best);
    expect(res.weights.naive).toBe(0);
  });

  it('when intervals are produced, then they are nested around the mean', () => {
    if (!res || res instanceof Error) throw res ?? new Error("no result");
    const [i80, i95] = res.intervals;
    res.mean.forEach((m, t) => {
      expect(i95!.lower[t]!).toBeLessThanOrEqual(i80!.lower[t]!);
      expect(i80!.lower[t]!).toBeLessThanOrEqual(m);
      expect(m).toBeLessThanOrEqual(i80!.upper[t]!);
      expect(i80!.upper[t]!).toBeLessThanOrEqual(i95!.upper[t]!);
    });
  });

  it('when the history is shorter than the minimum, then the moving-average fallback is used and said so', () => {
    const [r] = ensembleForecastBatch([{ values: [3, 4, 5, 4], period: 12, h: 6 }], { levels, members });
    if (!r || r instanceof Error) throw r ?? new Error("no result");
    expect(r.method).toBe('fallback');
    expect(r.fallback?.code).toBe('too_short');
    expect(r.mean).toEqual(new Array(6).fill(4));
  });

  it('when demand is intermittent, then the Croston family forecasts it', () => {
    const y = Array.from({ length: 48 }, (_, t) => (t % 3 === 0 ? 5 + (t % 7) : 0));
    const [r] = ensembleForecastBatch([{ values: y, period: 12, h: 6 }], { levels, members });
    if (!r || r instanceof Error) throw r ?? new Error("no result");
    expect(r.method).toBe('intermittent');
    expect(Object.keys(r.weights).sort()).toEqual(['croston', 'sba', 'tsb']);
    expect(finite(r)).toBe(true);
  });

  it('when a value is missing, then a typed ForecastError comes back for that series only', () => {
    const bad = [...seasonal.values];
    bad[5] = NaN;
    const out = ensembleForecastBatch([{ ...seasonal, values: bad }, seasonal], { levels, members });
    expect(out[0]).toBeInstanceOf(ForecastError);
    expect((out[0] as ForecastError).code).toBe('invalid_values');
    expect(out[1]).not.toBeInstanceOf(Error);
  });

  it('when series are constant, all zero, negative or huge, then the results stay finite', () => {
    const cases = [
      new Array<number>(40).fill(7),
      new Array<number>(40).fill(0),
      seasonal.values.map((v) => -v),
      seasonal.values.map((v) => v * 1e13),
    ];
    const out = ensembleForecastBatch(cases.map((values) => ({ values, period: 12, h: 8 })), { levels, members });
    for (const r of out) {
      if (r instanceof Error) expect(r).toBeInstanceOf(ForecastError);
      else expect(finite(r)).toBe(true);
    }
  });

  it('when a member forecast leaves the history range by more than twice that range, then it is flagged implausible', () => {
    const history = [1000, 2500, 4500, 3000];
    expect(implausible(history, [2000, 3000, 34126])).toMatch(/step 3/);
    expect(implausible(history, [2000, -7000])).toMatch(/step 2/);
    expect(implausible(history, [5000, 9000, 11000])).toBeUndefined();
  });
});

describe('ensemble combinations', () => {
  it('when combining by trimmed mean, then each step drops the highest and lowest member and averages the rest', () => {
    const [r] = ensembleForecastBatch([{ values: contractSeries(96, 12, 9), period: 12, h: 6 }], { levels, members, combination: 'trimmed' });
    if (!r || r instanceof Error) throw r ?? new Error('no result');
    expect(r.method).toBe('trimmed');
    r.mean.forEach((v, t) => {
      const xs = Object.values(r.members).map((m) => m[t]!).sort((a, b) => a - b);
      expect(v).toBeCloseTo(xs.slice(1, -1).reduce((a, b) => a + b, 0) / (xs.length - 2), 8);
    });
    expect(finite(r)).toBe(true);
  });
});

describe('ensemble family-median combination', () => {
  it('when theta, otm and dotm are members, then they count as one family (their mean) in the per-step median', () => {
    const series = { values: contractSeries(96, 12, 4), period: 12, h: 6 };
    const names = ['ets', 'theta', 'otm', 'dotm', 'naive', 'snaive'];
    const [res] = ensembleForecastBatch([series], { levels, members: names, combination: 'family-median' });
    if (!res || res instanceof Error) throw res ?? new Error('no result');
    expect(res.method).toBe('family-median');
    res.mean.forEach((v, t) => {
      const m = res.members;
      const thetaFamily = (m.theta![t]! + m.otm![t]! + m.dotm![t]!) / 3;
      // four voices: ets, the theta family, naive, snaive → the mean of the middle two
      const voices = [m.ets![t]!, thetaFamily, m.naive![t]!, m.snaive![t]!].sort((a, b) => a - b);
      expect(v).toBeCloseTo((voices[1]! + voices[2]!) / 2, 8);
    });
    // the reported weights are shares of the vote: a quarter per voice, the Theta variants splitting theirs
    expect(res.weights.ets).toBeCloseTo(1 / 4, 12);
    expect(res.weights.naive).toBeCloseTo(1 / 4, 12);
    for (const k of ['theta', 'otm', 'dotm']) expect(res.weights[k]).toBeCloseTo(1 / 12, 12);
    expect(finite(res)).toBe(true);
  });

  it('when a series is too short for any backtest origin, then an equal-weight rule still combines its members (no median fallback)', () => {
    const short = { values: contractSeries(20, 12, 5), period: 12, h: 12 };
    const [res] = ensembleForecastBatch([short], { levels, members: ['ets', 'theta', 'naive', 'snaive'], combination: 'trimmed' });
    if (!res || res instanceof Error) throw res ?? new Error('no result');
    expect(Object.keys(res.backtest)).toHaveLength(0);
    expect(res.method).toBe('trimmed');
  });
});
