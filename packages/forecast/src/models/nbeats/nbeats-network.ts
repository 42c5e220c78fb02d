import type { SeededRandom } from '../../features/seeded-random.ts';

/**
 * The generic N-BEATS network (Oreshkin, Carpov, Chapados & Bengio 2020): a stack of blocks, each a few fully connected
 * ReLU layers followed by two linear heads, a backcast of the block's input and a forecast. Doubly residual: the next
 * block sees its predecessor's input minus its backcast, and the network's forecast is the sum of the blocks'
 * forecasts. Parameters live in one Float64Array; forward and backward run one window at a time with plain loops.
 */
export interface NbeatsShape {
  /** Input window length. */
  readonly input: number;
  /** Forecast length (direct multi-output). */
  readonly output: number;
  readonly blocks: number;
  /** Fully connected ReLU layers per block. */
  readonly layers: number;
  /** Units per layer. */
  readonly width: number;
}

interface Dense {
  readonly w: number;
  readonly b: number;
  readonly nIn: number;
  readonly nOut: number;
}

interface BlockLayout {
  readonly hidden: Dense[];
  readonly back: Dense;
  readonly fore: Dense;
}

export function nbeatsLayout(shape: NbeatsShape): { blocks: BlockLayout[]; size: number } {
  let off = 0;
  const dense = (nIn: number, nOut: number): Dense => {
    const d = { w: off, b: off + nIn * nOut, nIn, nOut };
    off += nIn * nOut + nOut;
    return d;
  };
  const blocks: BlockLayout[] = [];
  for (let b = 0; b < shape.blocks; b++) {
    const hidden: Dense[] = [];
    for (let l = 0; l < shape.layers; l++) hidden.push(dense(l === 0 ? shape.input : shape.width, shape.width));
    blocks.push({ hidden, back: dense(shape.width, shape.input), fore: dense(shape.width, shape.output) });
  }
  return { blocks, size: off };
}

/** He-initialised ReLU layers; heads scaled down so the untrained net starts near zero. */
export function initialiseNbeats(shape: NbeatsShape, rng: SeededRandom): Float64Array {
  const { blocks, size } = nbeatsLayout(shape);
  const p = new Float64Array(size);
  const fill = (d: Dense, gain: number): void => {
    const sd = gain * Math.sqrt(2 / d.nIn);
    for (let k = 0; k < d.nIn * d.nOut; k++) p[d.w + k] = sd * rng.normal();
  };
  for (const bl of blocks) {
    for (const d of bl.hidden) fill(d, 1);
    fill(bl.back, 0.1);
    fill(bl.fore, 0.1);
  }
  return p;
}

export interface NbeatsWorkspace {
  readonly layout: BlockLayout[];
  /** Block inputs x_0 … x_B (each `input` long). */
  readonly xs: Float64Array[];
  /** Post-ReLU activations per block and layer. */
  readonly acts: Float64Array[][];
  readonly forecast: Float64Array;
  readonly dx: Float64Array;
  readonly dxIn: Float64Array;
  readonly dBack: Float64Array;
  readonly dA: Float64Array;
  readonly dB: Float64Array;
}

export function nbeatsWorkspace(shape: NbeatsShape): NbeatsWorkspace {
  const { blocks } = nbeatsLayout(shape);
  return {
    layout: blocks,
    xs: Array.from({ length: shape.blocks + 1 }, () => new Float64Array(shape.input)),
    acts: blocks.map((bl) => bl.hidden.map(() => new Float64Array(shape.width))),
    forecast: new Float64Array(shape.output),
    dx: new Float64Array(shape.input),
    dxIn: new Float64Array(shape.input),
    dBack: new Float64Array(shape.input),
    dA: new Float64Array(shape.width),
    dB: new Float64Array(shape.width),
  };
}

function denseForward(p: Float64Array, d: Dense, x: Float64Array, out: Float64Array, relu: boolean): void {
  const { nIn, nOut } = d;
  for (let j = 0; j < nOut; j++) {
    let s = p[d.b + j]!;
    const row = d.w + j * nIn;
    for (let i = 0; i < nIn; i++) s += p[row + i]! * x[i]!;
    out[j] = relu && s < 0 ? 0 : s;
  }
}

