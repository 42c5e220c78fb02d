import type { SeededRandom } from '../../features/seeded-random.ts';

/**
 * One LSTM layer (Hochreiter & Schmidhuber 1997, with the forget gate of Gers, Schmidhuber & Cummins 2000) over a
 * sequence of input vectors, followed by a dense head on the last hidden state. Parameters live in one flat
 * Float64Array so that Adam and gradient clipping work on a single vector.
 *
 * Layout: Wx (4H × I), Wh (4H × H), b (4H), Wo (O × H), bo (O); gate order i, f, g, o.
 */
export interface LstmShape {
  readonly input: number;
  readonly hidden: number;
  readonly output: number;
}

export interface LstmOffsets {
  readonly wx: number;
  readonly wh: number;
  readonly b: number;
  readonly wo: number;
  readonly bo: number;
  readonly total: number;
}

export function lstmOffsets(shape: LstmShape): LstmOffsets {
  const { input: I, hidden: H, output: O } = shape;
  const wx = 0;
  const wh = wx + 4 * H * I;
  const b = wh + 4 * H * H;
  const wo = b + 4 * H;
  const bo = wo + O * H;
  return { wx, wh, b, wo, bo, total: bo + O };
}

/** Glorot-uniform weights, forget-gate bias 1 (Jozefowicz et al. 2015), zero output bias. */
export function initialiseLstm(shape: LstmShape, rng: SeededRandom): Float64Array {
  const { input: I, hidden: H, output: O } = shape;
  const off = lstmOffsets(shape);
  const p = new Float64Array(off.total);
  const ax = Math.sqrt(6 / (I + H));
  for (let k = 0; k < 4 * H * I; k++) p[off.wx + k] = (2 * rng.next() - 1) * ax;
  const ah = Math.sqrt(6 / (2 * H));
  for (let k = 0; k < 4 * H * H; k++) p[off.wh + k] = (2 * rng.next() - 1) * ah;
  for (let j = 0; j < H; j++) p[off.b + H + j] = 1;
  const ao = Math.sqrt(6 / (H + O));
  for (let k = 0; k < O * H; k++) p[off.wo + k] = (2 * rng.next() - 1) * ao;
  return p;
}

/** Scratch buffers for one sequence of length T, reused across samples. */
export interface LstmWorkspace {
  readonly steps: number;
  /** Per step: post-activation gates i, f, g, o (4H). */
  readonly gates: Float64Array;
  /** Cell states c_0..c_T (c_0 = 0). */
  readonly cells: Float64Array;
  /** tanh(c_t) for t = 1..T. */
  readonly tanhCells: Float64Array;
  /** Hidden states h_0..h_T (h_0 = 0). */
  readonly hiddens: Float64Array;
  readonly output: Float64Array;
  readonly dh: Float64Array;
  readonly dc: Float64Array;
  readonly da: Float64Array;
  readonly dhPrev: Float64Array;
}

