/**
 * Numerical kernels for ARMA models on an already differenced series:
 * multiplicative seasonal expansion, the stationarity reparametrisation of Jones (1980)
 * as used by R's `arima`, the exact Gaussian likelihood by the Kalman filter on the
 * Harvey state-space form (Gardner, Harvey & Phillips 1980; Durbin & Koopman 2012, ch. 3.4),
 * and the conditional sum of squares.
 *
 * Conventions (R's): the AR polynomial is 1 − φ₁B − … − φ_pB^p and the MA polynomial
 * 1 + θ₁B + … + θ_qB^q; `phi[i]` is φ_{i+1}, `theta[i]` is θ_{i+1}.
 */

/**
 * Expands φ(B)Φ(B^m) and θ(B)Θ(B^m) into plain lag polynomials (R's `maparams`).
 */
export function expandSeasonal(
  phi: readonly number[],
  theta: readonly number[],
  sPhi: readonly number[],
  sTheta: readonly number[],
  m: number,
): { phi: number[]; theta: number[] } {
  const p = phi.length + sPhi.length * m;
  const q = theta.length + sTheta.length * m;
  const fullPhi = new Array<number>(p).fill(0);
  const fullTheta = new Array<number>(q).fill(0);
  for (let i = 0; i < phi.length; i++) fullPhi[i] = phi[i]!;
  for (let i = 0; i < theta.length; i++) fullTheta[i] = theta[i]!;
  for (let j = 0; j < sPhi.length; j++) {
    const s = sPhi[j]!;
    fullPhi[(j + 1) * m - 1]! += s;
    for (let i = 0; i < phi.length; i++) fullPhi[(j + 1) * m + i]! -= phi[i]! * s;
  }
  for (let j = 0; j < sTheta.length; j++) {
    const s = sTheta[j]!;
    fullTheta[(j + 1) * m - 1]! += s;
    for (let i = 0; i < theta.length; i++) fullTheta[(j + 1) * m + i]! += theta[i]! * s;
  }
  return { phi: fullPhi, theta: fullTheta };
}

/**
 * Maps unconstrained reals to the coefficients of a stationary AR polynomial through
 * partial autocorrelations tanh(raw) and the Durbin–Levinson recursion (Jones 1980; R's `partrans`).
 */
export function arFromUnconstrained(raw: readonly number[]): number[] {
  const p = raw.length;
  const out = raw.map((r) => Math.tanh(r));
  const work = out.slice();
  for (let j = 1; j < p; j++) {
    const a = out[j]!;
    for (let k = 0; k < j; k++) work[k]! -= a * out[j - k - 1]!;
    for (let k = 0; k < j; k++) out[k] = work[k]!;
  }
  return out;
}

/** Inverse of {@link arFromUnconstrained} (R's `invpartrans`); requires a stationary polynomial. */
export function arToUnconstrained(phi: readonly number[]): number[] {
  const p = phi.length;
  const out = phi.slice();
  const work = phi.slice();
  for (let j = p - 1; j > 0; j--) {
    const a = out[j]!;
    for (let k = 0; k < j; k++) work[k] = (out[k]! + a * out[j - k - 1]!) / (1 - a * a);
    for (let k = 0; k < j; k++) out[k] = work[k]!;
  }
  return out.map((v) => Math.atanh(Math.max(-0.999999, Math.min(0.999999, v))));
}

/** ψ-weights ψ₀ … ψ_{count−1} of the causal representation of a (possibly non-stationary) ARMA. */
export function psiWeights(phi: ArrayLike<number>, theta: ArrayLike<number>, count: number): number[] {
  const psi = new Array<number>(count).fill(0);
  if (count > 0) psi[0] = 1;
  for (let j = 1; j < count; j++) {
    let v = j <= theta.length ? theta[j - 1]! : 0;
    const top = Math.min(j, phi.length);
    for (let k = 1; k <= top; k++) v += phi[k - 1]! * psi[j - k]!;
    psi[j] = v;
  }
  return psi;
}

/** Solves A x = b in place by Gaussian elimination with partial pivoting; returns false when singular. */
function solveInPlace(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let c = 0; c < n; c++) {
    let piv = c;
    let best = Math.abs(a[c * n + c]!);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(a[r * n + c]!);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (!(best > 1e-12)) return false;
    if (piv !== c) {
      for (let k = 0; k < n; k++) {
        const t = a[c * n + k]!;
        a[c * n + k] = a[piv * n + k]!;
        a[piv * n + k] = t;
      }
      const t = b[c]!;
      b[c] = b[piv]!;
      b[piv] = t;
    }
    const d = a[c * n + c]!;
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k]! -= f * a[c * n + k]!;
      b[r]! -= f * b[c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r * n + k]! * b[k]!;
    b[r] = s / a[r * n + r]!;
  }
  return true;
}