/** Forward pass of one window; returns the workspace's forecast buffer. */
export function nbeatsForward(shape: NbeatsShape, p: Float64Array, x: Float64Array, ws: NbeatsWorkspace): Float64Array {
  ws.xs[0]!.set(x);
  ws.forecast.fill(0);
  const L = shape.input;
  const H = shape.output;
  for (let b = 0; b < shape.blocks; b++) {
    const bl = ws.layout[b]!;
    const acts = ws.acts[b]!;
    let h = ws.xs[b]!;
    for (let l = 0; l < shape.layers; l++) {
      denseForward(p, bl.hidden[l]!, h, acts[l]!, true);
      h = acts[l]!;
    }
    const next = ws.xs[b + 1]!;
    const xin = ws.xs[b]!;
    const W = shape.width;
    for (let j = 0; j < L; j++) {
      let s = p[bl.back.b + j]!;
      const row = bl.back.w + j * W;
      for (let i = 0; i < W; i++) s += p[row + i]! * h[i]!;
      next[j] = xin[j]! - s;
    }
    for (let j = 0; j < H; j++) {
      let s = p[bl.fore.b + j]!;
      const row = bl.fore.w + j * W;
      for (let i = 0; i < W; i++) s += p[row + i]! * h[i]!;
      ws.forecast[j]! += s;
    }
  }
  return ws.forecast;
}

/** Backward pass after `nbeatsForward` on the same window: accumulates d(loss)/d(params) into `grad`. */
export function nbeatsBackward(shape: NbeatsShape, p: Float64Array, ws: NbeatsWorkspace, dForecast: Float64Array, grad: Float64Array): void {
  const L = shape.input;
  const H = shape.output;
  const W = shape.width;
  const g = ws.dx; // gradient w.r.t. the next block's input
  g.fill(0);
  for (let b = shape.blocks - 1; b >= 0; b--) {
    const bl = ws.layout[b]!;
    const acts = ws.acts[b]!;
    const hLast = acts[shape.layers - 1]!;
    let dh = ws.dA;
    dh.fill(0);
    // heads: next = x − back(h), forecast += fore(h)
    for (let j = 0; j < L; j++) {
      const d = -g[j]!;
      if (d === 0) continue;
      grad[bl.back.b + j]! += d;
      const row = bl.back.w + j * W;
      for (let i = 0; i < W; i++) {
        grad[row + i]! += d * hLast[i]!;
        dh[i]! += d * p[row + i]!;
      }
    }
    for (let j = 0; j < H; j++) {
      const d = dForecast[j]!;
      if (d === 0) continue;
      grad[bl.fore.b + j]! += d;
      const row = bl.fore.w + j * W;
      for (let i = 0; i < W; i++) {
        grad[row + i]! += d * hLast[i]!;
        dh[i]! += d * p[row + i]!;
      }
    }
    // hidden layers, last to first
    let other = ws.dB;
    for (let l = shape.layers - 1; l >= 0; l--) {
      const d = bl.hidden[l]!;
      const a = acts[l]!;
      const input = l === 0 ? ws.xs[b]! : acts[l - 1]!;
      const dIn = l === 0 ? ws.dxIn : other;
      dIn.fill(0);
      const nIn = d.nIn;
      for (let j = 0; j < d.nOut; j++) {
        if (a[j]! <= 0) continue;
        const dj = dh[j]!;
        if (dj === 0) continue;
        grad[d.b + j]! += dj;
        const row = d.w + j * nIn;
        for (let i = 0; i < nIn; i++) {
          grad[row + i]! += dj * input[i]!;
          dIn[i]! += dj * p[row + i]!;
        }
      }
      if (l > 0) {
        const t = dh;
        dh = other;
        other = t;
      }
    }
    // x_b feeds the block and, through the residual, the next block
    for (let i = 0; i < L; i++) g[i]! += ws.dxIn[i]!;
  }
}

