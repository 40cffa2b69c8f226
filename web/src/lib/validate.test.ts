import { describe, expect, it } from 'vitest';
import { checkBsn, checkPostcode, normalisePostcode, validBsn } from './validate';

describe('BSN 11-check', () => {
  it('accepts valid numbers, with the separators people type', () => {
    expect(validBsn('111222333')).toBe(true);
    expect(validBsn('1112.22.333')).toBe(true);
    expect(validBsn('111 222 333')).toBe(true);
  });
  it('refuses wrong checks, lengths and zeros', () => {
    expect(validBsn('123456789')).toBe(false);
    expect(validBsn('11122233')).toBe(false);
    expect(validBsn('000000000')).toBe(false);
  });
  it('says "incomplete" while typing and "invalid" only when it cannot become valid', () => {
    expect(checkBsn('')).toBe('empty');
    expect(checkBsn('1112')).toBe('incomplete');
    expect(checkBsn('11a')).toBe('invalid');
    expect(checkBsn('1112223334')).toBe('invalid');
    expect(checkBsn('111222333')).toBe('ok');
  });
});

describe('postcode', () => {
  it('normalises and refuses what the server refuses', () => {
    expect(normalisePostcode('3083 ab')).toBe('3083AB');
    expect(normalisePostcode('0123AB')).toBeNull();
    expect(normalisePostcode('3083SS')).toBeNull();
    expect(checkPostcode('308')).toBe('incomplete');
    expect(checkPostcode('3083 A')).toBe('incomplete');
    expect(checkPostcode('ABCD')).toBe('invalid');
  });
});