/**
 * Autocovariances γ(0..maxLag) of a stationary ARMA with unit innovation variance
 * (Brockwell & Davis 1991, §3.3, method 2). Returns null when the AR part is (numerically) not stationary.
 */
export function armaAutocovariance(phi: ArrayLike<number>, theta: ArrayLike<number>, maxLag: number): number[] | null {
  const p = phi.length;
  const q = theta.length;
  const psi = psiWeights(phi, theta, q + 1);
  // rhs[k] = Σ_{j=k..q} θ_j ψ_{j−k}, θ₀ = 1
  const rhsAt = (k: number): number => {
    let s = 0;
    for (let j = k; j <= q; j++) s += (j === 0 ? 1 : theta[j - 1]!) * psi[j - k]!;
    return s;
  };
  const gamma = new Array<number>(Math.max(maxLag, p) + 1).fill(0);
  if (p === 0) {
    for (let k = 0; k < gamma.length; k++) gamma[k] = k <= q ? rhsAt(k) : 0;
  } else {
    const n = p + 1;
    const a = new Float64Array(n * n);
    const b = new Float64Array(n);
    for (let k = 0; k <= p; k++) {
      a[k * n + k]! += 1;
      for (let j = 1; j <= p; j++) a[k * n + Math.abs(k - j)]! -= phi[j - 1]!;
      b[k] = rhsAt(k);
    }
    if (!solveInPlace(a, b, n)) return null;
    for (let k = 0; k <= p; k++) gamma[k] = b[k]!;
    for (let k = p + 1; k < gamma.length; k++) {
      let s = k <= q ? rhsAt(k) : 0;
      for (let j = 1; j <= p; j++) s += phi[j - 1]! * gamma[k - j]!;
      gamma[k] = s;
    }
    if (!(gamma[0]! > 0) || !Number.isFinite(gamma[0]!)) return null;
  }
  return gamma.slice(0, maxLag + 1);
}

/**
 * Stationary covariance P₀ of the Harvey state vector (r = max(p, q+1)) for unit innovation variance,
 * from the ARMA autocovariances and ψ-weights; plays the role of Gardner et al.'s (1980) Q₀.
 * Only the non-zero coefficients are visited, which keeps seasonal models (sparse polynomials) cheap.
 */
export function initialStateCovariance(
  phi: ArrayLike<number>,
  theta: ArrayLike<number>,
  r: number,
  firstRowOnly = false,
): Float64Array | null {
  const gamma = armaAutocovariance(phi, theta, r);
  if (!gamma) return null;
  const psi = psiWeights(phi, theta, r + 1);
  const nzPhi: number[] = []; // 1-based lags
  for (let k = 1; k <= phi.length; k++) if (phi[k - 1] !== 0) nzPhi.push(k);
  const nzTh: number[] = [0]; // lag 0 carries θ₀ = 1
  for (let k = 1; k <= theta.length; k++) if (theta[k - 1] !== 0) nzTh.push(k);
  const th = (k: number): number => (k === 0 ? 1 : theta[k - 1]!);
  const P = new Float64Array(r * r);
  const rows = firstRowOnly ? 1 : r;
  for (let i = 0; i < rows; i++) {
    for (let j = i; j < r; j++) {
      let sum = 0;
      for (const k1 of nzPhi) {
        if (k1 < i + 1) continue;
        const s = k1 - i - 1;
        const f1 = phi[k1 - 1]!;
        for (const k2 of nzPhi) {
          if (k2 < j + 1) continue;
          const u = k2 - j - 1;
          sum += f1 * phi[k2 - 1]! * gamma[Math.abs(s - u)]!;
        }
        for (const k2 of nzTh) {
          if (k2 < j) continue;
          const u = k2 - j;
          if (u >= s + 1) sum += f1 * th(k2) * psi[u - 1 - s]!;
        }
      }
      for (const k1 of nzTh) {
        if (k1 < i) continue;
        const s = k1 - i;
        const t1 = th(k1);
        for (const k2 of nzPhi) {
          if (k2 < j + 1) continue;
          const u = k2 - j - 1;
          if (s >= u + 1) sum += t1 * phi[k2 - 1]! * psi[s - 1 - u]!;
        }
        const k2 = s + j;
        if (k2 <= theta.length) sum += t1 * th(k2);
      }
      P[i * r + j] = sum;
      P[j * r + i] = sum;
    }
  }
  return P;
}

