import type { Actor, Role } from '../actor.ts';
import { DomainError } from '../domain-error.ts';

export type ProductionOrderStatus = 'planned' | 'released' | 'in_progress' | 'completed' | 'cancelled';

export interface QualityCheckRecord {
  readonly id: string;
  readonly passed: boolean;
  readonly at: string;
  readonly byActorId: string;
  readonly notes?: string;
}

/** The workflow-relevant part of a production order; `version` increments on every transition. */
export interface ProductionOrderState {
  readonly id: string;
  readonly status: ProductionOrderStatus;
  readonly version: number;
  readonly quantity: number;
  readonly goodQuantity: number;
  readonly scrapQuantity: number;
  readonly qualityChecks: readonly QualityCheckRecord[];
  readonly actualStart?: string;
  readonly actualEnd?: string;
  readonly cancelledReason?: string;
}

export type ProductionOrderAction =
  | { readonly type: 'release' }
  | { readonly type: 'start' }
  | { readonly type: 'record_output'; readonly good: number; readonly scrap: number }
  | { readonly type: 'record_quality_check'; readonly checkId: string; readonly passed: boolean; readonly notes?: string }
  | { readonly type: 'complete' }
  | { readonly type: 'cancel'; readonly reason: string };

export interface ProductionOrderEvent {
  readonly type: `production_order.${ProductionOrderAction['type']}`;
  readonly productionOrderId: string;
  readonly from: ProductionOrderStatus;
  readonly to: ProductionOrderStatus;
  readonly actorId: string;
  readonly actorRole: Role;
  readonly at: string;
  readonly version: number;
  readonly details: Readonly<Record<string, unknown>>;
}

export type ProductionTransitionResult =
  | { readonly ok: true; readonly order: ProductionOrderState; readonly event: ProductionOrderEvent }
  | { readonly ok: false; readonly error: DomainError };

const planners: readonly Role[] = ['ADMIN', 'MANAGER'];
const floor: readonly Role[] = ['ADMIN', 'MANAGER', 'OPERATOR'];

/**
 * The production-order workflow as a pure function:
 *
 *   planned ─release→ released ─start→ in_progress ─complete→ completed;  planned | released | in_progress ─cancel(reason)→ cancelled
 *
 * MANAGER or ADMIN release and cancel; an OPERATOR (or MANAGER/ADMIN) starts, records output and quality
 * checks, and completes. Completion needs output and a quality check, the latest of which passed (a failed
 * check has to be followed by a passing re-check). VIEWER has no production actions (spec role matrix).
 */
export function transitionProductionOrder(order: ProductionOrderState, action: ProductionOrderAction, actor: Actor, now: string): ProductionTransitionResult {
  const fail = (code: DomainError['code'], message: string, field?: string): ProductionTransitionResult => ({ ok: false, error: new DomainError(code, message, field) });
  const done = (to: ProductionOrderStatus, patch: Partial<ProductionOrderState>, details: Record<string, unknown> = {}): ProductionTransitionResult => {
    const version = order.version + 1;
    return {
      ok: true,
      order: { ...order, ...patch, status: to, version },
      event: { type: `production_order.${action.type}`, productionOrderId: order.id, from: order.status, to, actorId: actor.id, actorRole: actor.role, at: now, version, details },
    };
  };
  const wrongState = (verb: string): ProductionTransitionResult => fail('invalid_transition', `cannot ${verb} production order ${order.id}: it is ${order.status.replace('_', ' ')}`, 'status');
  const allowed = action.type === 'release' || action.type === 'cancel' ? planners : floor;
  if (!allowed.includes(actor.role)) return fail('forbidden', `${action.type.replace(/_/g, ' ')} needs one of ${allowed.join(', ')}`, 'role');

  switch (action.type) {
    case 'release':
      return order.status === 'planned' ? done('released', {}) : wrongState('release');
    case 'start':
      return order.status === 'released' ? done('in_progress', { actualStart: now }) : wrongState('start');
    case 'record_output': {
      if (order.status !== 'in_progress') return wrongState('record output on');
      for (const field of ['good', 'scrap'] as const) {
        const v = action[field];
        if (!(Number.isInteger(v) && v >= 0)) return fail('invalid_input', `${field} must be a whole number ≥ 0`, field);
      }
      if (action.good + action.scrap === 0) return fail('invalid_input', 'record at least one unit', 'good');
      return done('in_progress', { goodQuantity: order.goodQuantity + action.good, scrapQuantity: order.scrapQuantity + action.scrap }, { good: action.good, scrap: action.scrap });
    }
    case 'record_quality_check': {
      if (order.status !== 'in_progress') return wrongState('record a quality check on');
      if (action.checkId.trim() === '') return fail('invalid_input', 'a quality check needs an id', 'checkId');
      if (order.qualityChecks.some((c) => c.id === action.checkId)) return fail('invalid_input', `quality check ${action.checkId} is already recorded`, 'checkId');
      const check: QualityCheckRecord = { id: action.checkId, passed: action.passed, at: now, byActorId: actor.id, ...(action.notes ? { notes: action.notes } : {}) };
      return done('in_progress', { qualityChecks: [...order.qualityChecks, check] }, { checkId: action.checkId, passed: action.passed });
    }
    case 'complete': {
      if (order.status !== 'in_progress') return wrongState('complete');
      if (order.goodQuantity + order.scrapQuantity === 0) return fail('invalid_input', 'record output before completing', 'goodQuantity');
      const latest = order.qualityChecks[order.qualityChecks.length - 1];
      if (!latest) return fail('invalid_input', 'a quality check is required before completing', 'qualityChecks');
      if (!latest.passed) return fail('invalid_input', `the latest quality check (${latest.id}) failed: re-check before completing`, 'qualityChecks');
      return done('completed', { actualEnd: now }, { goodQuantity: order.goodQuantity, scrapQuantity: order.scrapQuantity });
    }
    case 'cancel': {
      if (order.status === 'completed' || order.status === 'cancelled') return wrongState('cancel');
      const reason = action.reason.trim();
      if (reason.length === 0 || reason.length > 500) return fail('invalid_input', 'cancelling needs a reason (1–500 characters)', 'reason');
      return done('cancelled', { cancelledReason: reason }, { reason });
    }
  }
}
