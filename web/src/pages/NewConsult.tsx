// The new-consult wizard: (1) choose a service by specialty and hospital, (2) patient, question,
// the intended-referral question, photos/PDFs and the patient-informed confirmation. Also
// completes a draft (/consults/{id}/edit). Sending = create as draft → upload the files with
// progress → submit; a failed step keeps the draft, so trying again never duplicates it. The
// chosen service's intake form (its own questions, the photos it needs) is asked in step 2.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, newIdempotencyKey } from '../api/client';
import type { Consult, ConsultInput, IntakeForm, IntendedReferral, Page, Service, Sex, Urgency } from '../api/types';
import { FileList, FilePicker, useUploads } from '../components/Files';
import { Alert, ErrorSummary, Field, fieldId, Loading, PageHeading, errorMessage, setFlash } from '../components/ui';
import { useI18n, type T } from '../i18n/i18n';
import { checkBsn, checkPostcode, normaliseBsn, normalisePostcode } from '../lib/validate';
import { attachmentNeed, intakeErrors, intakeInput, intakeLabel, looksLikePhoto, noIntake } from '../lib/intake';
import { markSeen } from '../lib/seen';
import { specialtyName } from '../lib/specialty';
import { navigate, usePageTitle } from '../router';
import { useUser } from '../session';

interface Form {
  service_id: string;
  consultant_id: string;
  requester_id: string;
  bsn: string;
  name: string;
  birth_date: string;
  sex: Sex | '';
  postcode: string;
  question: string;
  clinical_context: string;
  patient_narrative: string;
  urgency: Urgency;
  intended_referral: IntendedReferral | '';
  patient_informed: boolean;
  intake: Record<string, string>;
}

const empty: Form = {
  service_id: '', consultant_id: '', requester_id: '', bsn: '', name: '', birth_date: '', sex: '', postcode: '',
  question: '', clinical_context: '', patient_narrative: '', urgency: 'routine', intended_referral: '', patient_informed: false,
  intake: {},
};

type Errors = Record<string, string>;

function fromConsult(c: Consult): Form {
  return {
    service_id: c.service_id, consultant_id: c.assignee_id ?? '', requester_id: c.requester_id,
    bsn: c.patient.bsn, name: c.patient.name, birth_date: c.patient.birth_date ?? '', sex: c.patient.sex === 'unknown' ? '' : c.patient.sex,
    postcode: c.patient.postcode, question: c.question, clinical_context: c.clinical_context, patient_narrative: c.patient_narrative,
    urgency: c.urgency, intended_referral: c.intended_referral ?? '', patient_informed: c.patient_informed,
    intake: { ...(c.intake ?? {}) },
  };
}

// The fields as the API takes them; empty texts left out (a draft may be incomplete).
export function toInput(f: Form, opts: { assistant: boolean; direct: boolean; intake?: IntakeForm }): ConsultInput {
  const patient: ConsultInput['patient'] = {};
  if (f.bsn) patient.bsn = normaliseBsn(f.bsn);
  if (f.name.trim()) patient.name = f.name.trim();
  if (f.birth_date) patient.birth_date = f.birth_date;
  if (f.sex) patient.sex = f.sex;
  if (f.postcode.trim()) patient.postcode = normalisePostcode(f.postcode) ?? f.postcode.trim();
  const input: ConsultInput = { service_id: f.service_id, patient, urgency: f.urgency, patient_informed: f.patient_informed };
  if (f.question.trim()) input.question = f.question;
  if (f.clinical_context.trim()) input.clinical_context = f.clinical_context;
  if (f.patient_narrative.trim()) input.patient_narrative = f.patient_narrative;
  if (f.intended_referral) input.intended_referral = f.intended_referral;
  if (opts.direct && f.consultant_id) input.consultant_id = f.consultant_id;
  if (opts.assistant && f.requester_id.trim()) input.requester_id = f.requester_id.trim();
  input.intake = intakeInput(opts.intake ?? noIntake, f.intake);
  return input;
}