/**
 * Minibatch workspace: the same quantities as {@link NbeatsWorkspace} for `batch` windows at once (row-major,
 * window by window); `batch` must be a multiple of 4 (the kernels below share each weight load across four windows).
 */
export interface NbeatsBatchWorkspace {
  readonly batch: number;
  readonly layout: BlockLayout[];
  readonly xs: Float64Array[];
  readonly acts: Float64Array[][];
  readonly forecast: Float64Array;
  readonly g: Float64Array;
  readonly dxIn: Float64Array;
  readonly dBack: Float64Array;
  readonly dA: Float64Array;
  readonly dB: Float64Array;
}

export function nbeatsBatchWorkspace(shape: NbeatsShape, batch: number): NbeatsBatchWorkspace {
  if (batch % 4 !== 0) throw new RangeError('batch must be a multiple of 4');
  const { blocks } = nbeatsLayout(shape);
  return {
    batch,
    layout: blocks,
    xs: Array.from({ length: shape.blocks + 1 }, () => new Float64Array(batch * shape.input)),
    acts: blocks.map((bl) => bl.hidden.map(() => new Float64Array(batch * shape.width))),
    forecast: new Float64Array(batch * shape.output),
    g: new Float64Array(batch * shape.input),
    dxIn: new Float64Array(batch * shape.input),
    dBack: new Float64Array(batch * shape.input),
    dA: new Float64Array(batch * shape.width),
    dB: new Float64Array(batch * shape.width),
  };
}

/** out[s, j] = mode(bias_j + Σ_i W[j, i] x[s, i]); mode 0 plain, 1 ReLU, 2 accumulate, 3 subtract from `sub`. */
function batchDense(p: Float64Array, d: Dense, X: Float64Array, B: number, out: Float64Array, mode: 0 | 1 | 2 | 3, sub?: Float64Array): void {
  const { nIn, nOut } = d;
  for (let j = 0; j < nOut; j++) {
    const row = d.w + j * nIn;
    const bias = p[d.b + j]!;
    for (let s = 0; s < B; s += 4) {
      const o0 = s * nIn;
      const o1 = o0 + nIn;
      const o2 = o1 + nIn;
      const o3 = o2 + nIn;
      let s0 = bias;
      let s1 = bias;
      let s2 = bias;
      let s3 = bias;
      for (let i = 0; i < nIn; i++) {
        const w = p[row + i]!;
        s0 += w * X[o0 + i]!;
        s1 += w * X[o1 + i]!;
        s2 += w * X[o2 + i]!;
        s3 += w * X[o3 + i]!;
      }
      const q = s * nOut + j;
      if (mode === 1) {
        out[q] = s0 > 0 ? s0 : 0;
        out[q + nOut] = s1 > 0 ? s1 : 0;
        out[q + 2 * nOut] = s2 > 0 ? s2 : 0;
        out[q + 3 * nOut] = s3 > 0 ? s3 : 0;
      } else if (mode === 0) {
        out[q] = s0;
        out[q + nOut] = s1;
        out[q + 2 * nOut] = s2;
        out[q + 3 * nOut] = s3;
      } else if (mode === 2) {
        out[q]! += s0;
        out[q + nOut]! += s1;
        out[q + 2 * nOut]! += s2;
        out[q + 3 * nOut]! += s3;
      } else {
        out[q] = sub![q]! - s0;
        out[q + nOut] = sub![q + nOut]! - s1;
        out[q + 2 * nOut] = sub![q + 2 * nOut]! - s2;
        out[q + 3 * nOut] = sub![q + 3 * nOut]! - s3;
      }
    }
  }
}

/**
 * Backward of a dense layer over the batch: accumulates grad of W and bias from dOut (B × nOut) and input X, and
 * adds Wᵀ dOut into dIn (B × nIn) when `accumulate` is true, overwrites it otherwise.
 */
