import { ridgeSolve } from './ridge-solve.ts';

/** Prior on one coefficient: normal(0, scale) or Laplace(0, scale). */
export interface CoefficientPrior {
  readonly kind: 'normal' | 'laplace';
  readonly scale: number;
}

export interface MapResult {
  readonly weights: Float64Array;
  /** Residual variance σ² (MAP under a half-normal(0, 0.5) prior on σ, as Prophet). */
  readonly sigma2: number;
}

/**
 * Maximum a posteriori linear fit: minimises RSS/(2σ²) + n·log σ + σ²/(2·0.5²) + Σ priors over weights and σ.
 * Normal priors are ridge terms; each Laplace prior |w|/b is majorised by w²/(2b|w_prev|) and re-solved
 * (iteratively reweighted ridge, the local quadratic approximation of Fan & Li 2001), which converges to the L1
 * (lasso-type) solution; σ² has the closed form (−n + √(n² + 16·RSS)) / 8 given the weights.
 */
export function mapFit(rows: readonly Float64Array[], target: readonly number[], priors: readonly CoefficientPrior[], start?: { weights: Float64Array; sigma2: number }, maxIterations = 60): MapResult {
  const n = rows.length;
  const p = priors.length;
  const G = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    const yi = target[i]!;
    for (let a = 0; a < p; a++) {
      const ra = row[a]!;
      if (ra === 0) continue;
      b[a]! += ra * yi;
      for (let c = 0; c < p; c++) G[a * p + c]! += ra * row[c]!;
    }
  }
  let sigma2 = start?.sigma2 ?? 0;
  if (!start) {
    let mean = 0;
    for (const v of target) mean += v;
    mean /= Math.max(1, n);
    for (const v of target) sigma2 += (v - mean) ** 2;
    sigma2 = (Math.max(sigma2 / Math.max(1, n), 1e-12)) * 0.25;
  }
  let w: Float64Array = start ? start.weights.slice() : new Float64Array(p);
  const prev = new Float64Array(p);
  for (let a = 0; a < p; a++) prev[a] = start ? Math.abs(start.weights[a]!) : priors[a]!.scale;
  const penalty = new Float64Array(p);
  const eps = 1e-6;
  for (let iter = 0; iter < maxIterations; iter++) {
    const s2 = Math.max(sigma2, 1e-14);
    for (let a = 0; a < p; a++) {
      const prior = priors[a]!;
      penalty[a] = prior.kind === 'normal' ? s2 / prior.scale ** 2 : s2 / (prior.scale * Math.max(prev[a]!, eps));
    }
    const next = ridgeSolve(G, b, penalty, p);
    let rss = 0;
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      let f = 0;
      for (let a = 0; a < p; a++) f += row[a]! * next[a]!;
      rss += (target[i]! - f) ** 2;
    }
    let change = 0;
    for (let a = 0; a < p; a++) {
      change = Math.max(change, Math.abs(next[a]! - w[a]!));
      prev[a] = Math.abs(next[a]!);
    }
    w = next;
    sigma2 = (-n + Math.sqrt(n * n + 16 * rss)) / 8;
    if (iter > 2 && change < 1e-6) break;
  }
  return { weights: w, sigma2 };
}
