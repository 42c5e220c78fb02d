import { Decimal } from 'decimal.js';
import { DomainError } from '../domain-error.ts';
import type { DecimalInput } from '../money/money.ts';

/**
 * Rolled throughput yield: the probability a unit passes every step first time = Π FPY of the steps in the
 * routing (Six Sigma practice; Pyzdek, "The Six Sigma Handbook").
 */
export function rolledThroughputYield(stepYields: readonly DecimalInput[]): Decimal {
  if (stepYields.length === 0) throw new DomainError('invalid_input', 'rolled throughput yield needs at least one step', 'stepYields');
  return stepYields.reduce<Decimal>((product, y) => {
    const d = new Decimal(y);
    if (d.isNegative() || d.greaterThan(1)) throw new DomainError('invalid_input', 'each step yield must be between 0 and 1', 'stepYields');
    return product.times(d);
  }, new Decimal(1));
}