/** Result of a Kalman-filter pass over a zero-mean ARMA series. */
export interface KalmanResult {
  /** Σ v_t² / F_t. */
  readonly ssq: number;
  /** Σ log F_t. */
  readonly sumLog: number;
  /** Number of observations used. */
  readonly nu: number;
  /** One-step innovations v_t = y_t − E[y_t | past] (not standardised). */
  readonly innovations?: number[];
  /** Predicted state a_{n+1|n} after the last observation (for forecasting). */
  readonly state?: number[];
}

/**
 * Exact Gaussian likelihood of a zero-mean ARMA by the Kalman filter on the Harvey form with the
 * covariance propagated by the Chandrasekhar recursions (Morf, Sidhu & Kailath 1974; Harvey 1989, §3.3.4).
 * With the stationary initial covariance P₁ = P₀, the increment P₂ − P₁ = −L₁L₁ᵀ/F₁ has rank one and stays
 * rank one, so each step costs O(r) instead of the O(r²) of the covariance (Riccati) recursion of
 * {@link armaKalmanRiccati}, with the same innovations v_t and variances F_t.
 * `state` is the predicted state a_{n+1|n}.
 */
export function armaKalman(
  y: ArrayLike<number>,
  phi: ArrayLike<number>,
  theta: ArrayLike<number>,
  keep = false,
): KalmanResult | null {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const row = initialStateCovariance(phi, theta, r, true);
  if (!row) return null;
  const n = y.length;
  const phiR = new Float64Array(r);
  for (let i = 0; i < p; i++) phiR[i] = phi[i]!;
  const r1 = r - 1;
  const a = new Float64Array(r);
  const L = new Float64Array(r); // T P_t Zᵀ
  const W = new Float64Array(r);
  let F = row[0]!;
  if (!(F > 0) || !Number.isFinite(F)) return null;
  for (let i = 0; i < r1; i++) L[i] = phiR[i]! * F + row[i + 1]!;
  L[r1] = phiR[r1]! * F;
  W.set(L);
  let M = -1 / F;
  let ssq = 0;
  let sumLog = 0;
  const innovations = keep ? new Array<number>(n) : undefined;
  let settled = false;
  for (let t = 0; t < n; t++) {
    const v = y[t]! - a[0]!;
    ssq += (v * v) / F;
    sumLog += Math.log(F);
    if (innovations) innovations[t] = v;
    const vf = v / F;
    const a0 = a[0]!;
    for (let i = 0; i < r1; i++) a[i] = phiR[i]! * a0 + a[i + 1]! + L[i]! * vf;
    a[r1] = phiR[r1]! * a0 + L[r1]! * vf;
    if (settled) continue;
    const s = W[0]!;
    const ms = M * s;
    const Fnew = F + ms * s;
    if (!(Fnew > 0) || !Number.isFinite(Fnew)) return null;
    const w0 = W[0]!;
    for (let i = 0; i < r1; i++) {
      const u = phiR[i]! * w0 + W[i + 1]!;
      L[i]! += u * ms;
      W[i] = u;
    }
    const uLast = phiR[r1]! * w0;
    L[r1]! += uLast * ms;
    W[r1] = uLast;
    const k = s / Fnew;
    let wMax = 0;
    for (let i = 0; i < r; i++) {
      const wi = W[i]! - L[i]! * k;
      W[i] = wi;
      if (Math.abs(wi) > wMax) wMax = Math.abs(wi);
    }
    M *= Fnew / F;
    // Once the whole rank-one increment M·W·Wᵀ is negligible the filter has reached its steady state.
    if (Math.abs(M) * wMax * wMax < 1e-14 * Fnew) settled = true;
    F = Fnew;
  }
  return { ssq, sumLog, nu: n, ...(innovations ? { innovations } : {}), state: Array.from(a) };
}

/**
 * Reference Kalman filter with the full covariance (Riccati) recursion, as R's `ARIMA_Like` for d = 0
 * (Gardner, Harvey & Phillips 1980); O(r²) per step. Used to check {@link armaKalman}.
 */