// What the server would refuse, checked before sending. A draft needs only the service and a
// valid BSN (and, from an assistant, the GP). `photos`/`attachments`: what the consult will hold.
export function validate(f: Form, t: T, opts: {
  draft: boolean; assistant: boolean; direct: boolean; intake?: IntakeForm; photos?: number; attachments?: number;
}): Errors {
  const e: Errors = {};
  const req = t('wizard.required');
  if (!f.service_id) e.service_id = req;
  const bsn = checkBsn(f.bsn);
  if (bsn === 'empty') e['patient.bsn'] = req;
  else if (bsn !== 'ok') e['patient.bsn'] = t('wizard.bsnInvalid');
  if (f.postcode.trim() && checkPostcode(f.postcode) !== 'ok') e['patient.postcode'] = t('wizard.postcodeInvalid');
  if (opts.assistant && !f.requester_id.trim()) e.requester_id = req;
  if (opts.draft) return e;
  if (!f.name.trim()) e['patient.name'] = req;
  if (!f.birth_date) e['patient.birth_date'] = req;
  if (!f.postcode.trim()) e['patient.postcode'] = req;
  if (!f.question.trim()) e.question = req;
  if (!f.intended_referral) e.intended_referral = req;
  if (!f.patient_informed) e.patient_informed = req;
  if (opts.direct && !f.consultant_id) e.consultant_id = req;
  Object.assign(e, intakeErrors(opts.intake ?? noIntake, f.intake, opts.photos ?? 0, opts.attachments ?? 0, t));
  return e;
}

const responseText = (days: number, t: T) => (days === 1 ? t('wizard.responseDay') : t('wizard.responseDays', { days }));

// Server messages are English; the common ones read better in the UI language.
function localise(errors: Errors, t: T, intake: IntakeForm): Errors {
  const out: Errors = {};
  for (const [k, v] of Object.entries(errors))
    out[k] = v.startsWith('is required') ? t('wizard.required') : k === 'attachments' ? t('intake.missing', { what: attachmentNeed(intake, t) }) : v;
  return out;
}

