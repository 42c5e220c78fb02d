import { describe, expect, it } from 'vitest';
import { runModelContract } from '../contract-suite/run-model-contract.ts';
import { ets, fitEts, forecastEts } from './ets.ts';
import { etsRun } from './ets/ets-core.ts';

runModelContract(ets);
runModelContract(ets, { period: 4, length: 30, h: 8 });

// Saudi Arabian oil production 1996–2013 (fpp2 `oil` window used in FPP2 §7.1).
const oil = [445.36, 453.2, 454.41, 422.38, 456.04, 440.39, 425.19, 486.21, 500.43, 521.28, 508.95, 488.89, 509.87, 456.72, 473.82, 525.95, 549.83, 542.34];

describe('ETS against reference values', () => {
  it('when fitting ANN to the oil data, then α, ℓ₀ and the forecast match R forecast::ses (FPP2 §7.1)', () => {
    const f = fitEts({ values: oil, period: 1 }, { etsModel: 'ANN' });
    expect(f.state.alpha).toBeCloseTo(0.8339, 2);
    expect(f.state.components.level.length).toBe(oil.length);
    const fc = forecastEts(f, { h: 3, levels: [80, 95] });
    expect(fc.mean[0]).toBeCloseTo(542.68, 0);
  });

  it('when running ANN by hand, then the recursion is simple exponential smoothing', () => {
    const y = [10, 12, 11, 13];
    const r = etsRun(y, { error: 'A', trend: 'N', damped: false, season: 'N' }, { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, { level: 10, slope: 0, season: [] }, 1);
    // levels 10 → 11 → 11 → 12; errors 0, 2, 0, 2
    expect(r.level).toBeCloseTo(12, 12);
    expect(r.sse).toBeCloseTo(8, 12);
    expect(r.lik).toBeCloseTo(4 * Math.log(8), 12);
  });

  it('when the model is AAN, then the interval variance is σ²[1 + (h−1){α² + αβh + β²h(2h−1)/6}] (Hyndman et al. 2008, Table 6.1)', () => {
    const y = Array.from({ length: 40 }, (_, t) => 50 + 2 * t + ((t * 7919) % 13) - 6);
    const f = fitEts({ values: y, period: 1 }, { etsModel: 'AAN' });
    const { alpha: a, beta: b, sigma2 } = f.state;
    const fc = forecastEts(f, { h: 6, levels: [95] });
    for (let h = 1; h <= 6; h++) {
      const v = sigma2 * (1 + (h - 1) * (a * a + a * b * h + (b * b * h * (2 * h - 1)) / 6));
      expect(fc.intervals[0]!.upper[h - 1]! - fc.mean[h - 1]!).toBeCloseTo(1.959963984540054 * Math.sqrt(v), 8);
    }
  });

  it('when the model is MNN, then the variance is ℓ²[(1+σ²)(1+α²σ²)^{h−1} − 1] (class 2)', () => {
    const f = fitEts({ values: oil, period: 1 }, { etsModel: 'MNN' });
    const { alpha: a, sigma2: s2, level: l } = f.state;
    const fc = forecastEts(f, { h: 5, levels: [80] });
    for (let h = 1; h <= 5; h++) {
      const v = l * l * ((1 + s2) * (1 + a * a * s2) ** (h - 1) - 1);
      expect(fc.intervals[0]!.upper[h - 1]! - fc.mean[h - 1]!).toBeCloseTo(1.2815515655446004 * Math.sqrt(v), 8);
    }
  });

  it('when the data have strong multiplicative seasonality and trend, then automatic selection picks a seasonal model', () => {
    const s = [0.8, 0.9, 1.0, 1.1, 1.3, 1.2, 1.0, 0.9, 0.85, 0.95, 1.05, 0.95];
    const y = Array.from({ length: 96 }, (_, t) => (100 + 2 * t) * s[t % 12]! * (1 + 0.01 * Math.sin(t * 1.7)));
    const f = fitEts({ values: y, period: 12 });
    expect(f.state.season).not.toBe('N');
    const fc = forecastEts(f, { h: 12, levels: [95] });
    fc.mean.forEach((v, i) => expect(Math.abs(v / ((100 + 2 * (96 + i)) * s[i % 12]!) - 1)).toBeLessThan(0.05));
  });
});

describe('ETS Akaike-weighted combination (Kolassa 2011)', () => {
  const y = Array.from({ length: 60 }, (_, t) => 200 + 1.5 * t + 12 * Math.sin((2 * Math.PI * t) / 12) + 9 * Math.sin(t * 2.3));

  it('when several candidates fit comparably, then the forecast is their weighted mean, weights ∝ exp(−ΔAICc/2) summing to one, the selected model among them', () => {
    const f = fitEts({ values: y, period: 12 });
    const mix = f.state.mixture!;
    expect(mix.length).toBeGreaterThan(1);
    expect(mix.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 12);
    const top = mix.reduce((a, c) => (c.weight > a.weight ? c : a));
    expect(top.spec).toBe(f.state.spec);
    const fc = forecastEts(f, { h: 6, levels: [80, 95] });
    const parts = mix.map((c) => forecastEts(fitEts({ values: y, period: 12 }, { etsModel: c.spec }), { h: 6, levels: [80] }).mean);
    // each candidate refitted alone gives the same parameters (same start, same optimiser), so the mean is reproducible from them
    for (let i = 0; i < 6; i++) expect(fc.mean[i]).toBeCloseTo(mix.reduce((a, c, j) => a + c.weight * parts[j]![i]!, 0), 6);
  });

  it('when combining, then every interval contains the mean and the 80 % interval lies inside the 95 %', () => {
    const fc = forecastEts(fitEts({ values: y, period: 12 }), { h: 12, levels: [80, 95] });
    const [i80, i95] = fc.intervals;
    fc.mean.forEach((m, i) => {
      expect(i80!.lower[i]!).toBeLessThanOrEqual(m);
      expect(i80!.upper[i]!).toBeGreaterThanOrEqual(m);
      expect(i95!.lower[i]!).toBeLessThan(i80!.lower[i]!);
      expect(i95!.upper[i]!).toBeGreaterThan(i80!.upper[i]!);
    });
  });

  it('when the combination is switched off, then the forecast is the selected model alone', () => {
    const f = fitEts({ values: y, period: 12 }, { etsCombine: false });
    expect(f.state.mixture).toBeUndefined();
    const alone = forecastEts(fitEts({ values: y, period: 12 }, { etsModel: f.state.spec }), { h: 6, levels: [95] });
    expect(forecastEts(f, { h: 6, levels: [95] }).mean).toEqual(alone.mean);
  });

  it('when a backtest refits the model, then it keeps the combined candidates and re-weights them', () => {
    const f = ets.fit({ values: y, period: 12 });
    const opts = ets.refitOptions!(f);
    expect(opts['etsModels']).toEqual(f.state.mixture!.map((c) => c.spec));
    const g = ets.fit({ values: y.slice(0, 48), period: 12 }, opts);
    expect(new Set(g.state.mixture?.map((c) => c.spec) ?? [g.state.spec]).size).toBeGreaterThan(0);
    for (const c of g.state.mixture ?? []) expect(opts['etsModels']).toContain(c.spec);
  });
});

