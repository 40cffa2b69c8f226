// The coordinator's services: settings (PATCH /services/{id}: name, response time, routing,
// modalities, accepted care groups, active, the intake form) and the consultant pools.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import type { Organization, Page, Service } from '../api/types';
import { Alert, Field, Loading, PageHeading, errorMessage, useAnnounce } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { specialtyName } from '../lib/specialty';
import { usePageTitle } from '../router';
import { IntakeEditor, fromDraft, toDraft } from './IntakeEditor';
import { useUser } from '../session';

export default function Services() {
  const { t } = useI18n();
  const user = useUser();
  const [services, setServices] = useState<Service[] | null>(null);
  const [orgs, setOrgs] = useState<Organization[]>([]);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(t('services.title'));

  useEffect(() => {
    Promise.all([api.get<Page<Service>>('/services'), api.get<Page<Organization>>('/organizations')]).then(
      ([s, o]) => {
        setServices(s.items.filter((x) => x.organization_id === user.organization_id));
        setOrgs(o.items);
      },
      (e) => setError(errorMessage(e, t)),
    );
  }, [user.organization_id, t]);

  if (error) return <Alert>{t('app.error', { message: error })}</Alert>;
  if (!services) return <Loading />;
  const replace = (s: Service) => setServices((prev) => prev!.map((x) => (x.id === s.id ? s : x)));
  return (
    <>
      <PageHeading>{t('services.title')}</PageHeading>
      <p className="intro">{t('services.intro', { org: user.organization?.name ?? '' })}</p>
      {services.length === 0 && <p>{t('services.none')}</p>}
      <div className="service-cards">
        {services.map((s) => <ServiceCard key={s.id} service={s} orgs={orgs} onSaved={replace} />)}
      </div>
    </>
  );
}

function ServiceCard({ service: s, orgs, onSaved }: { service: Service; orgs: Organization[]; onSaved: (s: Service) => void }) {
  const { t, lang } = useI18n();
  const [editing, setEditing] = useState(false);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return (
    <section className="card" aria-labelledby={`svc-${s.id}`}>
      <div className="card-head">
        <h2 id={`svc-${s.id}`}>{s.name}</h2>
        <span className={`badge ${s.active ? 'badge-answered' : 'badge-cancelled'}`}>{s.active ? t('services.active') : t('services.inactive')}</span>
      </div>
      <p className="muted">{specialtyName(s.specialty, lang)}</p>
      {editing ? (
        <ServiceForm service={s} orgs={orgs} onDone={(saved) => { if (saved) onSaved(saved); setEditing(false); }} />
      ) : (
        <>
          <dl className="facts facts-compact">
            <div><dt>{t('services.responseDays')}</dt><dd>{s.response_days === 1 ? t('services.day') : t('services.days', { days: s.response_days })}</dd></div>
            <div><dt>{t('services.routing')}</dt><dd>{t(`services.routing.${s.routing}`)}</dd></div>
            <div><dt>{t('services.modalities')}</dt><dd>{s.modalities.map((m) => t(m === 'on_site' ? 'services.modality.on_site' : 'services.modality.e_consult')).join(', ')}</dd></div>
            <div><dt>{t('services.accepts')}</dt><dd>{s.accepts.length ? s.accepts.map((id) => names.get(id) ?? id).join(', ') : t('services.acceptsAll')}</dd></div>
            <div><dt>{t('services.intake')}</dt><dd>{intakeSummary(s, t)}</dd></div>
          </dl>
          <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
            {t('services.edit')}<span className="sr-only"> {s.name}</span>
          </button>
        </>
      )}
      <h3 className="small-heading">{t('services.consultants')} ({s.consultants.length})</h3>
      {s.consultants.length ? (
        <ul className="plain pool">{s.consultants.map((c) => <li key={c.id}>{c.name}</li>)}</ul>
      ) : (
        <p className="muted">{t('services.noConsultants')}</p>
      )}
    </section>
  );
}