export function lstmWorkspace(shape: LstmShape, steps: number): LstmWorkspace {
  const H = shape.hidden;
  return {
    steps,
    gates: new Float64Array(steps * 4 * H),
    cells: new Float64Array((steps + 1) * H),
    tanhCells: new Float64Array(steps * H),
    hiddens: new Float64Array((steps + 1) * H),
    output: new Float64Array(shape.output),
    dh: new Float64Array(H),
    dc: new Float64Array(H),
    da: new Float64Array(4 * H),
    dhPrev: new Float64Array(H),
  };
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Forward pass over `x` (T × I, row-major); the result is left in `ws.output` (and returned). */
export function lstmForward(shape: LstmShape, p: Float64Array, x: Float64Array, ws: LstmWorkspace): Float64Array {
  const { input: I, hidden: H, output: O } = shape;
  const off = lstmOffsets(shape);
  const oWx = off.wx, oWh = off.wh, oB = off.b, oWo = off.wo, oBo = off.bo;
  const T = ws.steps;
  const { gates, cells, tanhCells, hiddens, output } = ws;
  cells.fill(0, 0, H);
  hiddens.fill(0, 0, H);
  for (let t = 0; t < T; t++) {
    const gOff = t * 4 * H;
    const hPrev = t * H;
    for (let r = 0; r < 4 * H; r++) {
      let a = p[oB + r]!;
      const wxRow = oWx + r * I;
      for (let k = 0; k < I; k++) a += p[wxRow + k]! * x[t * I + k]!;
      const whRow = oWh + r * H;
      for (let k = 0; k < H; k++) a += p[whRow + k]! * hiddens[hPrev + k]!;
      gates[gOff + r] = a;
    }
    for (let r = 0; r < 2 * H; r++) gates[gOff + r] = sigmoid(gates[gOff + r]!);
    for (let r = 2 * H; r < 3 * H; r++) gates[gOff + r] = Math.tanh(gates[gOff + r]!);
    for (let r = 3 * H; r < 4 * H; r++) gates[gOff + r] = sigmoid(gates[gOff + r]!);
    const cPrev = t * H;
    const cNow = (t + 1) * H;
    for (let j = 0; j < H; j++) {
      const c = gates[gOff + H + j]! * cells[cPrev + j]! + gates[gOff + j]! * gates[gOff + 2 * H + j]!;
      cells[cNow + j] = c;
      const tc = Math.tanh(c);
      tanhCells[t * H + j] = tc;
      hiddens[cNow + j] = gates[gOff + 3 * H + j]! * tc;
    }
  }
  const hLast = T * H;
  for (let o = 0; o < O; o++) {
    let s = p[oBo + o]!;
    const row = oWo + o * H;
    for (let k = 0; k < H; k++) s += p[row + k]! * hiddens[hLast + k]!;
    output[o] = s;
  }
  return output;
}

/**
 * Backpropagation through time for the sequence last passed to `lstmForward`, given dLoss/dOutput; adds the
 * parameter gradient into `grad`.
 */
export function lstmBackward(
  shape: LstmShape,
  p: Float64Array,
  x: Float64Array,
  ws: LstmWorkspace,
  dOutput: Float64Array,
  grad: Float64Array,
): void {
  const { input: I, hidden: H, output: O } = shape;
  const off = lstmOffsets(shape);
  const oWx = off.wx, oWh = off.wh, oB = off.b, oWo = off.wo, oBo = off.bo;
  const T = ws.steps;
  const { gates, cells, tanhCells, hiddens, dh, dc, da, dhPrev } = ws;
  const hLast = T * H;
  dh.fill(0);
  dc.fill(0);
  for (let o = 0; o < O; o++) {
    const d = dOutput[o]!;
    if (d === 0) continue;
    grad[oBo + o]! += d;
    const row = oWo + o * H;
    for (let k = 0; k < H; k++) {
      grad[row + k]! += d * hiddens[hLast + k]!;
      dh[k]! += d * p[row + k]!;
    }
  }
  for (let t = T - 1; t >= 0; t--) {
    const gOff = t * 4 * H;
    for (let j = 0; j < H; j++) {
      const i = gates[gOff + j]!;
      const f = gates[gOff + H + j]!;
      const g = gates[gOff + 2 * H + j]!;
      const o = gates[gOff + 3 * H + j]!;
      const tc = tanhCells[t * H + j]!;
      const dcj = dc[j]! + dh[j]! * o * (1 - tc * tc);
      da[j] = dcj * g * i * (1 - i);
      da[H + j] = dcj * cells[t * H + j]! * f * (1 - f);
      da[2 * H + j] = dcj * i * (1 - g * g);
      da[3 * H + j] = dh[j]! * tc * o * (1 - o);
      dc[j] = dcj * f;
    }
    dhPrev.fill(0);
    const hPrev = t * H;
    for (let r = 0; r < 4 * H; r++) {
      const d = da[r]!;
      grad[oB + r]! += d;
      const wxRow = oWx + r * I;
      for (let k = 0; k < I; k++) grad[wxRow + k]! += d * x[t * I + k]!;
      const whRow = oWh + r * H;
      for (let k = 0; k < H; k++) {
        grad[whRow + k]! += d * hiddens[hPrev + k]!;
        dhPrev[k]! += d * p[whRow + k]!;
      }
    }
    dh.set(dhPrev);
  }
}

/** Adam optimiser state (Kingma & Ba 2015). */
export interface AdamState {
  readonly m: Float64Array;
  readonly v: Float64Array;
  step: number;
}

export function adamState(size: number): AdamState {
  return { m: new Float64Array(size), v: new Float64Array(size), step: 0 };
}

/** One Adam update with global-norm gradient clipping (Pascanu, Mikolov & Bengio 2013). */
export function adamUpdate(
  p: Float64Array,
  grad: Float64Array,
  state: AdamState,
  learningRate: number,
  clipNorm: number,
  beta1 = 0.9,
  beta2 = 0.999,
  eps = 1e-8,
): void {
  let norm = 0;
  for (let k = 0; k < grad.length; k++) norm += grad[k]! * grad[k]!;
  norm = Math.sqrt(norm);
  const clip = norm > clipNorm ? clipNorm / norm : 1;
  state.step += 1;
  const bc1 = 1 - beta1 ** state.step;
  const bc2 = 1 - beta2 ** state.step;
  const { m, v } = state;
  for (let k = 0; k < p.length; k++) {
    const g = grad[k]! * clip;
    m[k] = beta1 * m[k]! + (1 - beta1) * g;
    v[k] = beta2 * v[k]! + (1 - beta2) * g * g;
    p[k]! -= (learningRate * (m[k]! / bc1)) / (Math.sqrt(v[k]! / bc2) + eps);
  }
}
