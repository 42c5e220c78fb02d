import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../shared/clock.ts';
import { createMonthlyQuota } from './monthly-quota.ts';
import { formatUnleashedFilterDate, parseUnleashedDate, unleashedDateToIso } from './parse-unleashed-date.ts';
import { buildUnleashedQuery, unleashedSignature } from './unleashed-signature.ts';

describe('unleashedSignature', () => {
  it('when given the reference test vectors, then it produces the documented signatures', () => {
    expect(unleashedSignature('', 'test-api-key')).toBe('mJXmOIXOEvaWU3yhLXyFd+DlMvZQxbttrlRgkdQOHMo=');
    expect(unleashedSignature('pageSize=200&modifiedSince=2024-05-01', 'test-api-key')).toBe('v8S9moHVuiK6DucQBn4gY61Pga96mEI2pRZysVVoAhM=');
  });

  it('when a value needs escaping, then it is sent encoded and signed decoded unless told otherwise', () => {
    expect(buildUnleashedQuery({ pageSize: 200, modifiedSince: '2024-05-01T10:00:00', skip: undefined })).toEqual({ sent: 'pageSize=200&modifiedSince=2024-05-01T10:00:00', signed: 'pageSize=200&modifiedSince=2024-05-01T10:00:00' });
    expect(buildUnleashedQuery({ orderNumber: 'DTC#13633' })).toEqual({ sent: 'orderNumber=DTC%2313633', signed: 'orderNumber=DTC#13633' });
    expect(buildUnleashedQuery({ orderNumber: 'DTC#13633' }, { signDecoded: false }).signed).toBe('orderNumber=DTC%2313633');
  });
});

describe('parseUnleashedDate', () => {
  it('when given ASP.NET dates in any documented form, then it returns the UTC instant', () => {
    expect(unleashedDateToIso('/Date(1714557600000)/')).toBe('2024-05-01T10:00:00.000Z');
    expect(unleashedDateToIso('\\/Date(1714557600000)\\/')).toBe('2024-05-01T10:00:00.000Z');
    expect(unleashedDateToIso('/Date(1714557600000+0100)/')).toBe('2024-05-01T10:00:00.000Z');
    expect(unleashedDateToIso('/Date(-62135596800000)/')).toBe('0001-01-01T00:00:00.000Z');
    expect(unleashedDateToIso('2016-10-08T20:31:25.963')).toBe('2016-10-08T20:31:25.963Z');
    expect(parseUnleashedDate(null)).toBeNull();
    expect(parseUnleashedDate('')).toBeNull();
  });

  it('when the value is not a date, then MALFORMED_RESPONSE names the field', () => {
    expect(() => parseUnleashedDate('/Date(abc)/', 'OrderDate')).toThrow(/OrderDate/);
    expect(() => parseUnleashedDate(1714557600000, 'OrderDate')).toThrow(/OrderDate/);
  });

  it('when formatting a filter date, then it is UTC without a zone suffix', () => {
    expect(formatUnleashedFilterDate('2024-05-01T10:00:00.000+01:00')).toBe('2024-05-01T09:00:00');
  });
});

describe('createMonthlyQuota', () => {
  it('when the month budget is used, then further calls throw QUOTA_EXHAUSTED until 00:00 UTC on the 1st', () => {
    const clock = createFakeClock(Date.parse('2024-05-31T23:00:00Z'));
    const warnings: number[] = [];
    const quota = createMonthlyQuota({ limit: 20, used: 17, clock, onWarning: (_s, t) => warnings.push(t) });
    quota.consume();
    expect(warnings).toEqual([0.9]);
    quota.consume();
    expect(warnings).toEqual([0.9, 0.95]);
    quota.consume();
    expect(() => quota.consume()).toThrow(expect.objectContaining({ code: 'QUOTA_EXHAUSTED', retryAfterMs: 3_600_000 }));
    expect(quota.snapshot()).toMatchObject({ used: 20, remaining: 0, resetsAt: '2024-06-01T00:00:00.000Z' });
    clock.set(Date.parse('2024-06-01T00:00:00Z'));
    quota.consume();
    expect(quota.snapshot()).toMatchObject({ used: 1, periodStart: '2024-06-01T00:00:00.000Z' });
  });

  it('when the stored usage belongs to last month, or a reserve is kept, then those are honoured', () => {
    const clock = createFakeClock(Date.parse('2024-06-10T00:00:00Z'));
    expect(createMonthlyQuota({ limit: 10, used: 10, periodStart: '2024-05-01T00:00:00Z', clock }).snapshot().used).toBe(0);
    const reserved = createMonthlyQuota({ limit: 10, used: 8, reserve: 2, clock });
    expect(() => reserved.consume()).toThrow(/quota/);
  });
});
