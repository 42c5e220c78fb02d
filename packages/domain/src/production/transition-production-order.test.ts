import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor.ts';
import { transitionProductionOrder, type ProductionOrderAction, type ProductionOrderState } from './transition-production-order.ts';

const manager: Actor = { id: 'm', role: 'MANAGER' };
const operator: Actor = { id: 'o', role: 'OPERATOR' };
const viewer: Actor = { id: 'v', role: 'VIEWER' };
const now = '2026-11-26T10:00:00Z';
const planned: ProductionOrderState = { id: 'MO-1', status: 'planned', version: 1, quantity: 500, goodQuantity: 0, scrapQuantity: 0, qualityChecks: [] };

function step(order: ProductionOrderState, action: ProductionOrderAction, actor: Actor = operator): ProductionOrderState {
  const r = transitionProductionOrder(order, action, actor, now);
  if (!r.ok) throw r.error;
  return r.order;
}

describe('transitionProductionOrder', () => {
  it('when an order is released, run, checked and completed, then output and checks accumulate', () => {
    let o = step(planned, { type: 'release' }, manager);
    o = step(o, { type: 'start' });
    expect(o).toMatchObject({ status: 'in_progress', actualStart: now });
    o = step(o, { type: 'record_output', good: 300, scrap: 5 });
    o = step(o, { type: 'record_output', good: 190, scrap: 5 });
    o = step(o, { type: 'record_quality_check', checkId: 'QC-1', passed: true });
    o = step(o, { type: 'complete' });
    expect(o).toMatchObject({ status: 'completed', goodQuantity: 490, scrapQuantity: 10, actualEnd: now, version: 7 });
  });

  it('when the latest quality check failed or none exists, then completion is refused until a passing re-check', () => {
    let o = step(step(step(planned, { type: 'release' }, manager), { type: 'start' }), { type: 'record_output', good: 10, scrap: 0 });
    expect(transitionProductionOrder(o, { type: 'complete' }, operator, now)).toMatchObject({ ok: false, error: { field: 'qualityChecks' } });
    o = step(o, { type: 'record_quality_check', checkId: 'QC-1', passed: false, notes: 'seal leak' });
    expect(transitionProductionOrder(o, { type: 'complete' }, operator, now)).toMatchObject({ ok: false, error: { message: expect.stringContaining('QC-1') } });
    o = step(o, { type: 'record_quality_check', checkId: 'QC-2', passed: true });
    expect(step(o, { type: 'complete' }).status).toBe('completed');
    expect(transitionProductionOrder(o, { type: 'record_quality_check', checkId: 'QC-2', passed: true }, operator, now)).toMatchObject({ ok: false, error: { field: 'checkId' } });
  });

  it('when roles or states do not allow an action, then a typed error says why', () => {
    expect(transitionProductionOrder(planned, { type: 'release' }, operator, now)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(transitionProductionOrder(planned, { type: 'start' }, viewer, now)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(transitionProductionOrder(planned, { type: 'start' }, operator, now)).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
    const running = step(step(planned, { type: 'release' }, manager), { type: 'start' });
    expect(transitionProductionOrder(running, { type: 'record_output', good: -1, scrap: 0 }, operator, now)).toMatchObject({ ok: false, error: { field: 'good' } });
    expect(transitionProductionOrder(running, { type: 'cancel', reason: '' }, manager, now)).toMatchObject({ ok: false, error: { field: 'reason' } });
    const cancelled = step(running, { type: 'cancel', reason: 'line down for a week' }, manager);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledReason: 'line down for a week' });
    expect(transitionProductionOrder(cancelled, { type: 'cancel', reason: 'again' }, manager, now)).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
  });
});
