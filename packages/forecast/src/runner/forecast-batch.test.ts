import { describe, expect, it } from 'vitest';
import { contractSeries } from '../contract-suite/run-model-contract.ts';
import { models, getModel } from '../registry.ts';
import { forecastBatch, type BatchItem } from './forecast-batch.ts';

const levels = [80, 95];
const good: BatchItem = { id: 'good', values: contractSeries(60, 12, 4), period: 12, h: 12 };
const nasty: BatchItem[] = [
  { id: 'missing', values: [1, 2, NaN, 4, 5, 6, 7, 8], period: 1, h: 3 },
  { id: 'text', values: [1, 2, 'x' as unknown as number, 4, 5, 6, 7, 8], period: 1, h: 3 },
  { id: 'empty', values: [], period: 1, h: 3 },
  { id: 'constant', values: new Array<number>(30).fill(5), period: 12, h: 3 },
  { id: 'zeros', values: new Array<number>(30).fill(0), period: 12, h: 3 },
  { id: 'short', values: [4, 5], period: 12, h: 3 },
  { id: 'huge', values: contractSeries(40, 4, 2).map((v) => v * 1e140), period: 4, h: 3 },
  { id: 'negative', values: contractSeries(40, 4, 2).map((v) => -v), period: 4, h: 3 },
];

function allFinite(r: { mean: number[]; intervals: Array<{ lower: number[]; upper: number[] }> }): boolean {
  return [r.mean, ...r.intervals.flatMap((i) => [i.lower, i.upper])].every((xs) => xs.every(Number.isFinite));
}

describe('forecastBatch', () => {
  it('when asked for an unknown model, then the error lists the valid names', () => {
    expect(() => getModel('nope')).toThrow(/available: .*ets.*ensemble/);
    for (const name of ['naive', 'snaive', 'naive2', 'ets', 'theta', 'otm', 'dotm', 'arima', 'croston', 'sba', 'tsb', 'prophet', 'lstm', 'rf', 'nbeats']) {
      expect(models[name]?.name).toBe(name);
    }
  });

  for (const model of ['theta', 'ets', 'naive2', 'ensemble']) {
    it(`when ${model} runs over nasty series, then every series gets finite numbers and bad ones say why they fell back`, () => {
      const out = forecastBatch([good, ...nasty], { model, levels });
      expect(out.map((r) => r.id)).toEqual([good.id, ...nasty.map((n) => n.id)]);
      for (const r of out) {
        expect(allFinite(r)).toBe(true);
        expect(r.mean).toHaveLength(r.id === 'good' ? 12 : 3);
      }
      expect(out[0]!.fallback).toBeUndefined();
      for (const id of ['missing', 'text']) {
        const r = out.find((x) => x.id === id)!;
        expect(r.fallback?.code).toBe('invalid_values');
        expect(r.model).toBe('moving_average');
      }
      expect(out.find((x) => x.id === 'empty')!.fallback).toBeDefined();
    });
  }

  it('when the ensemble runs, then its weights and decomposition travel with the result', () => {
    const [r] = forecastBatch([good], { model: 'ensemble', levels });
    expect(r!.model).toBe('ensemble');
    expect(Object.values(r!.ensemble!.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(r!.ensemble!.components?.season).toHaveLength(60);
  });
});
