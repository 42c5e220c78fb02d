import type { SeededRandom } from '../../features/seeded-random.ts';

/**
 * Random forest of multi-output regression trees (Breiman 2001; CART of Breiman, Friedman, Olshen & Stone 1984,
 * multi-output variance criterion as in Segal 1992): each tree grows on a bootstrap sample, each split considers a
 * random subset of features and maximises the reduction of the summed squared error over all outputs, each leaf
 * predicts the mean output vector. Candidate thresholds are feature quantiles (histogram splitting, as in
 * LightGBM), which keeps growing linear in the sample size.
 */
export interface ForestOptions {
  readonly trees: number;
  /** Features tried per split. */
  readonly mtry: number;
  readonly minLeaf: number;
  readonly maxDepth: number;
  /** Rows drawn (with replacement) per tree. */
  readonly sampleSize: number;
  /** Candidate thresholds per feature (≤ 255). */
  readonly bins: number;
}

/** One tree in flat arrays; a node is a leaf when feature = −1, and then `left` indexes its output row in `values`. */
export interface SerialisedTree {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  /** Leaf outputs, `outputs` numbers per leaf. */
  readonly values: number[];
}

export interface SerialisedForest {
  readonly features: number;
  readonly outputs: number;
  readonly trees: SerialisedTree[];
}

/** Quantile thresholds per feature from (a sample of) the rows. */
function binEdges(X: Float64Array, rows: number, F: number, bins: number, rng: SeededRandom): number[][] {
  const sampleRows = Math.min(rows, 5000);
  const picks = Array.from({ length: sampleRows }, () => rng.int(rows));
  const edges: number[][] = [];
  for (let f = 0; f < F; f++) {
    const vals = picks.map((r) => X[r * F + f]!).sort((a, b) => a - b);
    const e: number[] = [];
    for (let b = 1; b < bins; b++) {
      const v = vals[Math.floor((b * vals.length) / bins)]!;
      if (e.length === 0 || v > e[e.length - 1]!) e.push(v);
    }
    edges.push(e);
  }
  return edges;
}

