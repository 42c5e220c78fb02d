/**
 * Smallest modulus among the roots of c₀ + c₁z + … + c_k z^k (coefficients in ascending order),
 * by the Durand–Kerner (Weierstrass) simultaneous iteration. Trailing coefficients below 1e-8 in
 * magnitude are dropped, as R forecast's root check does; a polynomial of degree 0 has no roots (Infinity).
 */
export function minRootModulus(coefficients: readonly number[]): number {
  let k = coefficients.length - 1;
  while (k > 0 && Math.abs(coefficients[k]!) <= 1e-8) k--;
  if (k <= 0) return Infinity;
  if (k === 1) return Math.abs(coefficients[0]! / coefficients[1]!);
  const lead = coefficients[k]!;
  const a = coefficients.slice(0, k + 1).map((c) => c / lead); // monic, ascending
  const re = new Float64Array(k);
  const im = new Float64Array(k);
  // Starting points on a circle with the Cauchy radius bound, rotated off the axes.
  let radius = 0;
  for (let i = 0; i < k; i++) radius = Math.max(radius, Math.abs(a[i]!) ** (1 / (k - i)));
  radius = Math.max(radius, 1e-3);
  for (let i = 0; i < k; i++) {
    const ang = (2 * Math.PI * i) / k + 0.4;
    re[i] = radius * Math.cos(ang);
    im[i] = radius * Math.sin(ang);
  }
  for (let iter = 0; iter < 500; iter++) {
    let change = 0;
    for (let i = 0; i < k; i++) {
      // p(z_i) by Horner
      let pr = 1;
      let pi = 0;
      for (let j = k - 1; j >= 0; j--) {
        const nr = pr * re[i]! - pi * im[i]! + a[j]!;
        const ni = pr * im[i]! + pi * re[i]!;
        pr = nr;
        pi = ni;
      }
      // Π_{j≠i} (z_i − z_j)
      let dr = 1;
      let di = 0;
      for (let j = 0; j < k; j++) {
        if (j === i) continue;
        const xr = re[i]! - re[j]!;
        const xi = im[i]! - im[j]!;
        const nr = dr * xr - di * xi;
        const ni = dr * xi + di * xr;
        dr = nr;
        di = ni;
      }
      const den = dr * dr + di * di;
      if (den === 0) continue;
      const qr = (pr * dr + pi * di) / den;
      const qi = (pi * dr - pr * di) / den;
      re[i]! -= qr;
      im[i]! -= qi;
      change = Math.max(change, Math.hypot(qr, qi));
    }
    if (change < 1e-12 * Math.max(1, radius)) break;
  }
  let min = Infinity;
  for (let i = 0; i < k; i++) min = Math.min(min, Math.hypot(re[i]!, im[i]!));
  return min;
}
