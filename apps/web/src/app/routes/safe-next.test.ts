import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it('when next is a same-app path, then it is followed; another site, a missing value or the page itself fall back home', () => {
    expect(safeNext('/inventory?warehouse=UK-MAIN')).toBe('/inventory?warehouse=UK-MAIN');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
    expect(safeNext('/change-password?next=/x', '/change-password')).toBe('/');
    expect(safeNext('/dashboard', '/change-password')).toBe('/dashboard');
  });
});
