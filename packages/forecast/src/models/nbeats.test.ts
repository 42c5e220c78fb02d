import { describe, expect, it } from 'vitest';
import { runModelContract } from '../contract-suite/run-model-contract.ts';
import { seededRandom } from '../features/seeded-random.ts';
import { nbeats } from './nbeats.ts';
import {
  initialiseNbeats,
  nbeatsBackward,
  nbeatsBatchBackward,
  nbeatsBatchForward,
  nbeatsBatchWorkspace,
  nbeatsForward,
  nbeatsWorkspace,
} from './nbeats/nbeats-network.ts';

runModelContract(nbeats, {});

describe('N-BEATS network', () => {
  const shape = { input: 6, output: 3, blocks: 3, layers: 2, width: 5 };

  it('when the gradient is checked by central differences, then backward matches it', () => {
    const rng = seededRandom(3);
    const p = initialiseNbeats(shape, rng);
    for (let i = 0; i < p.length; i++) p[i]! += 0.3 * rng.normal();
    const x = Float64Array.from({ length: 6 }, () => rng.normal());
    const c = Float64Array.from([0.3, -1.2, 0.7]);
    const ws = nbeatsWorkspace(shape);
    const loss = (): number => {
      const f = nbeatsForward(shape, p, x, ws);
      return c[0]! * f[0]! + c[1]! * f[1]! + c[2]! * f[2]!;
    };
    loss();
    const g = new Float64Array(p.length);
    nbeatsBackward(shape, p, ws, c, g);
    for (let i = 0; i < p.length; i++) {
      const o = p[i]!;
      p[i] = o + 1e-6;
      const a = loss();
      p[i] = o - 1e-6;
      const b = loss();
      p[i] = o;
      expect(Math.abs((a - b) / 2e-6 - g[i]!)).toBeLessThan(1e-6);
    }
  });

  it('when a batch goes through the batched kernels, then forecasts and gradients equal the window-by-window ones', () => {
    const rng = seededRandom(5);
    const p = initialiseNbeats(shape, rng);
    for (let i = 0; i < p.length; i++) p[i]! += 0.3 * rng.normal();
    const B = 8;
    const X = Float64Array.from({ length: B * 6 }, () => rng.normal());
    const D = Float64Array.from({ length: B * 3 }, () => rng.normal());
    const bw = nbeatsBatchWorkspace(shape, B);
    const F = nbeatsBatchForward(shape, p, X, bw).slice();
    const g1 = new Float64Array(p.length);
    nbeatsBatchBackward(shape, p, bw, D, g1);
    const ws = nbeatsWorkspace(shape);
    const g2 = new Float64Array(p.length);
    for (let s = 0; s < B; s++) {
      const f = nbeatsForward(shape, p, X.subarray(s * 6, s * 6 + 6), ws);
      for (let k = 0; k < 3; k++) expect(f[k]!).toBeCloseTo(F[s * 3 + k]!, 12);
      nbeatsBackward(shape, p, ws, D.subarray(s * 3, s * 3 + 3), g2);
    }
    for (let i = 0; i < p.length; i++) expect(g1[i]!).toBeCloseTo(g2[i]!, 10);
  });
});

describe('nbeats model', () => {
  it('when seasonal series at different levels are pooled, then the forecast carries the season and the level', () => {
    const rng = seededRandom(2);
    const panel = Array.from({ length: 30 }, () => {
      const mu = 100 + 900 * rng.next();
      return { values: Array.from({ length: 72 }, (_, t) => mu * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) * (1 + 0.02 * rng.normal())), period: 12 };
    });
    const fits = nbeats.fitMany!(panel, { seed: 1, horizon: 12, nbeats: { samples: 20_000 } });
    const s = panel[0]!;
    const fc = nbeats.forecast(fits[0]!, { h: 12, levels: [95] });
    const truth = Array.from({ length: 12 }, (_, k) => s.values[60 + k]!);
    const mape = fc.mean.reduce((a, v, k) => a + Math.abs(v - truth[k]!) / truth[k]!, 0) / 12;
    expect(mape).toBeLessThan(0.15);
  });

  it('when rebased on a shorter history, then the networks are kept and the state starts from that history', () => {
    const panel = Array.from({ length: 10 }, (_, i) => ({ values: Array.from({ length: 60 }, (_, t) => 50 + i + t + (t % 3)), period: 1 }));
    const [fit] = nbeats.fitMany!(panel, { seed: 1, horizon: 6 });
    const re = nbeats.rebase!(fit!, { values: panel[0]!.values.slice(0, 40), period: 1 });
    if ('error' in re.state || 'error' in fit!.state) throw new Error('unexpected failed state');
    expect(re.state.network).toBe(fit!.state.network);
    expect(re.state.n).toBe(40);
    expect(re.fitted).toHaveLength(40);
  });
});