function batchDenseBackward(p: Float64Array, d: Dense, X: Float64Array, dOut: Float64Array, B: number, grad: Float64Array, dIn: Float64Array, accumulate: boolean): void {
  const { nIn, nOut } = d;
  if (!accumulate) dIn.fill(0, 0, B * nIn);
  for (let j = 0; j < nOut; j++) {
    const row = d.w + j * nIn;
    let gb = 0;
    for (let s = 0; s < B; s += 4) {
      const q = s * nOut + j;
      const d0 = dOut[q]!;
      const d1 = dOut[q + nOut]!;
      const d2 = dOut[q + 2 * nOut]!;
      const d3 = dOut[q + 3 * nOut]!;
      if (d0 === 0 && d1 === 0 && d2 === 0 && d3 === 0) continue;
      gb += d0 + d1 + d2 + d3;
      const o0 = s * nIn;
      const o1 = o0 + nIn;
      const o2 = o1 + nIn;
      const o3 = o2 + nIn;
      for (let i = 0; i < nIn; i++) {
        const w = p[row + i]!;
        grad[row + i]! += d0 * X[o0 + i]! + d1 * X[o1 + i]! + d2 * X[o2 + i]! + d3 * X[o3 + i]!;
        dIn[o0 + i]! += d0 * w;
        dIn[o1 + i]! += d1 * w;
        dIn[o2 + i]! += d2 * w;
        dIn[o3 + i]! += d3 * w;
      }
    }
    grad[d.b + j]! += gb;
  }
}

/** Forward pass of a batch of windows X (B × input); returns the forecasts (B × output). */
export function nbeatsBatchForward(shape: NbeatsShape, p: Float64Array, X: Float64Array, ws: NbeatsBatchWorkspace): Float64Array {
  const B = ws.batch;
  ws.xs[0]!.set(X.subarray(0, B * shape.input));
  ws.forecast.fill(0);
  for (let b = 0; b < shape.blocks; b++) {
    const bl = ws.layout[b]!;
    const acts = ws.acts[b]!;
    let h = ws.xs[b]!;
    for (let l = 0; l < shape.layers; l++) {
      batchDense(p, bl.hidden[l]!, h, B, acts[l]!, 1);
      h = acts[l]!;
    }
    batchDense(p, bl.back, h, B, ws.xs[b + 1]!, 3, ws.xs[b]!);
    batchDense(p, bl.fore, h, B, ws.forecast, 2);
  }
  return ws.forecast;
}

/** Backward pass after `nbeatsBatchForward`: accumulates d(loss)/d(params) into `grad` from dForecast (B × output). */
export function nbeatsBatchBackward(shape: NbeatsShape, p: Float64Array, ws: NbeatsBatchWorkspace, dForecast: Float64Array, grad: Float64Array): void {
  const B = ws.batch;
  const L = shape.input;
  const W = shape.width;
  const g = ws.g;
  g.fill(0);
  for (let b = shape.blocks - 1; b >= 0; b--) {
    const bl = ws.layout[b]!;
    const acts = ws.acts[b]!;
    const hLast = acts[shape.layers - 1]!;
    const dBack = ws.dBack;
    for (let k = 0; k < B * L; k++) dBack[k] = -g[k]!;
    let dh = ws.dA;
    let other = ws.dB;
    batchDenseBackward(p, bl.back, hLast, dBack, B, grad, dh, false);
    batchDenseBackward(p, bl.fore, hLast, dForecast, B, grad, dh, true);
    for (let l = shape.layers - 1; l >= 0; l--) {
      const a = acts[l]!;
      for (let k = 0; k < B * W; k++) if (a[k]! <= 0) dh[k] = 0;
      const input = l === 0 ? ws.xs[b]! : acts[l - 1]!;
      const dIn = l === 0 ? ws.dxIn : other;
      batchDenseBackward(p, bl.hidden[l]!, input, dh, B, grad, dIn, false);
      if (l > 0) {
        const t = dh;
        dh = other;
        other = t;
      }
    }
    for (let k = 0; k < B * L; k++) g[k]! += ws.dxIn[k]!;
  }
}
