import { boxCox, guerreroLambda, invBoxCox } from '../math/box-cox.ts';
import { loessSmooth, stl } from '../models/arima/stl.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * Box–Cox and loess-based decomposition with a moving block bootstrap (BLD-MBB) of Bergmeir, Hyndman & Benítez
 * (2016), "Bagging exponential smoothing methods using STL decomposition and Box–Cox transformation", IJF 32(2),
 * as R forecast's `bld.mbb.bootstrap`: the series is Box–Cox transformed (λ by Guerrero in [0, 1]), split by STL
 * (periodic season) into season + trend + remainder, or by a loess trend when it is not seasonal or shorter than
 * two seasons, and each bootstrap series is trend + season + a moving block bootstrap of the remainder (blocks of
 * 2m, or min(8, n/2) without a season), transformed back. The first series returned is the original.
 */
export function bldMbbBootstrap(values: readonly number[], period: number, count: number, rng: SeededRandom): number[][] {
  const out: number[][] = [values.slice()];
  const n = values.length;
  if (count <= 1 || n < 4) return out;
  const m = Math.round(period);
  const lambda = guerreroLambda(values, m);
  const x = lambda === 1 ? values.slice() : boxCox(values, lambda);
  let base: number[];
  let remainder: number[];
  if (m > 1 && n > 2 * m) {
    const d = stl(x, m, 10 * n + 1);
    base = d.trend.map((t, i) => t + d.seasonal[i]!);
    remainder = d.remainder;
  } else {
    base = loessSmooth(x, Math.min(n, 6), 1);
    remainder = x.map((v, i) => v - base[i]!);
  }
  const block = Math.min(n, m > 1 ? 2 * m : Math.min(8, Math.floor(n / 2)));
  for (let b = 1; b < count; b++) {
    const blocks = Math.floor(n / block) + 2;
    const buf = new Array<number>(blocks * block);
    for (let i = 0; i < blocks; i++) {
      const c = rng.int(n - block + 1);
      for (let j = 0; j < block; j++) buf[i * block + j] = remainder[c + j]!;
    }
    const start = rng.int(block);
    const series = base.map((v, i) => v + buf[start + i]!);
    out.push(lambda === 1 ? series : invBoxCox(series, lambda));
  }
  return out;
}
