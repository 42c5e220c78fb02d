/**
 * Solves (G + diag(penalty)) w = b for a symmetric positive (semi)definite G by Cholesky decomposition, adding a
 * tiny jitter to the diagonal when needed. G is p × p row-major.
 */
export function ridgeSolve(G: Float64Array, b: Float64Array, penalty: Float64Array, p: number): Float64Array {
  let jitter = 0;
  for (let attempt = 0; attempt < 8; attempt++) {
    const L = new Float64Array(p * p);
    let ok = true;
    for (let i = 0; i < p && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = G[i * p + j]! + (i === j ? penalty[i]! + jitter : 0);
        for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
        if (i === j) {
          if (!(s > 0)) {
            ok = false;
            break;
          }
          L[i * p + i] = Math.sqrt(s);
        } else {
          L[i * p + j] = s / L[j * p + j]!;
        }
      }
    }
    if (ok) {
      const z = new Float64Array(p);
      for (let i = 0; i < p; i++) {
        let s = b[i]!;
        for (let k = 0; k < i; k++) s -= L[i * p + k]! * z[k]!;
        z[i] = s / L[i * p + i]!;
      }
      const w = new Float64Array(p);
      for (let i = p - 1; i >= 0; i--) {
        let s = z[i]!;
        for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * w[k]!;
        w[i] = s / L[i * p + i]!;
      }
      return w;
    }
    let trace = 0;
    for (let i = 0; i < p; i++) trace += G[i * p + i]!;
    jitter = jitter === 0 ? 1e-10 * Math.max(1, trace / p) : jitter * 100;
  }
  return new Float64Array(p);
}