export default function NewConsult({ draftId }: { draftId?: string }) {
  const { t, lang } = useI18n();
  const user = useUser();
  const assistant = user.role === 'assistant';
  const [services, setServices] = useState<Service[] | null>(null);
  const [form, setForm] = useState<Form>(empty);
  const [draft, setDraft] = useState<Consult | null>(null);
  const [step, setStep] = useState<1 | 2>(draftId ? 2 : 1);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<null | 'submit' | 'draft'>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const uploads = useUploads();
  const [fileProblems, setFileProblems] = useState<string[]>([]);
  const createdId = useRef<string | null>(draftId ?? null);
  usePageTitle(draft ? t('wizard.editTitle', { reference: draft.reference }) : t('wizard.title'));

  useEffect(() => {
    api.get<Page<Service>>('/services').then((p) => setServices(p.items), (e) => setLoadError(errorMessage(e, t)));
    if (draftId)
      api.get<Consult>('/consults/' + encodeURIComponent(draftId)).then(
        (c) => { setDraft(c); setForm(fromConsult(c)); },
        (e) => setLoadError(errorMessage(e, t)),
      );
  }, [draftId, t]);

  const service = services?.find((s) => s.id === form.service_id);
  const direct = service?.routing === 'direct';
  const intake = service?.intake ?? noIntake;
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  // What the consult will hold once the chosen files are uploaded (those of an earlier try included).
  const stored = draft?.attachments ?? [];
  const photos = stored.filter((a) => a.content_type.startsWith('image/')).length +
    uploads.files.filter((f) => looksLikePhoto(f.file.type, f.file.name)).length;
  const attachmentCount = stored.length + uploads.files.length;

  const labels: Record<string, string> = {
    service_id: t('wizard.service'), consultant_id: t('wizard.consultant'), requester_id: t('wizard.requester'),
    'patient.bsn': t('wizard.bsn'), 'patient.name': t('wizard.name'), 'patient.birth_date': t('wizard.birthDate'),
    'patient.sex': t('wizard.sex'), 'patient.postcode': t('wizard.postcode'), question: t('wizard.question'),
    clinical_context: t('wizard.clinicalContext'), patient_narrative: t('wizard.narrative'), urgency: t('wizard.urgency'),
    intended_referral: t('wizard.intendedReferralShort'), patient_informed: t('wizard.patientInformedShort'), modality: t('wizard.modality'),
    attachments: t('wizard.attachments'),
    ...Object.fromEntries(intake.fields.map((f) => ['intake.' + f.key, intakeLabel(f, lang)])),
  };

  async function send(mode: 'submit' | 'draft') {
    const opts = { draft: mode === 'draft', assistant, direct, intake, photos, attachments: attachmentCount };
    const found = validate(form, t, opts);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) return;
    setBusy(mode);
    const input = toInput(form, { assistant, direct, intake });
    try {
      let id = createdId.current;
      let consult: Consult | null = null;
      if (!id) {
        consult = await api.post<Consult>('/consults', { ...input, draft: true }, { idempotencyKey: newIdempotencyKey() });
        id = createdId.current = consult.id;
      }
      if (!(await uploads.uploadAll(id))) {
        setFailure(t('wizard.uploadFailed', { message: '' }));
        setBusy(null);
        return;
      }
      if (mode === 'submit') {
        consult = await api.post<Consult>(`/consults/${id}/submit`, input, { idempotencyKey: newIdempotencyKey() });
        setFlash(t('wizard.sent', { reference: consult.reference }));
      } else {
        consult ??= await api.get<Consult>('/consults/' + id);
        setFlash(t('wizard.draftSaved', { reference: consult.reference }));
      }
      markSeen(user.id, consult);
      navigate('/consults/' + id);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) setErrors(localise(e.fieldErrors(), t, intake));
      else setFailure(errorMessage(e, t));
      setBusy(null);
    }
  }

  if (loadError) return <Alert>{t('app.error', { message: loadError })}</Alert>;
  if (!services || (draftId && !draft)) return <Loading />;
  const title = draft ? t('wizard.editTitle', { reference: draft.reference }) : t('wizard.title');

  return (
    <div className="wizard">
      <PageHeading>{title}</PageHeading>
      <ol className="steps" aria-label={t('wizard.step', { n: step, total: 2 })}>
        <li aria-current={step === 1 ? 'step' : undefined} className={step === 1 ? 'current' : 'done'}>{t('wizard.step1')}</li>
        <li aria-current={step === 2 ? 'step' : undefined} className={step === 2 ? 'current' : ''}>{t('wizard.step2')}</li>
      </ol>
      {step === 1 ? (
        <ServicePicker services={services} form={form} set={set} error={errors.service_id} onNext={() => {
          const e: Errors = {};
          if (!form.service_id) e.service_id = t('wizard.required');
          if (direct && !form.consultant_id) e.consultant_id = t('wizard.required');
          setErrors(e);
          if (!Object.keys(e).length) setStep(2);
        }} consultantError={errors.consultant_id} />
      ) : (
        <form noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void send(assistant ? 'draft' : 'submit'); }}>
          <ErrorSummary errors={errors} labels={labels} title={t('wizard.errors', { count: Object.keys(errors).length })} />
          {failure && <Alert>{failure}</Alert>}
          {service && (
            <div className="chosen card-flat" id={fieldId('service_id')} tabIndex={-1}>
              <div>
                <span className="muted small">{t('wizard.chosen')}</span>
                <div className="chosen-name">{service.name} · {service.organization_name}</div>
                <span className="muted small">{responseText(service.response_days, t)}</span>
                {direct && <div className="small">{t('wizard.consultant')}: {service.consultants.find((c) => c.id === form.consultant_id)?.name}</div>}
                {(errors.service_id || errors.consultant_id) && <p className="error-text">{errors.service_id ?? errors.consultant_id}</p>}
              </div>
              {!draft && <button type="button" className="btn btn-small" onClick={() => setStep(1)}>{t('wizard.back')}</button>}
            </div>
          )}
          {assistant && (
            <Field id={fieldId('requester_id')} label={t('wizard.requesterId')} hint={t('wizard.requesterHint')} error={errors.requester_id} required>
              {(a) => <input {...a} value={form.requester_id} onChange={(e) => set('requester_id', e.target.value)} autoComplete="off" />}
            </Field>
          )}
          <PatientFields form={form} set={set} errors={errors} />
          <fieldset>
            <legend>{t('wizard.consultQuestion')}</legend>
            <Field id={fieldId('question')} label={t('wizard.question')} error={errors.question} required>
              {(a) => <textarea {...a} rows={4} value={form.question} onChange={(e) => set('question', e.target.value)} />}
            </Field>
            <Field id={fieldId('clinical_context')} label={t('wizard.clinicalContext')} hint={t('wizard.clinicalContextHint')} error={errors.clinical_context}>
              {(a) => <textarea {...a} rows={4} value={form.clinical_context} onChange={(e) => set('clinical_context', e.target.value)} />}
            </Field>
            <Field id={fieldId('patient_narrative')} label={t('wizard.narrative')} error={errors.patient_narrative}>
              {(a) => <textarea {...a} rows={3} value={form.patient_narrative} onChange={(e) => set('patient_narrative', e.target.value)} />}
            </Field>
            <RadioGroup name="urgency" legend={t('wizard.urgency')} value={form.urgency} error={errors.urgency}
              options={(['routine', 'soon'] as const).map((u) => ({ value: u, label: t(`urgency.${u}`) }))} onChange={(v) => set('urgency', v as Urgency)} />
            <RadioGroup name="intended_referral" legend={t('wizard.intendedReferral')} hint={t('wizard.intendedReferralHint')} required
              value={form.intended_referral} error={errors.intended_referral}
              options={(['yes', 'no', 'unsure'] as const).map((r) => ({ value: r, label: t(`referral.${r}`) }))}
              onChange={(v) => set('intended_referral', v as IntendedReferral)} />
          </fieldset>
          {intake.fields.length > 0 && (
            <IntakeFields form={intake} values={form.intake} errors={errors}
              onChange={(key, value) => setForm((f) => ({ ...f, intake: { ...f.intake, [key]: value } }))} />
          )}
          <fieldset id={fieldId('attachments')} tabIndex={-1} className={errors.attachments ? 'field-error' : ''}>
            <legend>{t('wizard.attachments')}</legend>
            {attachmentNeed(intake, t) && <p className="intake-need">{t('intake.need', { what: attachmentNeed(intake, t) })}</p>}
            {errors.attachments && <p className="error-text" role="alert">{errors.attachments}</p>}
            <p className="hint" id="files-hint">{t('wizard.attachmentsHint')}</p>
            {draft && draft.attachments.length > 0 && (
              <ul className="plain small">{draft.attachments.map((a) => <li key={a.id}>{a.filename} ✓</li>)}</ul>
            )}
            <FilePicker describedBy="files-hint" disabled={busy !== null} onFiles={(f) => setFileProblems(uploads.add(f))} />
            {fileProblems.map((p) => <p key={p} className="error-text" role="alert">{p}</p>)}
            <FileList files={uploads.files} onRemove={busy ? undefined : uploads.remove} />
            {busy && uploads.files.length > 0 && (
              <p className="upload-status" aria-live="polite">
                {t('wizard.uploading', { percent: Math.round((100 * uploads.files.reduce((s, f) => s + f.progress * f.file.size, 0)) / Math.max(1, uploads.files.reduce((s, f) => s + f.file.size, 0))) })}
              </p>
            )}
          </fieldset>
          <div className={`field check ${errors.patient_informed ? 'field-error' : ''}`}>
            {errors.patient_informed && <p className="error-text" id="informed-error">{errors.patient_informed}</p>}
            <input type="checkbox" id={fieldId('patient_informed')} checked={form.patient_informed} required
              aria-describedby={errors.patient_informed ? 'informed-error' : undefined} aria-invalid={errors.patient_informed ? true : undefined}
              onChange={(e) => set('patient_informed', e.target.checked)} />
            <label htmlFor={fieldId('patient_informed')}>{t('wizard.patientInformed')}</label>
          </div>
          <div className="form-actions">
            {!assistant && (
              <button type="submit" className="btn btn-primary" disabled={busy !== null}>
                {busy === 'submit' ? t('wizard.busy') : t('wizard.submit')}
              </button>
            )}
            {!draft && (
              <button type={assistant ? 'submit' : 'button'} className={assistant ? 'btn btn-primary' : 'btn'} disabled={busy !== null}
                onClick={assistant ? undefined : () => void send('draft')}>
                {busy === 'draft' ? t('wizard.busy') : t('wizard.saveDraft')}
              </button>
            )}
          </div>
        </form>
      )}
    </div>
  );
}

