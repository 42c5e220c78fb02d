import { Decimal } from 'decimal.js';
import type { Actor, Role } from '../actor.ts';
import { DomainError } from '../domain-error.ts';
import type { CurrencyCode, DecimalInput } from '../money/money.ts';

export type PurchaseOrderStatus = 'proposed' | 'approved' | 'sent' | 'partially_received' | 'received' | 'closed' | 'rejected';

export interface PurchaseOrderLineState {
  readonly id: string;
  readonly sku: string;
  readonly quantityOrdered: number;
  readonly quantityReceived: number;
}

/** The workflow-relevant part of a purchase order. `version` increments on every transition (optimistic locking). */
export interface PurchaseOrderState {
  readonly id: string;
  readonly status: PurchaseOrderStatus;
  readonly version: number;
  readonly total: DecimalInput;
  readonly currency: CurrencyCode;
  readonly lines: readonly PurchaseOrderLineState[];
  readonly approvedBy?: string;
  readonly approvedAt?: string;
  readonly rejectedReason?: string;
  readonly closedReason?: string;
}

export type PurchaseOrderAction =
  | { readonly type: 'approve' }
  | { readonly type: 'reject'; readonly reason: string }
  | { readonly type: 'send' }
  | { readonly type: 'receive'; readonly lines: readonly { lineId: string; quantity: number }[] }
  | { readonly type: 'close'; readonly reason?: string };

/** An audit record of one transition. */
export interface PurchaseOrderEvent {
  readonly type: `purchase_order.${PurchaseOrderAction['type']}`;
  readonly purchaseOrderId: string;
  readonly from: PurchaseOrderStatus;
  readonly to: PurchaseOrderStatus;
  readonly actorId: string;
  readonly actorRole: Role;
  readonly at: string;
  /** Version after the transition; persist with `WHERE version = previous` so a concurrent second write loses. */
  readonly version: number;
  readonly details: Readonly<Record<string, unknown>>;
}

export type TransitionResult =
  | { readonly ok: true; readonly po: PurchaseOrderState; readonly event: PurchaseOrderEvent }
  | { readonly ok: false; readonly error: DomainError };

export interface TransitionOptions {
  /** Order value above which only an ADMIN may approve, with step-up (in the order's currency). */
  readonly approvalLimit: DecimalInput;
  /** ISO timestamp of the transition. */
  readonly now: string;
  /** Require `actor.hasRecentStepUp` above the limit (default true; off until step-up authentication exists). */
  readonly enforceStepUp?: boolean;
}

export interface ApprovalRequirement {
  readonly allowedRoles: readonly Role[];
  readonly requiresStepUp: boolean;
}

/** Who may approve an order of `total`: MANAGER or ADMIN up to the limit; above it ADMIN only, with step-up. */
export function approvalRequirement(total: DecimalInput, approvalLimit: DecimalInput): ApprovalRequirement {
  return new Decimal(total).greaterThan(approvalLimit)
    ? { allowedRoles: ['ADMIN'], requiresStepUp: true }
    : { allowedRoles: ['ADMIN', 'MANAGER'], requiresStepUp: false };
}

const managers: readonly Role[] = ['ADMIN', 'MANAGER'];
const receivers: readonly Role[] = ['ADMIN', 'MANAGER', 'OPERATOR'];

const fail = (code: DomainError['code'], message: string, field?: string): TransitionResult => ({ ok: false, error: new DomainError(code, message, field) });

/**
 * The purchase-order workflow as a pure function:
 *
 *   proposed ─approve→ approved ─send→ sent ─receive→ partially_received ─receive→ received ─close→ closed
 *   proposed | approved ─reject(reason)→ rejected;  partially_received ─close(reason)→ closed (short close)
 *
 * Approve, reject, send and close need MANAGER or ADMIN (approval above the limit: ADMIN with step-up);
 * receiving also OPERATOR. Returns the new state and an audit event, or a typed error: `invalid_transition`
 * (e.g. approving an already approved order), `forbidden`, `step_up_required`, `invalid_input`.
 */