function binCode(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Leaf outputs are normalised (relative to the window's mean absolute level), so 1e-5 resolution is far below
 * any forecast error and keeps the serialised trees about three times shorter.
 */
const round5 = (v: number): number => Math.round(v * 1e5) / 1e5 + 0;

/** Grows the forest on X (rows × F) and Y (rows × O), both row-major. */
export function growForest(X: Float64Array, Y: Float64Array, rows: number, F: number, O: number, opts: ForestOptions, rng: SeededRandom): SerialisedForest {
  const edges = binEdges(X, rows, F, opts.bins, rng);
  const codes = new Uint8Array(rows * F);
  for (let r = 0; r < rows; r++) for (let f = 0; f < F; f++) codes[r * F + f] = binCode(edges[f]!, X[r * F + f]!);
  const maxBins = opts.bins;
  const histCount = new Float64Array(maxBins);
  const histSum = new Float64Array(maxBins * O);
  const leftSum = new Float64Array(O);
  const total = new Float64Array(O);
  const trees: SerialisedTree[] = [];
  const featureOrder = Array.from({ length: F }, (_, f) => f);

  for (let tIdx = 0; tIdx < opts.trees; tIdx++) {
    const idx = new Int32Array(opts.sampleSize);
    for (let i = 0; i < idx.length; i++) idx[i] = rng.int(rows);
    const tree = { feature: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[], values: [] as number[] };
    const stack: { node: number; start: number; end: number; depth: number }[] = [];
    const newNode = (): number => {
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      return tree.feature.length - 1;
    };
    stack.push({ node: newNode(), start: 0, end: idx.length, depth: 0 });
    while (stack.length > 0) {
      const { node, start, end, depth } = stack.pop()!;
      const n = end - start;
      total.fill(0);
      for (let i = start; i < end; i++) {
        const r = idx[i]!;
        for (let o = 0; o < O; o++) total[o]! += Y[r * O + o]!;
      }
      const makeLeaf = (): void => {
        tree.left[node] = tree.values.length / O;
        for (let o = 0; o < O; o++) tree.values.push(round5(total[o]! / n));
      };
      if (n < 2 * opts.minLeaf || depth >= opts.maxDepth) {
        makeLeaf();
        continue;
      }
      let parentScore = 0;
      for (let o = 0; o < O; o++) parentScore += (total[o]! * total[o]!) / n;
      let bestGain = 1e-12;
      let bestFeature = -1;
      let bestBin = -1;
      // partial Fisher–Yates: the first mtry entries become this node's random feature subset
      for (let j = 0; j < opts.mtry && j < F; j++) {
        const k = j + rng.int(F - j);
        const tmp = featureOrder[j]!;
        featureOrder[j] = featureOrder[k]!;
        featureOrder[k] = tmp;
      }
      for (let j = 0; j < Math.min(opts.mtry, F); j++) {
        const f = featureOrder[j]!;
        const nb = edges[f]!.length + 1;
        if (nb < 2) continue;
        histCount.fill(0, 0, nb);
        histSum.fill(0, 0, nb * O);
        for (let i = start; i < end; i++) {
          const r = idx[i]!;
          const b = codes[r * F + f]!;
          histCount[b]! += 1;
          const hb = b * O;
          const yr = r * O;
          for (let o = 0; o < O; o++) histSum[hb + o]! += Y[yr + o]!;
        }
        leftSum.fill(0);
        let nLeft = 0;
        for (let b = 0; b < nb - 1; b++) {
          const c = histCount[b]!;
          if (c === 0) continue;
          nLeft += c;
          for (let o = 0; o < O; o++) leftSum[o]! += histSum[b * O + o]!;
          const nRight = n - nLeft;
          if (nLeft < opts.minLeaf) continue;
          if (nRight < opts.minLeaf) break;
          let score = 0;
          for (let o = 0; o < O; o++) {
            const l = leftSum[o]!;
            const rr = total[o]! - l;
            score += (l * l) / nLeft + (rr * rr) / nRight;
          }
          const gain = score - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestFeature = f;
            bestBin = b;
          }
        }
      }
      if (bestFeature < 0) {
        makeLeaf();
        continue;
      }
      // partition idx[start, end) by bin ≤ bestBin
      let i = start;
      let k = end - 1;
      while (i <= k) {
        if (codes[idx[i]! * F + bestFeature]! <= bestBin) i++;
        else {
          const tmp = idx[i]!;
          idx[i] = idx[k]!;
          idx[k] = tmp;
          k--;
        }
      }
      tree.feature[node] = bestFeature;
      // six significant digits: rows between the rounded and exact edge are vanishingly rare, the JSON much shorter
      tree.threshold[node] = Number(edges[bestFeature]![bestBin]!.toPrecision(6));
      const left = newNode();
      const right = newNode();
      tree.left[node] = left;
      tree.right[node] = right;
      stack.push({ node: right, start: i, end, depth: depth + 1 });
      stack.push({ node: left, start, end: i, depth: depth + 1 });
    }
    trees.push(tree);
  }
  return { features: F, outputs: O, trees };
}

/** Average of the trees' leaf outputs for one feature row; written into `out` (length = outputs). */
export function predictForest(forest: SerialisedForest, x: ArrayLike<number>, out: Float64Array): Float64Array {
  const O = forest.outputs;
  out.fill(0);
  for (const tree of forest.trees) {
    let node = 0;
    while (tree.feature[node]! >= 0) {
      node = x[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
    }
    const leaf = tree.left[node]! * O;
    for (let o = 0; o < O; o++) out[o]! += tree.values[leaf + o]!;
  }
  const k = forest.trees.length;
  for (let o = 0; o < O; o++) out[o] = out[o]! / k;
  return out;
}
