// Contracts (DESIGN §5): who pays what for consults from a care group at a provider, per
// modality and period. Everyone with billing sight reads them (GET /contracts answers only the
// caller's); the regional admin creates (POST) and edits (PATCH with the version read) them.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import type { Contract, ContractInput, FeeKind, Modality, Organization, Page, Service } from '../api/types';
import { Alert, ErrorSummary, Field, Loading, PageHeading, errorMessage, fieldId, useAnnounce } from '../components/ui';
import { useI18n, type Lang, type T } from '../i18n/i18n';
import { formatDate } from '../lib/format';
import { centsToInput, formatCents, formatRate, parseEuroCents, parseEuroRate, rateToInput } from '../lib/money';
import { usePageTitle } from '../router';
import { useUser } from '../session';

interface Choices { careGroups: Organization[]; providers: Organization[]; payers: Organization[] }

export default function Contracts() {
  const { t } = useI18n();
  const user = useUser();
  const admin = user.role === 'regional_admin';
  const [contracts, setContracts] = useState<Contract[] | null>(null);
  const [choices, setChoices] = useState<Choices | null>(null);
  const [editing, setEditing] = useState<Contract | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(t('contracts.title'));

  useEffect(() => {
    api.get<{ items: Contract[] }>('/contracts').then((r) => setContracts(r.items), (e) => setError(errorMessage(e, t)));
    if (!admin) return;
    Promise.all([api.get<Page<Organization>>('/organizations'), api.get<Page<Service>>('/services')]).then(
      ([o, s]) => setChoices(choicesFrom(o.items, s.items)),
      (e) => setError(errorMessage(e, t)),
    );
  }, [admin, t]);

  function saved(c: Contract) {
    setContracts((prev) => (prev!.some((x) => x.id === c.id) ? prev!.map((x) => (x.id === c.id ? c : x)) : [...prev!, c]));
    setEditing(null);
  }

  if (error) return <Alert>{t('app.error', { message: error })}</Alert>;
  if (!contracts || (admin && !choices)) return <Loading />;
  return (
    <>
      <div className="page-head">
        <PageHeading>{t('contracts.title')}</PageHeading>
        {admin && !editing && <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>{t('contracts.new')}</button>}
      </div>
      <p className="intro">{t('contracts.intro')}</p>
      {admin && editing && choices && (
        <ContractForm key={editing === 'new' ? 'new' : editing.id} contract={editing === 'new' ? null : editing} choices={choices}
          onSaved={saved} onCancel={() => setEditing(null)} />
      )}
      {contracts.length === 0 ? <p className="empty">{t('contracts.none')}</p> : <ContractTable contracts={contracts} onEdit={admin ? setEditing : undefined} />}
    </>
  );
}

// Requesters are the groups practices contract through (a care group, or a health centre for its
// own practices); providers are the organisations that offer a service; payers are the insurers.
function choicesFrom(orgs: Organization[], services: Service[]): Choices {
  const offering = new Set(services.map((s) => s.organization_id));
  return {
    careGroups: orgs.filter((o) => o.type === 'care_group' || o.type === 'health_centre'),
    providers: orgs.filter((o) => offering.has(o.id)),
    payers: orgs.filter((o) => o.type === 'insurer'),
  };
}

export function period(c: { valid_from: string; valid_to: string | null }, t: T, lang: Lang): string {
  const from = formatDate(c.valid_from, lang);
  return c.valid_to ? `${from} – ${formatDate(c.valid_to, lang)}` : t('contracts.from', { date: from });
}

export function consultantFee(c: Contract, t: T, lang: Lang): string {
  if (c.consultant_fee_kind === 'fixed') return formatCents(c.consultant_fee_cents ?? 0, lang);
  const rate = t('contracts.perMinute', { rate: formatRate(c.consultant_rate_cents_per_minute ?? 0, lang) });
  return c.consultant_fee_cap_cents === null ? `${rate}, ${t('contracts.noCap')}` : `${rate}, ${t('contracts.cap', { cap: formatCents(c.consultant_fee_cap_cents, lang) })}`;
}

