import { describe, expect, it } from 'vitest';
import { canonicalJson, toJsonValue } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('when two objects hold the same members in a different order, then the text is identical and sorted', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true } })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
    expect(canonicalJson({ a: { c: true, d: [1, 'x', null] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true } }));
  });

  it('when keys differ only in case or are non-ASCII, then they sort by UTF-16 code units (RFC 8785)', () => {
    expect(canonicalJson({ b: 0, B: 0, é: 0, a: 0 })).toBe('{"B":0,"a":0,"b":0,"é":0}');
  });

  it('when a member is undefined, then it is left out; in an array it becomes null; Dates become ISO strings', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) })).toBe('{"b":[null],"c":"2026-01-02T03:04:05.006Z"}');
  });

  it('when a value has no JSON form, then it throws rather than hashing something lossy', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(Infinity)).toThrow(TypeError);
  });

  it('when normalised for jsonb, then Dates are strings and undefined becomes null', () => {
    expect(toJsonValue({ at: new Date(0), gone: undefined })).toEqual({ at: '1970-01-01T00:00:00.000Z' });
    expect(toJsonValue(undefined)).toBeNull();
  });
});
