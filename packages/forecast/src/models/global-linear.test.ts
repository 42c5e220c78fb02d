import { describe, expect, it } from 'vitest';
import { runModelContract } from '../contract-suite/run-model-contract.ts';
import { seededRandom } from '../features/seeded-random.ts';
import { globalLinear } from './global-linear.ts';

runModelContract(globalLinear, {});

describe('global linear autoregression', () => {
  it('when AR(1) series at different levels are pooled, then the forecast decays towards each level', () => {
    const rng = seededRandom(2);
    const panel = Array.from({ length: 40 }, () => {
      const mu = 100 + 900 * rng.next();
      const y = [mu * 1.2];
      for (let t = 1; t < 80; t++) y.push(mu + 0.7 * (y[t - 1]! - mu) + 0.02 * mu * rng.normal());
      return { values: y, period: 1, mu };
    });
    // the last series ends well above its level: the pooled model must pull it back, not extrapolate
    const last = panel[panel.length - 1]!;
    last.values[79] = last.mu * 1.3;
    const fits = globalLinear.fitMany!(panel, { seed: 1, horizon: 6 });
    const fc = globalLinear.forecast(fits[fits.length - 1]!, { h: 6, levels: [95] });
    expect(fc.mean[0]!).toBeLessThan(last.mu * 1.3);
    expect(fc.mean[5]!).toBeLessThan(fc.mean[0]!);
    expect(Math.abs(fc.mean[5]! - last.mu) / last.mu).toBeLessThan(0.12);
  });

  it('when rebased on a shorter history, then the pooled coefficients are kept and the forecast starts from that history', () => {
    const panel = Array.from({ length: 10 }, (_, i) => ({ values: Array.from({ length: 60 }, (_, t) => 50 + i + t + (t % 3)), period: 1 }));
    const [fit] = globalLinear.fitMany!(panel, { seed: 1 });
    const shorter = { values: panel[0]!.values.slice(0, 40), period: 1 };
    const re = globalLinear.rebase!(fit!, shorter);
    if ('error' in re.state || 'error' in fit!.state) throw new Error('unexpected failed state');
    expect(re.state.model).toBe(fit!.state.model);
    expect(re.state.n).toBe(40);
    expect(re.fitted).toHaveLength(40);
    const fc = globalLinear.forecast(re, { h: 3 });
    // a rising line: the next values continue from the shorter history's end (≈ 90), not from the full one's (≈ 110)
    expect(fc.mean[0]!).toBeGreaterThan(85);
    expect(fc.mean[0]!).toBeLessThan(100);
  });
});
