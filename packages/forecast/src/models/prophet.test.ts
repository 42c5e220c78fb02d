import { describe, expect, it } from 'vitest';
import { runModelContract } from '../contract-suite/run-model-contract.ts';
import { seededRandom } from '../features/seeded-random.ts';
import { ForecastError } from '../model.ts';
import { changepointTimes, piecewiseTrend, seasonalitiesFor } from './prophet/prophet-design.ts';
import { prophet, prophetComponents } from './prophet.ts';

runModelContract(prophet);

/** 120 months: trend 100 + 2t, slope changing to −1 at t = 60; yearly wave of amplitude 15; N(0, 1) noise. */
function synthetic(seed = 1): { values: number[]; trend: number[]; season: number[] } {
  const rng = seededRandom(seed);
  const trend = Array.from({ length: 120 }, (_, t) => (t < 60 ? 100 + 2 * t : 220 - (t - 60)));
  const season = Array.from({ length: 120 }, (_, t) => 15 * Math.sin((2 * Math.PI * t) / 12) + 5 * Math.cos((4 * Math.PI * t) / 12));
  return { values: trend.map((v, t) => v + season[t]! + rng.normal()), trend, season };
}

describe('prophet', () => {
  it('when the data are a known piecewise-linear trend plus yearly seasonality, then the fit recovers both', () => {
    const { values, trend, season } = synthetic();
    const fit = prophet.fit({ values, period: 12 }, { prophet: { seasonalityMode: 'additive', changepointPriorScale: 0.05 } });
    const c = fit.state.components;
    const maxTrendErr = Math.max(...trend.map((v, t) => Math.abs(v - c.trend[t]!)));
    const maxSeasonErr = Math.max(...season.map((v, t) => Math.abs(v - c.seasonal.yearly![t]!)));
    expect(maxTrendErr).toBeLessThan(3);
    expect(maxSeasonErr).toBeLessThan(1.5);
    // the largest rate change sits next to the true changepoint (t = 60 of 0..119) and is ≈ −3 per month
    const st = fit.state;
    let best = 0;
    for (let j = 1; j < st.deltas.length; j++) if (Math.abs(st.deltas[j]!) > Math.abs(st.deltas[best]!)) best = j;
    expect(Math.abs(st.changepoints[best]! * 119 - 60)).toBeLessThanOrEqual(5);
    const totalChange = (st.deltas.reduce((a, d) => a + d, 0) * st.yScale) / 119;
    expect(totalChange).toBeCloseTo(-3, 0);
    expect(st.sigma * st.yScale).toBeGreaterThan(0.6);
    expect(st.sigma * st.yScale).toBeLessThan(1.4);
    // residual sd close to the noise sd
    const sd = Math.sqrt(fit.residuals.reduce((a, r) => a + r * r, 0) / fit.residuals.length);
    expect(sd).toBeLessThan(1.3);
  });

  it('when forecasting the synthetic series, then the trend continues at the last slope and the components sum to the mean', () => {
    const { values } = synthetic(2);
    const fit = prophet.fit({ values, period: 12 }, { prophet: { seasonalityMode: 'additive', changepointPriorScale: 0.05 } });
    const fc = prophet.forecast(fit, { h: 12, levels: [80, 95] });
    const comps = prophetComponents(fit, { h: 12 });
    for (let k = 0; k < 12; k++) {
      const t = 120 + k;
      const truth = 220 - (t - 60) + 15 * Math.sin((2 * Math.PI * t) / 12) + 5 * Math.cos((4 * Math.PI * t) / 12);
      expect(Math.abs(fc.mean[k]! - truth)).toBeLessThan(4);
      expect(comps.trend[k]! + comps.seasonal.yearly![k]!).toBeCloseTo(fc.mean[k]!, 8);
    }
    // 95 % band roughly ±2σ at step 1 (trend uncertainty is small there)
    const width = fc.intervals[1]!.upper[0]! - fc.intervals[1]!.lower[0]!;
    expect(width).toBeGreaterThan(2.5);
    expect(width).toBeLessThan(6);
  });

  it('when a promotion regressor lifts sales by 40, then its coefficient is recovered and future promotions raise the forecast', () => {
    const rng = seededRandom(3);
    const promo = Array.from({ length: 96 }, (_, t) => (t % 9 === 4 ? 1 : 0));
    const values = promo.map((p, t) => 200 + 0.5 * t + 20 * Math.sin((2 * Math.PI * t) / 12) + 40 * p + 2 * rng.normal());
    const fit = prophet.fit({ values, period: 12, regressors: { promotion: promo } }, { prophet: { seasonalityMode: 'additive' } });
    const lift = fit.state.regressors[0]!.beta * fit.state.yScale;
    expect(lift).toBeGreaterThan(37);
    expect(lift).toBeLessThan(43);
    const future = [0, 1, 0, 0, 1, 0];
    const fc = prophet.forecast(fit, { h: 6, futureRegressors: { promotion: future } });
    const comps = prophetComponents(fit, { h: 6, futureRegressors: { promotion: future } });
    expect(comps.regressors.promotion![1]).toBeCloseTo(lift, 6);
    expect(comps.regressors.promotion![0]).toBe(0);
    expect(fc.mean[1]! - (comps.trend[1]! + comps.seasonal.yearly![1]!)).toBeCloseTo(lift, 6);
    expect(() => prophet.forecast(fit, { h: 6 })).toThrow(ForecastError);
  });

  it('when a regressor is the share of each period an event covers, then periods without the event get no contribution and the lift scales with the share', () => {
    const rng = seededRandom(5);
    // a 1–3 day sale in some weeks: share 1/7–3/7, lifting sales by 70 units per day of sale
    const share = Array.from({ length: 104 }, (_, t) => (t % 8 === 2 ? ((t % 3) + 1) / 7 : 0));
    const values = share.map((s, t) => 300 + t + 7 * 70 * s + 3 * rng.normal());
    const fit = prophet.fit({ values, period: 1, regressors: { 'Flash sale': share } }, { prophet: { seasonalityMode: 'additive' } });
    const future = [0, 3 / 7, 0, 1 / 7];
    const comps = prophetComponents(fit, { h: 4, futureRegressors: { 'Flash sale': future } });
    const lift = comps.regressors['Flash sale']!;
    expect(lift[0]).toBe(0);
    expect(lift[2]).toBe(0);
    expect(lift[1]).toBeGreaterThan(190);
    expect(lift[1]).toBeLessThan(230);
    expect(lift[1]! / lift[3]!).toBeCloseTo(3, 6);
    expect(fit.state.components.regressors['Flash sale']!.filter((v, t) => share[t] === 0).every((v) => v === 0)).toBe(true);
  });

  it('when the data are positive with seasonality growing with the level, then multiplicative mode fits better than additive', () => {
    const rng = seededRandom(4);
    const values = Array.from({ length: 96 }, (_, t) => (50 + 3 * t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) * (1 + 0.01 * rng.normal()));
    const rss = (mode: 'additive' | 'multiplicative'): number =>
      prophet.fit({ values, period: 12 }, { prophet: { seasonalityMode: mode, changepointPriorScale: 0.05 } }).residuals.reduce((a, r) => a + r * r, 0);
    expect(rss('multiplicative')).toBeLessThan(0.25 * rss('additive'));
  });

  it('when choosing seasonalities, then the period decides them as Prophet would', () => {
    expect(seasonalitiesFor(12, 48)).toEqual([{ name: 'yearly', period: 12, order: 6 }]);
    expect(seasonalitiesFor(52, 200)[0]!.period).toBeCloseTo(52.1786, 3);
    expect(seasonalitiesFor(7, 800).map((s) => [s.name, s.order])).toEqual([['weekly', 3], ['yearly', 10]]);
    expect(seasonalitiesFor(7, 100).map((s) => s.name)).toEqual(['weekly']);
    expect(seasonalitiesFor(1, 100)).toEqual([]);
    expect(seasonalitiesFor(12, 20)).toEqual([]);
    expect(seasonalitiesFor(12, 48, { yearly: 3 })[0]!.order).toBe(3);
  });

  it('when placing changepoints, then 25 sit uniformly in the first 80 % of the history', () => {
    const cps = changepointTimes(101, 25, 0.8);
    expect(cps).toHaveLength(25);
    expect(cps[24]).toBeCloseTo(79 / 100, 10);
    expect(cps[0]!).toBeGreaterThan(0);
    expect(piecewiseTrend(0.5, 1, 2, [0.25], [-1])).toBeCloseTo(1 * 0.5 + 2 - 0.25, 12);
  });

  it('when the history is longer than maxHistory, then only the recent window is fitted and earlier fitted values equal the actuals', () => {
    const values = Array.from({ length: 400 }, (_, t) => (t < 300 ? 100 + t : 400 - 2 * (t - 300)) + 5 * Math.sin((2 * Math.PI * t) / 12));
    const fit = prophet.fit({ values, period: 12 }, { prophet: { maxHistory: 80, changepointPriorScale: 0.05, seasonalityMode: 'additive' } });
    expect(fit.state.historyOffset).toBe(320);
    expect(fit.state.n).toBe(80);
    expect(fit.fitted).toHaveLength(400);
    expect(fit.fitted.slice(0, 320)).toEqual(values.slice(0, 320));
    expect(fit.state.components.trend).toHaveLength(80);
    // the recent downward slope (−2 per step) is what the forecast follows
    const fc = prophet.forecast(fit, { h: 12 }).mean;
    expect(fc[11]! - fc[0]!).toBeLessThan(-15);
  });
});

describe('prophet refit with the selected prior scale (backtests)', () => {
  it('when refitted with refitOptions, then τ and growth are kept and the result equals a fit with that τ', () => {
    const { values } = synthetic(3);
    const full = prophet.fit({ values, period: 12 }, { seed: 2 });
    const options = prophet.refitOptions!(full);
    const shorter = { values: values.slice(0, 96), period: 12 };
    const refit = prophet.fit(shorter, options);
    expect(refit.state.changepointPriorScale).toBe(full.state.changepointPriorScale);
    expect(refit.state.growth).toBe(full.state.growth);
    const direct = prophet.fit(shorter, { seed: 2, prophet: { changepointPriorScale: full.state.changepointPriorScale } });
    expect(prophet.forecast(refit, { h: 6, levels: [80] })).toEqual(prophet.forecast(direct, { h: 6, levels: [80] }));
  });
});
