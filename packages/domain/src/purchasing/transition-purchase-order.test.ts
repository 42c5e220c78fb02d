import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor.ts';
import { approvalRequirement, transitionPurchaseOrder, type PurchaseOrderAction, type PurchaseOrderState } from './transition-purchase-order.ts';

const manager: Actor = { id: 'u-m', role: 'MANAGER' };
const admin: Actor = { id: 'u-a', role: 'ADMIN', hasRecentStepUp: true };
const operator: Actor = { id: 'u-o', role: 'OPERATOR' };
const viewer: Actor = { id: 'u-v', role: 'VIEWER' };
const options = { approvalLimit: '10000.00', now: '2026-11-26T09:00:00Z' };
const po: PurchaseOrderState = {
  id: 'PO-1', status: 'proposed', version: 1, total: '2500.00', currency: 'GBP',
  lines: [{ id: 'L1', sku: 'A', quantityOrdered: 100, quantityReceived: 0 }, { id: 'L2', sku: 'B', quantityOrdered: 50, quantityReceived: 0 }],
};

function step(state: PurchaseOrderState, action: PurchaseOrderAction, actor: Actor = manager): PurchaseOrderState {
  const r = transitionPurchaseOrder(state, action, actor, options);
  if (!r.ok) throw r.error;
  return r.po;
}

describe('transitionPurchaseOrder', () => {
  it('when an order goes the whole way, then each step moves the status and bumps the version', () => {
    const approved = step(po, { type: 'approve' });
    expect(approved).toMatchObject({ status: 'approved', version: 2, approvedBy: 'u-m', approvedAt: options.now });
    const sent = step(approved, { type: 'send' });
    const partial = step(sent, { type: 'receive', lines: [{ lineId: 'L1', quantity: 60 }] }, operator);
    expect(partial.status).toBe('partially_received');
    expect(partial.lines[0]?.quantityReceived).toBe(60);
    const received = step(partial, { type: 'receive', lines: [{ lineId: 'L1', quantity: 40 }, { lineId: 'L2', quantity: 50 }] }, operator);
    expect(received.status).toBe('received');
    const closed = step(received, { type: 'close' });
    expect(closed).toMatchObject({ status: 'closed', version: 6 });
  });

  it('when a transition succeeds, then it returns an audit event with from, to, actor and version', () => {
    const r = transitionPurchaseOrder(po, { type: 'approve' }, manager, options);
    expect(r.ok && r.event).toEqual({
      type: 'purchase_order.approve', purchaseOrderId: 'PO-1', from: 'proposed', to: 'approved', actorId: 'u-m', actorRole: 'MANAGER',
      at: options.now, version: 2, details: { total: '2500', requiresStepUp: false },
    });
  });

  it('when approving an already approved order, then it is an invalid transition and the input is untouched', () => {
    const approved = step(po, { type: 'approve' });
    const r = transitionPurchaseOrder(approved, { type: 'approve' }, admin, options);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ code: 'invalid_transition', message: 'cannot approve purchase order PO-1: it is approved' });
    expect(approved.status).toBe('approved');
  });

  it('when two managers approve the same version, then both results carry version 2 so the second compare-and-set loses', () => {
    const a = transitionPurchaseOrder(po, { type: 'approve' }, manager, options);
    const b = transitionPurchaseOrder(po, { type: 'approve' }, { id: 'u-m2', role: 'MANAGER' }, options);
    expect(a.ok && b.ok && a.po.version === b.po.version && a.po.version === po.version + 1).toBe(true);
  });

  it('when the value is above the limit, then only an ADMIN with step-up may approve', () => {
    const big = { ...po, total: '10000.01' };
    expect(approvalRequirement('10000.00', '10000.00')).toEqual({ allowedRoles: ['ADMIN', 'MANAGER'], requiresStepUp: false });
    expect(approvalRequirement(big.total, '10000.00')).toEqual({ allowedRoles: ['ADMIN'], requiresStepUp: true });
    const byManager = transitionPurchaseOrder(big, { type: 'approve' }, manager, options);
    expect(!byManager.ok && byManager.error.code).toBe('forbidden');
    const noStepUp = transitionPurchaseOrder(big, { type: 'approve' }, { id: 'u-a', role: 'ADMIN' }, options);
    expect(!noStepUp.ok && noStepUp.error.code).toBe('step_up_required');
    const notEnforced = transitionPurchaseOrder(big, { type: 'approve' }, { id: 'u-a', role: 'ADMIN' }, { ...options, enforceStepUp: false });
    expect(notEnforced.ok).toBe(true);
    const ok = transitionPurchaseOrder(big, { type: 'approve' }, admin, options);
    expect(ok.ok && ok.event.details).toEqual({ total: '10000.01', requiresStepUp: true });
  });

  it('when an OPERATOR or VIEWER tries to approve, then it is forbidden; an OPERATOR may receive', () => {
    expect(transitionPurchaseOrder(po, { type: 'approve' }, operator, options)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(transitionPurchaseOrder(po, { type: 'reject', reason: 'x' }, viewer, options)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const sent = step(step(po, { type: 'approve' }), { type: 'send' });
    expect(transitionPurchaseOrder(sent, { type: 'receive', lines: [{ lineId: 'L1', quantity: 1 }] }, viewer, options)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('when rejecting, then a reason is required and the order cannot be approved afterwards', () => {
    expect(transitionPurchaseOrder(po, { type: 'reject', reason: '  ' }, manager, options)).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'reason' } });
    const rejected = step(po, { type: 'reject', reason: 'supplier price too high' });
    expect(rejected).toMatchObject({ status: 'rejected', rejectedReason: 'supplier price too high' });
    expect(transitionPurchaseOrder(rejected, { type: 'approve' }, admin, options)).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
  });

  it('when receiving too much, an unknown line or nothing, then the receipt is refused', () => {
    const sent = step(step(po, { type: 'approve' }), { type: 'send' });
    expect(transitionPurchaseOrder(sent, { type: 'receive', lines: [{ lineId: 'L2', quantity: 51 }] }, operator, options)).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'lines.quantity' } });
    expect(transitionPurchaseOrder(sent, { type: 'receive', lines: [{ lineId: 'L9', quantity: 1 }] }, operator, options)).toMatchObject({ ok: false, error: { code: 'unknown_reference' } });
    expect(transitionPurchaseOrder(sent, { type: 'receive', lines: [{ lineId: 'L1', quantity: -1 }] }, operator, options)).toMatchObject({ ok: false, error: { field: 'lines.quantity' } });
    expect(transitionPurchaseOrder(sent, { type: 'receive', lines: [] }, operator, options)).toMatchObject({ ok: false, error: { field: 'lines' } });
    expect(transitionPurchaseOrder(po, { type: 'receive', lines: [{ lineId: 'L1', quantity: 1 }] }, operator, options)).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
  });

  it('when closing a partly received order, then a reason is needed (short close)', () => {
    const partial = step(step(step(po, { type: 'approve' }), { type: 'send' }), { type: 'receive', lines: [{ lineId: 'L1', quantity: 10 }] }, operator);
    expect(transitionPurchaseOrder(partial, { type: 'close' }, manager, options)).toMatchObject({ ok: false, error: { field: 'reason' } });
    expect(step(partial, { type: 'close', reason: 'supplier cannot deliver the rest' })).toMatchObject({ status: 'closed', closedReason: 'supplier cannot deliver the rest' });
    expect(transitionPurchaseOrder(po, { type: 'send' }, manager, options)).toMatchObject({ ok: false, error: { code: 'invalid_transition' } });
  });
});
