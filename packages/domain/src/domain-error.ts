/**
 * The one error type of the domain package. `code` is stable (the server maps it to an HTTP status once);
 * `field` names the offending input so an API can point at it.
 */
export type DomainErrorCode =
  | 'invalid_input'
  | 'unknown_reference'
  | 'invalid_transition'
  | 'forbidden'
  | 'step_up_required'
  | 'infeasible';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Throws an `invalid_input` DomainError for `field` unless `condition` holds. */
export function requireInput(condition: boolean, field: string, message: string): asserts condition {
  if (!condition) throw new DomainError('invalid_input', message, field);
}

/** A finite number ≥ 0 (quantities, days, rates). */
export function requireNonNegative(value: number, field: string): void {
  requireInput(Number.isFinite(value) && value >= 0, field, `${field} must be a finite number ≥ 0, got ${value}`);
}

/** A finite number > 0. */
export function requirePositive(value: number, field: string): void {
  requireInput(Number.isFinite(value) && value > 0, field, `${field} must be a finite number > 0, got ${value}`);
}
