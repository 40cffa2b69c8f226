import { describe, expect, it } from 'vitest';
import { centsToInput, formatCents, formatEuros, formatRate, parseEuroCents, parseEuroRate, rateToInput } from './money';

// Intl puts a no-break space between "€" and the amount in Dutch.
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('money', () => {
  it('parses Dutch amounts into exact cents', () => {
    expect(parseEuroCents('12,50')).toBe(1250);
    expect(parseEuroCents('0,1')).toBe(10);
    expect(parseEuroCents('1.234,56')).toBe(123456);
    expect(parseEuroCents('25')).toBe(2500);
    expect(parseEuroCents(' € 45,00 ')).toBe(4500);
    expect(parseEuroCents('1234,5')).toBe(123450);
    expect(parseEuroCents('0,29')).toBe(29); // parseFloat('0.29') * 100 is 28.999999999999996
    expect(parseEuroCents('1.000.000')).toBe(100000000);
  });

  it('refuses what is not an amount with at most two decimals', () => {
    for (const bad of ['12,345', 'abc', '', '12,', ',5', '1.23', '12.3456', '-5', '1,2,3', '12 50', '1e3', '12.50']) {
      expect(parseEuroCents(bad), bad).toBeNull();
    }
  });

  it('reads English amounts in English mode', () => {
    expect(parseEuroCents('1,234.56', 'en')).toBe(123456);
    expect(parseEuroCents('12.5', 'en')).toBe(1250);
    expect(parseEuroCents('12,50', 'en')).toBeNull();
  });

  it('parses a per-minute rate in euros into cents with up to two decimals', () => {
    expect(parseEuroRate('1,875')).toBe(187.5);
    expect(parseEuroRate('1,8756')).toBe(187.56);
    expect(parseEuroRate('2')).toBe(200);
    expect(parseEuroRate('1,87561')).toBeNull();
    expect(JSON.stringify({ r: parseEuroRate('0,0001') })).toBe('{"r":0.01}');
  });

  it('writes cents back as input text that parses to the same value', () => {
    expect(centsToInput(1250, 'nl')).toBe('12,50');
    expect(centsToInput(5, 'nl')).toBe('0,05');
    expect(centsToInput(123456, 'en')).toBe('1234.56');
    expect(centsToInput(null, 'nl')).toBe('');
    expect(rateToInput(187.5, 'nl')).toBe('1,875');
    expect(rateToInput(200, 'nl')).toBe('2,00');
    for (const c of [0, 1, 10, 99, 1250, 987654]) expect(parseEuroCents(centsToInput(c, 'nl'))).toBe(c);
    for (const r of [0.01, 187.5, 187.56, 12]) expect(parseEuroRate(rateToInput(r, 'nl'))).toBe(r);
  });

  it('formats in the Dutch or English way', () => {
    expect(plain(formatCents(123456, 'nl'))).toBe('€ 1.234,56');
    expect(plain(formatCents(2500, 'nl'))).toBe('€ 25,00');
    expect(formatCents(123456, 'en')).toBe('€1,234.56');
    expect(plain(formatRate(187.5, 'nl'))).toBe('€ 1,875');
    expect(plain(formatRate(200, 'nl'))).toBe('€ 2,00');
    expect(plain(formatEuros(123456, 'nl'))).toBe('€ 1.235');
    expect(plain(formatEuros(-16000050, 'nl'))).toBe('€ -160.001');
    expect(formatEuros(123449, 'en')).toBe('€1,234');
    expect(plain(formatEuros(-40, 'nl'))).toBe('€ 0');
  });
});
