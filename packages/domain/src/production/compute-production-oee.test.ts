import { describe, expect, it } from 'vitest';
import { classifyOee } from './classify-oee.ts';
import { computeProductionOee, type ProductionRecord } from './compute-production-oee.ts';
import { downtimePareto } from './downtime-pareto.ts';
import { rolledThroughputYield } from './rolled-throughput-yield.ts';

// oee.com (Vorne) "OEE calculation" worked example: 480-minute shift, two 15-minute breaks and a 30-minute meal
// (planned), 47 minutes of unplanned downtime, ideal run rate 60 parts/min (1 s), 19,271 made, 423 rejects.
// Published: availability 88.81 %, performance 86.11 %, quality 97.80 %, OEE 74.79 %.
const vorne: ProductionRecord = {
  lineId: 'L1', equipmentId: 'FILLER-1', shift: 'early', date: '2026-11-26', shiftMinutes: 480,
  downtime: [
    { minutes: 15, isPlanned: true, reason: 'break' },
    { minutes: 15, isPlanned: true, reason: 'break' },
    { minutes: 30, isPlanned: true, reason: 'meal' },
    { minutes: 20, isPlanned: false, reason: 'jam' },
    { minutes: 7, isPlanned: false, reason: 'jam' },
    { minutes: 20, isPlanned: false, reason: 'material shortage' },
  ],
  idealCycleSeconds: 1, totalCount: 19271, goodCount: 18848, firstPassGoodCount: 18500,
};
// A perfect late shift on the same line: 420 planned minutes, no stops, 2 s ideal cycle, 12,600 good.
const perfect: ProductionRecord = {
  lineId: 'L1', equipmentId: 'FILLER-2', shift: 'late', date: '2026-11-26', shiftMinutes: 480,
  downtime: [{ minutes: 60, isPlanned: true, reason: 'breaks' }], idealCycleSeconds: 2, totalCount: 12600, goodCount: 12600,
};

describe('computeProductionOee', () => {
  it('when given the oee.com example, then planned stops shrink planned time and A, P, Q, OEE match', () => {
    const [g] = computeProductionOee([vorne], ['equipmentId']);
    expect(g?.plannedProductionMinutes).toBe(420);
    expect(g?.runMinutes).toBe(373);
    expect(g?.availability?.times(100).toFixed(2)).toBe('88.81');
    expect(g?.performance?.times(100).toFixed(2)).toBe('86.11');
    expect(g?.quality?.times(100).toFixed(2)).toBe('97.80');
    expect(g?.oee?.times(100).toFixed(2)).toBe('74.79');
    // FPY: 18,500 right first time of 19,271 = 96.00 %.
    expect(g?.firstPassYield?.times(100).toFixed(2)).toBe('96.00');
  });

  it('when two shifts are grouped by line, then times and counts are summed before dividing', () => {
    const byLine = computeProductionOee([vorne, perfect], ['lineId']);
    expect(byLine).toHaveLength(1);
    const g = byLine[0]!;
    // Planned 840, run 793, ideal 19,271/60 + 420 = 741.18 min, 31,871 made, 31,448 good.
    expect(g.availability?.toFixed(4)).toBe('0.9440');
    expect(g.performance?.toFixed(4)).toBe('0.9347');
    expect(g.quality?.toFixed(4)).toBe('0.9867');
    expect(g.oee?.toFixed(4)).toBe('0.8707');
    // Not the mean of the two shifts' OEE ((0.7479 + 1) / 2 = 0.8740).
    expect(g.oee?.toFixed(4)).not.toBe('0.8740');
    const byShift = computeProductionOee([vorne, perfect], ['lineId', 'shift']);
    expect(byShift.map((x) => x.key)).toEqual([{ lineId: 'L1', shift: 'early' }, { lineId: 'L1', shift: 'late' }]);
    expect(byShift[1]?.oee?.toString()).toBe('1');
  });

  it('when a record is impossible, then a DomainError names the field', () => {
    expect(() => computeProductionOee([{ ...vorne, goodCount: 20000 }], [])).toThrow(expect.objectContaining({ field: 'goodCount' }));
    expect(() => computeProductionOee([{ ...vorne, shiftMinutes: 100 }], [])).toThrow(expect.objectContaining({ field: 'downtime' }));
    expect(() => computeProductionOee([{ ...vorne, totalCount: -1 }], [])).toThrow(expect.objectContaining({ field: 'totalCount' }));
    expect(() => computeProductionOee([{ ...vorne, idealCycleSeconds: 0 }], [])).toThrow(expect.objectContaining({ field: 'idealCycleSeconds' }));
  });

  it('when nothing ran in a shift, then the ratios are null rather than zero', () => {
    const [g] = computeProductionOee([{ ...perfect, downtime: [{ minutes: 480, isPlanned: true, reason: 'no orders' }], totalCount: 0, goodCount: 0 }], ['date']);
    expect(g?.oee).toBeNull();
    expect(g?.quality).toBeNull();
  });
});

describe('downtimePareto', () => {
  it('when ranking the example\'s stops, then planned ones are left out and the vital few cover 80 %', () => {
    const bars = downtimePareto([...vorne.downtime, { minutes: 5, isPlanned: false, reason: 'setup' }, { minutes: 3, isPlanned: false, reason: 'sensor' }]);
    // Unplanned 55 min: jam 27 (49.1 %), shortage 20 (cum 85.5 %), setup 5, sensor 3.
    expect(bars.map((b) => [b.reason, b.minutes, b.occurrences, b.isVitalFew])).toEqual([
      ['jam', 27, 2, true], ['material shortage', 20, 1, true], ['setup', 5, 1, false], ['sensor', 3, 1, false],
    ]);
    expect(bars[1]?.cumulativeShare).toBeCloseTo(47 / 55, 12);
    expect(downtimePareto(vorne.downtime, { includePlanned: true })[0]?.reason).toBe('break');
  });
});

describe('classifyOee and rolledThroughputYield', () => {
  it('when OEE is below 85 %, then it alerts; at or below 65 % it is critical (spec KPI card example)', () => {
    expect(classifyOee('0.87')).toEqual({ status: 'good', isAlert: false, gapPoints: 0 });
    expect(classifyOee('0.85').status).toBe('good');
    expect(classifyOee('0.8499')).toMatchObject({ status: 'warning', isAlert: true });
    expect(classifyOee('0.7479').gapPoints).toBeCloseTo(10.21, 10);
    expect(classifyOee('0.65').status).toBe('critical');
    expect(classifyOee(null).status).toBe('no_data');
  });

  it('when three steps yield 90 %, 95 % and 98 %, then RTY is 83.79 %', () => {
    expect(rolledThroughputYield(['0.90', '0.95', '0.98']).toString()).toBe('0.8379');
    expect(() => rolledThroughputYield(['1.2'])).toThrow(expect.objectContaining({ field: 'stepYields' }));
  });
});