function ContractTable({ contracts, onEdit }: { contracts: Contract[]; onEdit?: (c: Contract) => void }) {
  const { t, lang } = useI18n();
  return (
    <div className="table-wrap" role="region" aria-label={t('contracts.title')} tabIndex={0}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('contracts.careGroup')}</th><th scope="col">{t('contracts.provider')}</th>
            <th scope="col">{t('contracts.modality')}</th><th scope="col">{t('contracts.period')}</th>
            <th scope="col">{t('contracts.payer')}</th><th scope="col">{t('contracts.gpFee')}</th>
            <th scope="col">{t('contracts.consultantFee')}</th><th scope="col">{t('contracts.deductible')}</th>
            {onEdit && <th scope="col"><span className="sr-only">{t('contracts.edit')}</span></th>}
          </tr>
        </thead>
        <tbody>
          {contracts.map((c) => (
            <tr key={c.id}>
              <td>{c.requester_care_group_name}</td>
              <td>{c.provider_organization_name}</td>
              <td>{t(`services.modality.${c.modality}`)}</td>
              <td className="nowrap">{period(c, t, lang)}</td>
              <td>{c.payer_name}</td>
              <td className="nowrap">{formatCents(c.gp_fee_cents, lang)}<div className="muted small">{t('contracts.code', { code: c.gp_code })}</div></td>
              <td>
                {consultantFee(c, t, lang)}<div className="muted small">{t('contracts.code', { code: c.consultant_code })}</div>
                {c.session_fee_cents != null && <div className="small">{t('contracts.perSession', { fee: formatCents(c.session_fee_cents, lang) })}</div>}
              </td>
              <td>{t('contracts.no')}</td>
              {onEdit && (
                <td>
                  <button type="button" className="btn btn-small" onClick={() => onEdit(c)}>
                    {t('contracts.edit')}<span className="sr-only"> {c.requester_care_group_name} – {c.provider_organization_name}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The form's text, as typed; amounts become cents only on save.
interface Draft {
  requester_care_group_id: string; provider_organization_id: string; modality: Modality; valid_from: string; valid_to: string;
  payer_id: string; gp_fee: string; gp_code: string; consultant_fee_kind: FeeKind; consultant_fee: string;
  consultant_rate: string; consultant_fee_cap: string; consultant_code: string; session_fee: string;
}

function draftOf(c: Contract | null, lang: Lang): Draft {
  return {
    requester_care_group_id: c?.requester_care_group_id ?? '', provider_organization_id: c?.provider_organization_id ?? '',
    modality: c?.modality ?? 'e_consult', valid_from: c?.valid_from ?? '', valid_to: c?.valid_to ?? '', payer_id: c?.payer_id ?? '',
    gp_fee: centsToInput(c?.gp_fee_cents, lang), gp_code: c?.gp_code ?? '', consultant_fee_kind: c?.consultant_fee_kind ?? 'fixed',
    consultant_fee: centsToInput(c?.consultant_fee_cents, lang), consultant_rate: rateToInput(c?.consultant_rate_cents_per_minute, lang),
    consultant_fee_cap: centsToInput(c?.consultant_fee_cap_cents, lang), consultant_code: c?.consultant_code ?? '',
    session_fee: centsToInput(c?.session_fee_cents, lang),
  };
}

// The draft as the API's fields, or the amounts that do not parse (keyed by the API's field names,
// like the server's 422). Only the fields of the chosen fee kind are sent.
export function toInput(d: Draft, lang: Lang, t: T): { input: ContractInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const amount = (field: string, text: string, { rate = false, optional = false } = {}) => {
    if (text.trim() === '') {
      if (!optional) errors[field] = t('contracts.amountRequired');
      return null;
    }
    const v = rate ? parseEuroRate(text, lang) : parseEuroCents(text, lang);
    if (v === null) errors[field] = t(rate ? 'contracts.rateInvalid' : 'contracts.amountInvalid');
    return v;
  };
  const input: ContractInput = {
    requester_care_group_id: d.requester_care_group_id, provider_organization_id: d.provider_organization_id, modality: d.modality,
    valid_from: d.valid_from, valid_to: d.valid_to || null, payer_id: d.payer_id,
    gp_fee_cents: amount('gp_fee_cents', d.gp_fee) ?? undefined, gp_code: d.gp_code.trim(),
    consultant_fee_kind: d.consultant_fee_kind, consultant_code: d.consultant_code.trim(), deductible_applies: false,
  };
  if (d.consultant_fee_kind === 'fixed') {
    input.consultant_fee_cents = amount('consultant_fee_cents', d.consultant_fee);
  } else {
    input.consultant_rate_cents_per_minute = amount('consultant_rate_cents_per_minute', d.consultant_rate, { rate: true });
    input.consultant_fee_cap_cents = amount('consultant_fee_cap_cents', d.consultant_fee_cap, { optional: true });
  }
  // A fee per session exists only for on-site contracts; null clears it.
  input.session_fee_cents = d.modality === 'on_site' ? amount('session_fee_cents', d.session_fee, { optional: true }) : null;
  return { input, errors };
}

function ContractForm({ contract, choices, onSaved, onCancel }: { contract: Contract | null; choices: Choices; onSaved: (c: Contract) => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const [d, setD] = useState<Draft>(() => draftOf(contract, lang));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setD((prev) => ({ ...prev, [k]: e.target.value }));
  const labels: Record<string, string> = {
    requester_care_group_id: t('contracts.careGroup'), provider_organization_id: t('contracts.provider'), modality: t('contracts.modality'),
    valid_from: t('contracts.validFrom'), valid_to: t('contracts.validTo'), payer_id: t('contracts.payer'),
    gp_fee_cents: t('contracts.gpFee'), gp_code: t('contracts.gpCode'), consultant_fee_kind: t('contracts.feeKind'),
    consultant_fee_cents: t('contracts.fixedFee'), consultant_rate_cents_per_minute: t('contracts.rate'),
    consultant_fee_cap_cents: t('contracts.capInput'), consultant_code: t('contracts.consultantCode'), deductible_applies: t('contracts.deductible'),
    session_fee_cents: t('contracts.sessionFee'),
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const { input, errors: local } = toInput(d, lang, t);
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const c = contract
        ? await api.patch<Contract>(`/contracts/${contract.id}`, { ...input, version: contract.version })
        : await api.post<Contract>('/contracts', input);
      announce(t('contracts.saved'));
      onSaved(c);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(err.fieldErrors());
      if (!(err instanceof ApiError && err.status === 422 && err.errors.length)) setFailure(errorMessage(err, t));
      setBusy(false);
    }
  }

  const select = (field: keyof Draft, options: Organization[]) => (
    <Field id={fieldId(field)} label={labels[field]} error={errors[field]} required>
      {(a) => (
        <select {...a} value={d[field]} onChange={set(field)}>
          <option value="">{t('contracts.choose')}</option>
          {options.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select>
      )}
    </Field>
  );
  const text = (field: keyof Draft, apiField: string, opts: { hint?: string; required?: boolean; money?: boolean } = {}) => (
    <Field id={fieldId(apiField)} label={labels[apiField]} hint={opts.hint} error={errors[apiField]} required={opts.required ?? true}>
      {(a) => <input {...a} className="input-mid" inputMode={opts.money ? 'decimal' : undefined} value={d[field]} onChange={set(field)} />}
    </Field>
  );
  const radios = <V extends string>(field: 'modality' | 'consultant_fee_kind', values: readonly V[], label: (v: V) => string) => (
    <fieldset className={`radios ${errors[field] ? 'field-error' : ''}`}>
      <legend>{labels[field]}</legend>
      {errors[field] && <p className="error-text">{errors[field]}</p>}
      {values.map((v) => (
        <label key={v} className="radio">
          <input type="radio" name={fieldId(field)} value={v} checked={d[field] === v} onChange={set(field)} />
          <span>{label(v)}</span>
        </label>
      ))}
    </fieldset>
  );

  return (
    <form onSubmit={save} noValidate className="card contract-form" aria-labelledby="contract-form-title">
      <h2 id="contract-form-title">{contract ? t('contracts.editTitle') : t('contracts.newTitle')}</h2>
      <ErrorSummary errors={errors} labels={labels} title={t('contracts.errorSummary')} />
      {failure && <Alert>{t('contracts.notSaved', { message: failure })}</Alert>}
      {select('requester_care_group_id', choices.careGroups)}
      {select('provider_organization_id', withCurrent(choices.providers, contract?.provider_organization_id, contract?.provider_organization_name))}
      {radios('modality', ['e_consult', 'on_site'] as const, (m) => t(`services.modality.${m}`))}
      <Field id={fieldId('valid_from')} label={labels.valid_from} error={errors.valid_from} required>
        {(a) => <input {...a} type="date" className="input-mid" value={d.valid_from} onChange={set('valid_from')} />}
      </Field>
      <Field id={fieldId('valid_to')} label={labels.valid_to} hint={t('contracts.validToHint')} error={errors.valid_to}>
        {(a) => <input {...a} type="date" className="input-mid" value={d.valid_to} onChange={set('valid_to')} />}
      </Field>
      {select('payer_id', choices.payers)}
      {text('gp_fee', 'gp_fee_cents', { hint: t('contracts.amountHint'), money: true })}
      {text('gp_code', 'gp_code')}
      {radios('consultant_fee_kind', ['fixed', 'per_minute'] as const, (k) => t(`contracts.kind.${k}`))}
      {d.consultant_fee_kind === 'fixed' ? (
        text('consultant_fee', 'consultant_fee_cents', { hint: t('contracts.amountHint'), money: true })
      ) : (
        <>
          {text('consultant_rate', 'consultant_rate_cents_per_minute', { hint: t('contracts.rateHint'), money: true })}
          {text('consultant_fee_cap', 'consultant_fee_cap_cents', { hint: t('contracts.capHint'), required: false, money: true })}
        </>
      )}
      {text('consultant_code', 'consultant_code')}
      {d.modality === 'on_site' && text('session_fee', 'session_fee_cents', { hint: t('contracts.sessionFeeHint'), required: false, money: true })}
      <dl className="facts facts-compact">
        <div><dt>{labels.deductible_applies}</dt><dd>{t('contracts.no')} <span className="muted small">{t('contracts.deductibleNote')}</span></dd></div>
      </dl>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('contracts.save')}</button>
        <button type="button" className="btn" disabled={busy} onClick={onCancel}>{t('contracts.cancel')}</button>
      </div>
    </form>
  );
}

// The contract's own provider stays choosable even if it no longer offers a service.
function withCurrent(list: Organization[], id: string | undefined, name: string | undefined): Organization[] {
  if (!id || list.some((o) => o.id === id)) return list;
  return [...list, { id, name: name ?? id, ref: '', type: '', part_of: null, agb: '', postcode: '' }];
}