function intakeSummary(s: Service, t: ReturnType<typeof useI18n>['t']): string {
  const form = s.intake ?? { fields: [], min_photos: 0, min_attachments: 0 };
  const parts = form.fields.map((f) => f.label + (f.required ? ' *' : ''));
  if (form.min_photos) parts.push(t('services.intakePhotos', { n: form.min_photos }));
  if (form.min_attachments) parts.push(t('services.intakeAttachments', { n: form.min_attachments }));
  return parts.length ? parts.join(', ') : t('services.intakeNone');
}

function ServiceForm({ service: s, orgs, onDone }: { service: Service; orgs: Organization[]; onDone: (saved: Service | null) => void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [name, setName] = useState(s.name);
  const [days, setDays] = useState(String(s.response_days));
  const [routing, setRouting] = useState(s.routing);
  const [modalities, setModalities] = useState<string[]>(s.modalities);
  const [accepts, setAccepts] = useState<string[]>(s.accepts);
  const [active, setActive] = useState(s.active);
  const [intake, setIntake] = useState(() => toDraft(s.intake ?? { fields: [], min_photos: 0, min_attachments: 0 }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const groups = orgs.filter((o) => o.type === 'care_group');
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const id = (f: string) => `svc-${s.id}-${f}`;

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const saved = await api.patch<Service>(`/services/${s.id}`, {
        name: name.trim(), response_days: Number(days), routing, modalities, accepts, active, intake: fromDraft(intake),
      });
      announce(t('services.saved', { name: saved.name }));
      onDone(saved);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(err.fieldErrors());
      else setFailure(errorMessage(err, t));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} noValidate className="service-form">
      {failure && <Alert>{failure}</Alert>}
      <Field id={id('name')} label={t('services.name')} error={errors.name} required>
        {(a) => <input {...a} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field id={id('days')} label={t('services.responseDaysInput')} error={errors.response_days} required>
        {(a) => <input {...a} type="number" min={0} max={60} inputMode="numeric" className="input-short" value={days} onChange={(e) => setDays(e.target.value)} />}
      </Field>
      <fieldset className={`radios ${errors.routing ? 'field-error' : ''}`}>
        <legend>{t('services.routing')}</legend>
        {errors.routing && <p className="error-text">{errors.routing}</p>}
        {(['pool', 'direct'] as const).map((r) => (
          <label key={r} className="radio">
            <input type="radio" name={id('routing')} checked={routing === r} onChange={() => setRouting(r)} />
            <span>{t(`services.routing.${r}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className={errors.modalities ? 'field-error' : ''}>
        <legend>{t('services.modalities')}</legend>
        {errors.modalities && <p className="error-text">{errors.modalities}</p>}
        {(['e_consult', 'on_site'] as const).map((m) => (
          <div key={m} className="field check">
            <input type="checkbox" id={id(m)} checked={modalities.includes(m)} onChange={() => setModalities(toggle(modalities, m))} />
            <label htmlFor={id(m)}>{t(`services.modality.${m}`)}</label>
          </div>
        ))}
      </fieldset>
      <fieldset className={errors.accepts ? 'field-error' : ''}>
        <legend>{t('services.accepts')}</legend>
        <p className="hint">{t('services.acceptsHint')}</p>
        {errors.accepts && <p className="error-text">{errors.accepts}</p>}
        {groups.map((g) => (
          <div key={g.id} className="field check">
            <input type="checkbox" id={id(g.id)} checked={accepts.includes(g.id)} onChange={() => setAccepts(toggle(accepts, g.id))} />
            <label htmlFor={id(g.id)}>{g.name}</label>
          </div>
        ))}
      </fieldset>
      <div className="field check">
        <input type="checkbox" id={id('active')} checked={active} onChange={(e) => setActive(e.target.checked)} />
        <label htmlFor={id('active')}>{t('services.activeInput')}</label>
      </div>
      <IntakeEditor value={intake} onChange={setIntake} errors={errors} idPrefix={`svc-${s.id}`} />
      {Object.keys(errors).length > 0 && <Alert>{t('services.fixErrors')}</Alert>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('services.save')}</button>
        <button type="button" className="btn" disabled={busy} onClick={() => onDone(null)}>{t('services.cancel')}</button>
      </div>
    </form>
  );
}
