import { describe, expect, it } from 'vitest';
import { nl } from './nl';
import { en } from './en';
import { translate } from './i18n';

describe('dictionaries', () => {
  it('have the same keys and the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
    for (const k of Object.keys(nl) as (keyof typeof nl)[]) {
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(ph(en[k]), k).toEqual(ph(nl[k]));
    }
  });
  it('fill placeholders', () => {
    expect(translate('nl', 'wizard.sent', { reference: 'MK-2026-000001' })).toBe('Consult MK-2026-000001 verstuurd.');
    expect(translate('en', 'wizard.sent', { reference: 'MK-2026-000001' })).toBe('Consult MK-2026-000001 submitted.');
  });
});