export function armaKalmanRiccati(
  y: ArrayLike<number>,
  phi: ArrayLike<number>,
  theta: ArrayLike<number>,
  keep = false,
): KalmanResult | null {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const P0 = initialStateCovariance(phi, theta, r);
  if (!P0) return null;
  const n = y.length;
  const phiR = new Float64Array(r);
  const thR = new Float64Array(r);
  for (let i = 0; i < p; i++) phiR[i] = phi[i]!;
  thR[0] = 1;
  for (let i = 0; i < q; i++) thR[i + 1] = theta[i]!;
  const a = new Float64Array(r);
  const anew = new Float64Array(r);
  const c = new Float64Array(r); // c[i] = P[i+1][0]
  const P = new Float64Array(r * r);
  let Pnew: Float64Array = P0;
  let Pprev: Float64Array = new Float64Array(r * r);
  let converged = false;
  let ssq = 0;
  let sumLog = 0;
  const innovations = keep ? new Array<number>(n) : undefined;
  const r1 = r - 1;
  for (let t = 0; t < n; t++) {
    if (t > 0) {
      const a0 = a[0]!;
      for (let i = 0; i < r1; i++) anew[i] = a[i + 1]! + phiR[i]! * a0;
      anew[r1] = phiR[r1]! * a0;
      if (!converged) {
        // Pnew = T P Tᵀ + R Rᵀ for the companion T (R's ARIMA_Like, d = 0), upper triangle then mirrored.
        const P00 = P[0]!;
        for (let i = 0; i < r1; i++) c[i] = P[(i + 1) * r]!;
        c[r1] = 0;
        const swap = Pprev;
        Pprev = Pnew;
        Pnew = swap;
        let diff = 0;
        for (let i = 0; i < r; i++) {
          const pi = phiR[i]!;
          const ti = thR[i]!;
          const ci = c[i]!;
          const base = i * r;
          const shifted = (i + 1) * r + 1;
          for (let j = i; j < r; j++) {
            const pj = phiR[j]!;
            let v = ti * thR[j]! + pi * (pj * P00 + c[j]!) + pj * ci;
            if (j < r1 && i < r1) v += P[shifted + j]!;
            Pnew[base + j] = v;
            const dd = v - Pprev[base + j]!;
            if (dd > diff) diff = dd;
            else if (-dd > diff) diff = -dd;
          }
        }
        for (let i = 1; i < r; i++) for (let j = 0; j < i; j++) Pnew[i * r + j] = Pnew[j * r + i]!;
        if (t > 1 && diff < 1e-12) converged = true;
      }
    }
    const v = y[t]! - anew[0]!;
    const F = Pnew[0]!;
    if (!(F > 0) || !Number.isFinite(F)) return null;
    ssq += (v * v) / F;
    sumLog += Math.log(F);
    if (innovations) innovations[t] = v;
    const vf = v / F;
    for (let i = 0; i < r; i++) a[i] = anew[i]! + Pnew[i]! * vf;
    if (!converged) {
      for (let i = 0; i < r; i++) {
        const mi = Pnew[i]! / F;
        const base = i * r;
        for (let j = i; j < r; j++) P[base + j] = Pnew[base + j]! - mi * Pnew[j]!;
      }
      for (let i = 1; i < r; i++) for (let j = 0; j < i; j++) P[i * r + j] = P[j * r + i]!;
    }
  }
  const predicted = new Array<number>(r);
  for (let i = 0; i < r; i++) predicted[i] = phiR[i]! * a[0]! + (i < r - 1 ? a[i + 1]! : 0);
  return { ssq, sumLog, nu: n, ...(innovations ? { innovations } : {}), state: predicted };
}

/**
 * Expanded coefficient buffers of a multiplicative ARMA(p,q)(P,Q)_m, filled in place for every trial
 * parameter vector, with the lags that can be non-zero (so the recursions skip the structural zeros).
 */
export interface ArmaStructure {
  readonly phi: Float64Array;
  readonly theta: Float64Array;
  /** 0-based indices k of φ_{k+1} that can be non-zero. */
  readonly arLags: Int32Array;
  readonly maLags: Int32Array;
  fill(phi: ArrayLike<number>, theta: ArrayLike<number>, sPhi: ArrayLike<number>, sTheta: ArrayLike<number>): void;
}

export function armaStructure(p: number, q: number, P: number, Q: number, m: number): ArmaStructure {
  const phi = new Float64Array(p + P * m);
  const theta = new Float64Array(q + Q * m);
  const lags = (a: number, A: number): Int32Array => {
    const set = new Set<number>();
    for (let i = 0; i < a; i++) set.add(i);
    for (let j = 1; j <= A; j++) {
      set.add(j * m - 1);
      for (let i = 0; i < a; i++) set.add(j * m + i);
    }
    return Int32Array.from([...set].sort((x, y) => x - y));
  };
  return {
    phi,
    theta,
    arLags: lags(p, P),
    maLags: lags(q, Q),
    fill(ph, th, sPh, sTh) {
      phi.fill(0);
      theta.fill(0);
      for (let i = 0; i < p; i++) phi[i] = ph[i]!;
      for (let i = 0; i < q; i++) theta[i] = th[i]!;
      for (let j = 0; j < P; j++) {
        const s = sPh[j]!;
        phi[(j + 1) * m - 1]! += s;
        for (let i = 0; i < p; i++) phi[(j + 1) * m + i]! -= ph[i]! * s;
      }
      for (let j = 0; j < Q; j++) {
        const s = sTh[j]!;
        theta[(j + 1) * m - 1]! += s;
        for (let i = 0; i < q; i++) theta[(j + 1) * m + i]! += th[i]! * s;
      }
    },
  };
}

