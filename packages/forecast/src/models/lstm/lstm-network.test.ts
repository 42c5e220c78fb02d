import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../features/seeded-random.ts';
import { adamState, adamUpdate, initialiseLstm, lstmBackward, lstmForward, lstmOffsets, lstmWorkspace, type LstmShape } from './lstm-network.ts';

const shape: LstmShape = { input: 2, hidden: 3, output: 2 };
const T = 5;

function setup(seed: number) {
  const rng = seededRandom(seed);
  const p = initialiseLstm(shape, rng);
  // perturb every parameter so no gradient is trivially zero (e.g. the bias block)
  for (let k = 0; k < p.length; k++) p[k]! += 0.3 * (rng.next() - 0.5);
  const x = Float64Array.from({ length: T * shape.input }, () => rng.normal());
  const y = Float64Array.from({ length: shape.output }, () => rng.normal());
  return { p, x, y };
}

/** Half squared error, the loss whose gradient the check differentiates. */
function loss(p: Float64Array, x: Float64Array, y: Float64Array): number {
  const out = lstmForward(shape, p, x, lstmWorkspace(shape, T));
  let s = 0;
  for (let o = 0; o < shape.output; o++) s += 0.5 * (out[o]! - y[o]!) ** 2;
  return s;
}

describe('lstm network', () => {
  it('when backpropagation through time runs, then every parameter gradient matches central finite differences', () => {
    for (const seed of [1, 2, 3]) {
      const { p, x, y } = setup(seed);
      const ws = lstmWorkspace(shape, T);
      const out = lstmForward(shape, p, x, ws);
      const dOut = Float64Array.from(out, (v, o) => v - y[o]!);
      const grad = new Float64Array(p.length);
      lstmBackward(shape, p, x, ws, dOut, grad);
      const h = 1e-6;
      let maxRel = 0;
      for (let k = 0; k < p.length; k++) {
        const plus = p.slice();
        plus[k]! += h;
        const minus = p.slice();
        minus[k]! -= h;
        const numeric = (loss(plus, x, y) - loss(minus, x, y)) / (2 * h);
        const rel = Math.abs(numeric - grad[k]!) / Math.max(1e-6, Math.abs(numeric) + Math.abs(grad[k]!));
        maxRel = Math.max(maxRel, rel);
      }
      expect(maxRel).toBeLessThan(1e-5);
    }
  });

  it('when the gradient is accumulated twice, then it doubles (backward adds into the buffer)', () => {
    const { p, x, y } = setup(4);
    const ws = lstmWorkspace(shape, T);
    const out = lstmForward(shape, p, x, ws);
    const dOut = Float64Array.from(out, (v, o) => v - y[o]!);
    const once = new Float64Array(p.length);
    lstmBackward(shape, p, x, ws, dOut, once);
    const twice = new Float64Array(p.length);
    lstmBackward(shape, p, x, ws, dOut, twice);
    lstmBackward(shape, p, x, ws, dOut, twice);
    for (let k = 0; k < p.length; k++) expect(twice[k]).toBeCloseTo(2 * once[k]!, 12);
  });

  it('when Adam trains the network on a fixed target, then the loss falls by more than 99 %', () => {
    const { p, x, y } = setup(5);
    const ws = lstmWorkspace(shape, T);
    const adam = adamState(p.length);
    const before = loss(p, x, y);
    for (let step = 0; step < 500; step++) {
      const out = lstmForward(shape, p, x, ws);
      const dOut = Float64Array.from(out, (v, o) => v - y[o]!);
      const grad = new Float64Array(p.length);
      lstmBackward(shape, p, x, ws, dOut, grad);
      adamUpdate(p, grad, adam, 0.01, 5);
    }
    expect(loss(p, x, y)).toBeLessThan(0.01 * before);
  });

  it('when the parameter layout is computed, then it holds 4H(I+H+1) + O(H+1) numbers', () => {
    expect(lstmOffsets(shape).total).toBe(4 * 3 * (2 + 3 + 1) + 2 * (3 + 1));
  });
});
