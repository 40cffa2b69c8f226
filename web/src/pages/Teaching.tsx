// The region's teaching-case library (/kennisbank): search published cases by words and
// specialty, and read one (/kennisbank/{id}): question, advice and the shared attachments.
// Cases never name the consult, the patient, the practice or the people.
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, query } from '../api/client';
import type { TeachingCase, TeachingCaseItem } from '../api/types';
import { AttachmentLinks } from '../components/Files';
import { Alert, Field, Loading, PageHeading, errorMessage } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDate } from '../lib/format';
import { specialtyCodes, specialtyName } from '../lib/specialty';
import { Link, navigate, useLocation, usePageTitle } from '../router';

const DEBOUNCE_MS = 300;
const LIMIT = 50;

// The words of what was typed: the API takes words, never query syntax, so quotes, operators
// and punctuation are dropped.
export function searchWords(text: string): string {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

export function libraryPath(q: string, specialty: string): string {
  return '/kennisbank' + query({ q: searchWords(q), specialty });
}

// The list the user came from, so "back" on a case keeps the search.
let lastList = '/kennisbank';

export default function TeachingLibrary() {
  const { t, lang } = useI18n();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const specialty = search.get('specialty') ?? '';
  const [text, setText] = useState(q);
  const typed = useRef(searchWords(q)); // the words this page last put in the address
  const [items, setItems] = useState<TeachingCaseItem[] | null>(null);
  const [error, setError] = useState('');
  usePageTitle(t('teaching.title'));

  // Typing settles into the address (replaced, not pushed), which is what is fetched.
  const settle = (words: string, sp: string) => {
    typed.current = searchWords(words);
    navigate(libraryPath(words, sp), { replace: true });
  };
  useEffect(() => {
    if (searchWords(text) === typed.current) return;
    const id = window.setTimeout(() => settle(text, specialty), DEBOUNCE_MS);
    return () => window.clearTimeout(id);
  }, [text, specialty]);
  // The address changed from outside (the menu, back): show its words.
  useEffect(() => {
    if (searchWords(q) !== typed.current) {
      typed.current = searchWords(q);
      setText(q);
    }
  }, [q]);

  useEffect(() => {
    const ctrl = new AbortController();
    lastList = libraryPath(q, specialty);
    setError('');
    api.get<{ items: TeachingCaseItem[] }>('/teaching-cases' + query({ q: searchWords(q), specialty, limit: LIMIT }), { signal: ctrl.signal })
      .then((r) => setItems(r.items), (e) => !ctrl.signal.aborted && setError(errorMessage(e, t)));
    return () => ctrl.abort();
  }, [q, specialty, t]);

  return (
    <>
      <PageHeading>{t('teaching.title')}</PageHeading>
      <p className="intro">{t('teaching.intro')}</p>
      <form role="search" aria-label={t('teaching.title')} className="filters" onSubmit={(e) => { e.preventDefault(); settle(text, specialty); }}>
        <Field id="tc-q" label={t('teaching.search')} hint={t('teaching.searchHint')}>
          {(a) => <input {...a} type="search" value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <Field id="tc-specialty" label={t('teaching.specialty')}>
          {(a) => (
            <select {...a} value={specialty} onChange={(e) => settle(text, e.target.value)}>
              <option value="">{t('teaching.allSpecialties')}</option>
              {specialtyCodes(lang).map((c) => <option key={c} value={c}>{specialtyName(c, lang)}</option>)}
            </select>
          )}
        </Field>
      </form>
      {error && <Alert>{t('app.error', { message: error })}</Alert>}
      {!items && !error && <Loading />}
      {items && (
        <div aria-live="polite">
          <p className="muted" data-testid="teaching-count">
            {items.length === 0 ? t('teaching.none') : t('teaching.found', { n: items.length })}
          </p>
          {items.length > 0 && (
            <ul className="plain teaching-results" data-testid="teaching-results">
              {items.map((c) => (
                <li key={c.id} data-case-id={c.id}>
                  <Link to={`/kennisbank/${encodeURIComponent(c.id)}`}><strong>{c.title}</strong></Link>
                  <div className="muted small">
                    {specialtyName(c.specialty, lang)} · <time dateTime={c.published_at}>{formatDate(c.published_at, lang)}</time> · {t('teaching.reads', { n: c.reads })}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}

export function TeachingCaseView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [item, setItem] = useState<TeachingCase | null>(null);
  const [state, setState] = useState<'loading' | 'ok' | 'notfound' | 'error'>('loading');
  const [error, setError] = useState('');
  usePageTitle(item ? item.title : state === 'notfound' ? t('teaching.notFound') : t('teaching.title'));

  useEffect(() => {
    api.get<TeachingCase>('/teaching-cases/' + encodeURIComponent(id)).then(
      (c) => { setItem(c); setState('ok'); },
      (e) => {
        if (e instanceof ApiError && e.status === 404) setState('notfound');
        else { setError(errorMessage(e, t)); setState('error'); }
      },
    );
  }, [id, t]);

  const back = <p><Link to={lastList}>{t('teaching.back')}</Link></p>;
  if (state === 'loading') return <Loading />;
  if (state === 'notfound')
    return (<><PageHeading>{t('teaching.notFound')}</PageHeading><p>{t('teaching.notFoundText')}</p>{back}</>);
  if (state === 'error' || !item) return <>{back}<Alert>{t('app.error', { message: error })}</Alert></>;
  return (
    <article className="teaching-case" data-testid="teaching-case">
      {back}
      <PageHeading>{item.title}</PageHeading>
      <p className="muted">
        {specialtyName(item.specialty, lang)} · {t('teaching.publishedOn', { date: formatDate(item.published_at, lang) })} · {t('teaching.reads', { n: item.reads })}
      </p>
      <section aria-labelledby="tc-question" className="card">
        <h2 id="tc-question">{t('consult.question')}</h2>
        <p className="prose">{item.question}</p>
      </section>
      <section aria-labelledby="tc-advice" className="card answer">
        <h2 id="tc-advice">{t('consult.answer')}</h2>
        <p className="prose">{item.advice}</p>
      </section>
      {item.attachments.length > 0 && (
        <section aria-labelledby="tc-attachments" className="card">
          <h2 id="tc-attachments">{t('consult.attachments')} <span className="muted">({item.attachments.length})</span></h2>
          <AttachmentLinks items={item.attachments} />
        </section>
      )}
      <p className="small muted">{t('teaching.anonymous')}</p>
    </article>
  );
}
