import { describe, expect, it } from 'vitest';
import { csvField } from './audit-csv.ts';

describe('csvField', () => {
  it('when text holds a comma, quote or line break, then it is quoted with doubled quotes (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
  });

  it('when text starts like a spreadsheet formula, then it is prefixed with an apostrophe', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvField(s).replace(/^"|"$/g, '').startsWith(`'`)).toBe(true);
  });

  it('when the value is null, a number or an object, then empty, the number, or its JSON', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });
});
