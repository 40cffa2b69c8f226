// Dutch first, English on request. One dictionary per language (nl.ts is the reference; en.ts
// must have every key). t('key', {name}) fills {name} placeholders.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { nl, type Messages } from './nl';
import { en } from './en';

export type Lang = 'nl' | 'en';
export type MessageKey = keyof Messages;
export type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const dictionaries: Record<Lang, Messages> = { nl, en };
const LANG_KEY = 'mk.lang';

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  let s: string = dictionaries[lang][key] ?? nl[key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

interface I18n {
  lang: Lang;
  t: T;
  setLang: (l: Lang) => void;
}

const Ctx = createContext<I18n>({ lang: 'nl', t: (k, p) => translate('nl', k, p), setLang: () => {} });

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(LANG_KEY);
    if (stored === 'nl' || stored === 'en') return stored;
  } catch {
    /* ignore */
  }
  return 'nl';
}

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(fixed ?? initialLang());
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    document.documentElement.lang = l;
    try {
      localStorage.setItem(LANG_KEY, l);
    } catch {
      /* ignore */
    }
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (k, p) => translate(lang, k, p) }), [lang, setLang]);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n() {
  return useContext(Ctx);
}