export function transitionPurchaseOrder(po: PurchaseOrderState, action: PurchaseOrderAction, actor: Actor, options: TransitionOptions): TransitionResult {
  const done = (to: PurchaseOrderStatus, patch: Partial<PurchaseOrderState>, details: Record<string, unknown> = {}): TransitionResult => {
    const version = po.version + 1;
    return {
      ok: true,
      po: { ...po, ...patch, status: to, version },
      event: { type: `purchase_order.${action.type}`, purchaseOrderId: po.id, from: po.status, to, actorId: actor.id, actorRole: actor.role, at: options.now, version, details },
    };
  };
  const wrongState = (verb: string): TransitionResult =>
    fail('invalid_transition', `cannot ${verb} purchase order ${po.id}: it is ${po.status.replace('_', ' ')}`, 'status');

  switch (action.type) {
    case 'approve': {
      if (po.status !== 'proposed') return wrongState('approve');
      const rule = approvalRequirement(po.total, options.approvalLimit);
      if (!rule.allowedRoles.includes(actor.role)) {
        return fail('forbidden', rule.requiresStepUp ? `orders above ${new Decimal(options.approvalLimit).toFixed()} ${po.currency} need an ADMIN` : 'approving needs a MANAGER or ADMIN', 'role');
      }
      if (rule.requiresStepUp && (options.enforceStepUp ?? true) && !actor.hasRecentStepUp) {
        return fail('step_up_required', 'approving above the limit needs a recent step-up authentication', 'stepUp');
      }
      return done('approved', { approvedBy: actor.id, approvedAt: options.now }, { total: new Decimal(po.total).toFixed(), requiresStepUp: rule.requiresStepUp });
    }
    case 'reject': {
      if (po.status !== 'proposed' && po.status !== 'approved') return wrongState('reject');
      if (!managers.includes(actor.role)) return fail('forbidden', 'rejecting needs a MANAGER or ADMIN', 'role');
      const reason = action.reason.trim();
      if (reason.length === 0 || reason.length > 500) return fail('invalid_input', 'a rejection needs a reason (1–500 characters)', 'reason');
      return done('rejected', { rejectedReason: reason }, { reason });
    }
    case 'send': {
      if (po.status !== 'approved') return wrongState('send');
      if (!managers.includes(actor.role)) return fail('forbidden', 'sending needs a MANAGER or ADMIN', 'role');
      return done('sent', {});
    }
    case 'receive': {
      if (po.status !== 'sent' && po.status !== 'partially_received') return wrongState('receive against');
      if (!receivers.includes(actor.role)) return fail('forbidden', 'receiving needs an OPERATOR, MANAGER or ADMIN', 'role');
      if (action.lines.length === 0) return fail('invalid_input', 'a receipt needs at least one line', 'lines');
      const received = new Map<string, number>();
      for (const r of action.lines) {
        if (!(Number.isFinite(r.quantity) && r.quantity > 0)) return fail('invalid_input', `received quantity must be > 0 (line ${r.lineId})`, 'lines.quantity');
        received.set(r.lineId, (received.get(r.lineId) ?? 0) + r.quantity);
      }
      for (const lineId of received.keys()) {
        if (!po.lines.some((l) => l.id === lineId)) return fail('unknown_reference', `purchase order ${po.id} has no line ${lineId}`, 'lines.lineId');
      }
      const lines = po.lines.map((l) => ({ ...l, quantityReceived: l.quantityReceived + (received.get(l.id) ?? 0) }));
      const over = lines.find((l) => l.quantityReceived > l.quantityOrdered);
      if (over) return fail('invalid_input', `line ${over.id} would receive ${over.quantityReceived} of ${over.quantityOrdered} ordered`, 'lines.quantity');
      const complete = lines.every((l) => l.quantityReceived >= l.quantityOrdered);
      return done(complete ? 'received' : 'partially_received', { lines }, { received: Object.fromEntries(received) });
    }
    case 'close': {
      if (po.status !== 'received' && po.status !== 'partially_received') return wrongState('close');
      if (!managers.includes(actor.role)) return fail('forbidden', 'closing needs a MANAGER or ADMIN', 'role');
      const reason = action.reason?.trim() ?? '';
      if (po.status === 'partially_received' && reason.length === 0) return fail('invalid_input', 'closing a partly received order needs a reason', 'reason');
      return done('closed', reason ? { closedReason: reason } : {}, reason ? { reason } : {});
    }
  }
}