/**
 * Conditional sum of squares (R's `ARIMA_CSS` on a differenced, demeaned series): residuals before
 * ncond = (expanded AR order) are zero and the recursion conditions on them. Writes the residuals into `e`.
 */
export function cssSumOfSquares(x: ArrayLike<number>, s: ArmaStructure, e: Float64Array): { ssq: number; nu: number } {
  const n = x.length;
  const ncond = s.phi.length;
  const { phi, theta, arLags, maLags } = s;
  const na = arLags.length;
  const nm = maLags.length;
  let ssq = 0;
  for (let t = 0; t < ncond && t < n; t++) e[t] = 0;
  for (let t = ncond; t < n; t++) {
    let v = x[t]!;
    for (let j = 0; j < na; j++) {
      const k = arLags[j]!;
      v -= phi[k]! * x[t - k - 1]!;
    }
    for (let j = 0; j < nm; j++) {
      const k = maLags[j]!;
      if (k >= t) break;
      v -= theta[k]! * e[t - k - 1]!;
    }
    e[t] = v;
    ssq += v * v;
  }
  return { ssq, nu: Math.max(0, n - ncond) };
}

/**
 * Gradient of the conditional sum of squares with respect to the expanded coefficients and the mean, by the
 * adjoint of the residual recursion (λ_t = 2e_t − Σ_k θ_k λ_{t+k+1}); needs the residuals `e` of
 * {@link cssSumOfSquares} for the same `x` and coefficients. Costs about two evaluations instead of the
 * 2k of central differences. `gPhi`/`gTheta` receive ∂SS/∂φ_{k+1}, ∂SS/∂θ_{k+1}; returns ∂SS/∂μ for x = w − μ.
 */
export function cssGradient(
  x: ArrayLike<number>,
  s: ArmaStructure,
  e: Float64Array,
  lambda: Float64Array,
  gPhi: Float64Array,
  gTheta: Float64Array,
): number {
  const n = x.length;
  const ncond = s.phi.length;
  const { phi, theta, arLags, maLags } = s;
  const nm = maLags.length;
  for (let t = n - 1; t >= ncond; t--) {
    let l = 2 * e[t]!;
    for (let j = 0; j < nm; j++) {
      const k = maLags[j]!;
      const u = t + k + 1;
      if (u >= n) break;
      l -= theta[k]! * lambda[u]!;
    }
    lambda[t] = l;
  }
  gPhi.fill(0);
  gTheta.fill(0);
  let sumLambda = 0;
  for (let t = ncond; t < n; t++) sumLambda += lambda[t]!;
  for (const k of arLags) {
    let g = 0;
    for (let t = ncond; t < n; t++) g -= lambda[t]! * x[t - k - 1]!;
    gPhi[k] = g;
  }
  for (const k of maLags) {
    let g = 0;
    for (let t = Math.max(ncond, k + 1); t < n; t++) g -= lambda[t]! * e[t - k - 1]!;
    gTheta[k] = g;
  }
  let sumPhi = 0;
  for (const k of arLags) sumPhi += phi[k]!;
  return sumLambda * (sumPhi - 1);
}

/** Chain rule from expanded-lag gradients to the factor parameters φ, Φ (AR, minus signs) or θ, Θ (MA). */
export function factorGradient(
  g: Float64Array,
  nonSeasonal: ArrayLike<number>,
  seasonal: ArrayLike<number>,
  m: number,
  sign: 1 | -1,
): { nonSeasonal: number[]; seasonal: number[] } {
  const p = nonSeasonal.length;
  const P = seasonal.length;
  const ns = new Array<number>(p);
  for (let i = 0; i < p; i++) {
    let v = g[i]!;
    for (let j = 0; j < P; j++) v += sign * seasonal[j]! * g[(j + 1) * m + i]!;
    ns[i] = v;
  }
  const ss = new Array<number>(P);
  for (let j = 0; j < P; j++) {
    let v = g[(j + 1) * m - 1]!;
    for (let i = 0; i < p; i++) v += sign * nonSeasonal[i]! * g[(j + 1) * m + i]!;
    ss[j] = v;
  }
  return { nonSeasonal: ns, seasonal: ss };
}