// The chosen service's own questions: free text or a choice, the required ones marked.
function IntakeFields({ form, values, errors, onChange }: {
  form: IntakeForm; values: Record<string, string>; errors: Errors; onChange: (key: string, value: string) => void;
}) {
  const { t, lang } = useI18n();
  return (
    <fieldset>
      <legend>{t('intake.title')}</legend>
      {form.fields.map((f) => (
        <Field key={f.key} id={fieldId('intake.' + f.key)} label={intakeLabel(f, lang)} error={errors['intake.' + f.key]} required={f.required}>
          {(a) => f.type === 'choice' ? (
            <select {...a} value={values[f.key] ?? ''} onChange={(e) => onChange(f.key, e.target.value)}>
              <option value="">{t('intake.choose')}</option>
              {f.options.map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
          ) : (
            <input {...a} maxLength={2000} value={values[f.key] ?? ''} onChange={(e) => onChange(f.key, e.target.value)} />
          )}
        </Field>
      ))}
    </fieldset>
  );
}

function ServicePicker({ services, form, set, error, consultantError, onNext }: {
  services: Service[]; form: Form; set: <K extends keyof Form>(k: K, v: Form[K]) => void; error?: string; consultantError?: string; onNext: () => void;
}) {
  const { t, lang } = useI18n();
  const specialties = useMemo(
    () => [...new Set(services.map((s) => s.specialty))].sort((a, b) => specialtyName(a, lang).localeCompare(specialtyName(b, lang))),
    [services, lang],
  );
  const chosen = services.find((s) => s.id === form.service_id);
  const [specialty, setSpecialty] = useState(chosen?.specialty ?? '');
  const shown = services
    .filter((s) => s.active && s.modalities.includes('e_consult') && (!specialty || s.specialty === specialty))
    .sort((a, b) => Number(b.accepts_my_practice) - Number(a.accepts_my_practice) || a.organization_name.localeCompare(b.organization_name));
  const label = (sp: string) => specialtyName(sp, lang);
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); onNext(); }}>
      <Field id="f-specialty" label={t('wizard.specialty')}>
        {(a) => (
          <select {...a} value={specialty} onChange={(e) => setSpecialty(e.target.value)}>
            <option value="">{t('wizard.allSpecialties')}</option>
            {specialties.map((sp) => <option key={sp} value={sp}>{label(sp)}</option>)}
          </select>
        )}
      </Field>
      <fieldset className={error ? 'field-error' : ''} id={fieldId('service_id')} tabIndex={-1}>
        <legend>{t('wizard.service')}</legend>
        {error && <p className="error-text" role="alert">{error}</p>}
        {shown.length === 0 && <p>{t('wizard.noServices')}</p>}
        <div className="service-options">
          {shown.map((s) => (
            <label key={s.id} className={`service-option ${form.service_id === s.id ? 'selected' : ''} ${s.accepts_my_practice ? '' : 'disabled'}`}>
              <input type="radio" name="service" value={s.id} checked={form.service_id === s.id} disabled={!s.accepts_my_practice}
                onChange={() => { set('service_id', s.id); set('consultant_id', ''); }} />
              <span className="service-text">
                <span className="service-name">{s.name}</span>
                <span className="service-org">{s.organization_name}</span>
                <span className="muted small">
                  {s.accepts_my_practice ? responseText(s.response_days, t) : t('wizard.notAccepted')}
                  {s.routing === 'direct' && s.accepts_my_practice ? ' · ' + t('wizard.direct') : ''}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {chosen?.routing === 'direct' && (
        <Field id={fieldId('consultant_id')} label={t('wizard.chooseConsultant')} error={consultantError} required>
          {(a) => (
            <select {...a} value={form.consultant_id} onChange={(e) => set('consultant_id', e.target.value)}>
              <option value="">—</option>
              {chosen.consultants.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          )}
        </Field>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">{t('wizard.next')}</button>
      </div>
    </form>
  );
}

function PatientFields({ form, set, errors }: { form: Form; set: <K extends keyof Form>(k: K, v: Form[K]) => void; errors: Errors }) {
  const { t } = useI18n();
  const bsn = checkBsn(form.bsn);
  const pc = checkPostcode(form.postcode);
  const bsnStatus =
    bsn === 'ok' ? <span className="ok">✓ {t('wizard.bsnOk')}</span>
      : bsn === 'invalid' ? <span className="bad">{t('wizard.bsnInvalid')}</span>
        : bsn === 'incomplete' ?  <span className="muted">{normaliseBsn(form.bsn).length === 8 ? t('wizard.bsnIncompleteOne') : t('wizard.bsnIncomplete', { n: 9 - normaliseBsn(form.bsn).length })}</span>
          : null;
  const pcStatus = pc === 'ok' ? <span className="ok">✓ {t('wizard.postcodeOk')}</span> : pc === 'invalid' ? <span className="bad">{t('wizard.postcodeInvalid')}</span> : null;
  const today = new Date().toISOString().slice(0, 10);
  return (
    <fieldset>
      <legend>{t('wizard.patient')}</legend>
      <div className="grid-2">
        <Field id={fieldId('patient.bsn')} label={t('wizard.bsn')} error={errors['patient.bsn']} status={bsnStatus} required>
          {(a) => <input {...a} inputMode="numeric" autoComplete="off" maxLength={11} className="input-mid" value={form.bsn}
            onChange={(e) => set('bsn', e.target.value)} />}
        </Field>
        <Field id={fieldId('patient.name')} label={t('wizard.name')} error={errors['patient.name']} required>
          {(a) => <input {...a} autoComplete="off" value={form.name} onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <Field id={fieldId('patient.birth_date')} label={t('wizard.birthDate')} error={errors['patient.birth_date']} required>
          {(a) => <input {...a} type="date" max={today} min="1890-01-01" className="input-mid" value={form.birth_date} onChange={(e) => set('birth_date', e.target.value)} />}
        </Field>
        <Field id={fieldId('patient.sex')} label={t('wizard.sex')} error={errors['patient.sex']}>
          {(a) => (
            <select {...a} className="input-mid" value={form.sex} onChange={(e) => set('sex', e.target.value as Sex | '')}>
              <option value="">—</option>
              {(['female', 'male', 'other', 'unknown'] as const).map((s) => <option key={s} value={s}>{t(`sex.${s}`)}</option>)}
            </select>
          )}
        </Field>
        <Field id={fieldId('patient.postcode')} label={t('wizard.postcode')} error={errors['patient.postcode']} status={pcStatus} required>
          {(a) => <input {...a} autoComplete="off" maxLength={7} className="input-short" value={form.postcode} onChange={(e) => set('postcode', e.target.value)} />}
        </Field>
      </div>
    </fieldset>
  );
}

function RadioGroup(props: {
  name: string; legend: string; hint?: string; value: string; error?: string; required?: boolean;
  options: { value: string; label: string }[]; onChange: (v: string) => void;
}) {
  const { t } = useI18n();
  const id = fieldId(props.name);
  return (
    <fieldset className={`radios ${props.error ? 'field-error' : ''}`} aria-describedby={[props.hint ? id + '-hint' : '', props.error ? id + '-error' : ''].join(' ').trim() || undefined}>
      <legend>{props.legend}{props.required && <span className="req"> ({t('wizard.required').toLowerCase()})</span>}</legend>
      {props.hint && <p className="hint" id={id + '-hint'}>{props.hint}</p>}
      {props.error && <p className="error-text" id={id + '-error'}>{props.error}</p>}
      <div className="radio-row">
        {props.options.map((o, i) => (
          <label key={o.value} className="radio">
            <input type="radio" name={props.name} value={o.value} id={i === 0 ? id : undefined} checked={props.value === o.value}
              onChange={() => props.onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
