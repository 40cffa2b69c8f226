// The coordinator's editor of a service's intake form (issue 5): questions with a Dutch and an
// English label, free text or a choice of options, required or not, in the order shown (move
// up/down), plus the minimum number of photos and attachments. Saved with the service's PATCH.
import type { IntakeField, IntakeForm } from '../api/types';
import { Field } from '../components/ui';
import { useI18n } from '../i18n/i18n';

// A question being edited: options as lines of text; the key follows the Dutch label until it
// is typed by hand. Saved questions keep their key (consults refer to it).
export interface DraftField extends Omit<IntakeField, 'options'> {
  uid: string;
  saved: boolean;
  keyTouched: boolean;
  optionsText: string;
}
export interface DraftForm { fields: DraftField[]; min_photos: string; min_attachments: string }

let counter = 0;
const uid = () => `q${++counter}`;

export function toDraft(form: IntakeForm): DraftForm {
  return {
    fields: form.fields.map((f) => ({ ...f, uid: uid(), saved: true, keyTouched: true, optionsText: f.options.join('\n') })),
    min_photos: String(form.min_photos),
    min_attachments: String(form.min_attachments),
  };
}

export function fromDraft(d: DraftForm): IntakeForm {
  return {
    fields: d.fields.map(({ key, label, label_en, type, required, optionsText }) => ({
      key: key.trim(), label: label.trim(), label_en: label_en.trim(), type, required,
      options: type === 'choice' ? optionsText.split('\n').map((o) => o.trim()).filter(Boolean) : [],
    })),
    min_photos: Number(d.min_photos || 0),
    min_attachments: Number(d.min_attachments || 0),
  };
}

// "Lokalisatie op het lichaam" → "lokalisatie_op_het_lichaam" (the server's key rule).
export function slug(label: string): string {
  const s = label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return (/^[a-z]/.test(s) ? s : s ? 'v_' + s : '').slice(0, 40);
}

export function IntakeEditor({ value, onChange, errors, idPrefix }: {
  value: DraftForm; onChange: (d: DraftForm) => void; errors: Record<string, string>; idPrefix: string;
}) {
  const { t } = useI18n();
  const fields = value.fields;
  const setFields = (next: DraftField[]) => onChange({ ...value, fields: next });
  const update = (i: number, patch: Partial<DraftField>) => setFields(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const move = (i: number, by: number) => {
    const next = [...fields];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    setFields(next);
  };
  const add = () => setFields([...fields, { uid: uid(), saved: false, keyTouched: false, key: '', label: '', label_en: '', type: 'text', required: false, optionsText: '' }]);
  const err = (i: number, f: string) => errors[`intake.fields[${i}].${f}`];
  const id = (f: string) => `${idPrefix}-intake-${f}`;

  return (
    <fieldset className="intake-editor">
      <legend>{t('services.intake')}</legend>
      <p className="hint">{t('services.intakeHint')}</p>
      {errors['intake.fields'] && <p className="error-text">{errors['intake.fields']}</p>}
      {fields.length === 0 && <p className="muted">{t('services.intakeNone')}</p>}
      <ol className="plain intake-fields">
        {fields.map((f, i) => (
          <li key={f.uid} className="card-flat intake-field">
            <fieldset>
              <legend>{t('services.intakeField', { n: i + 1 })}</legend>
              <Field id={id(f.uid + '-label')} label={t('services.intakeLabel')} error={err(i, 'label')} required>
                {(a) => <input {...a} value={f.label} maxLength={200}
                  onChange={(e) => update(i, f.keyTouched ? { label: e.target.value } : { label: e.target.value, key: slug(e.target.value) })} />}
              </Field>
              <Field id={id(f.uid + '-label_en')} label={t('services.intakeLabelEn')} error={err(i, 'label_en')} required>
                {(a) => <input {...a} value={f.label_en} maxLength={200} onChange={(e) => update(i, { label_en: e.target.value })} />}
              </Field>
              <Field id={id(f.uid + '-key')} label={t('services.intakeKey')} hint={f.saved ? t('services.intakeKeySaved') : undefined} error={err(i, 'key')} required>
                {(a) => <input {...a} value={f.key} maxLength={40} readOnly={f.saved} className="input-mid"
                  onChange={(e) => update(i, { key: e.target.value, keyTouched: true })} />}
              </Field>
              <Field id={id(f.uid + '-type')} label={t('services.intakeType')} error={err(i, 'type')}>
                {(a) => (
                  <select {...a} value={f.type} onChange={(e) => update(i, { type: e.target.value as DraftField['type'] })}>
                    <option value="text">{t('services.intakeType.text')}</option>
                    <option value="choice">{t('services.intakeType.choice')}</option>
                  </select>
                )}
              </Field>
              {f.type === 'choice' && (
                <Field id={id(f.uid + '-options')} label={t('services.intakeOptions')} error={err(i, 'options')} required>
                  {(a) => <textarea {...a} rows={4} value={f.optionsText} onChange={(e) => update(i, { optionsText: e.target.value })} />}
                </Field>
              )}
              <div className="field check">
                <input type="checkbox" id={id(f.uid + '-required')} checked={f.required} onChange={(e) => update(i, { required: e.target.checked })} />
                <label htmlFor={id(f.uid + '-required')}>{t('services.intakeRequired')}</label>
              </div>
              <div className="form-actions">
                <button type="button" className="btn btn-small" disabled={i === 0} onClick={() => move(i, -1)}>
                  {t('services.intakeUp')}<span className="sr-only"> {t('services.intakeField', { n: i + 1 })}</span>
                </button>
                <button type="button" className="btn btn-small" disabled={i === fields.length - 1} onClick={() => move(i, 1)}>
                  {t('services.intakeDown')}<span className="sr-only"> {t('services.intakeField', { n: i + 1 })}</span>
                </button>
                <button type="button" className="btn btn-small" onClick={() => setFields(fields.filter((_, j) => j !== i))}>
                  {t('services.intakeRemove')}<span className="sr-only"> {t('services.intakeField', { n: i + 1 })}</span>
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn-small" onClick={add}>{t('services.intakeAdd')}</button>
      <div className="grid-2">
        <Field id={id('min_photos')} label={t('services.minPhotos')} error={errors['intake.min_photos']}>
          {(a) => <input {...a} type="number" min={0} max={10} inputMode="numeric" className="input-short" value={value.min_photos}
            onChange={(e) => onChange({ ...value, min_photos: e.target.value })} />}
        </Field>
        <Field id={id('min_attachments')} label={t('services.minAttachments')} error={errors['intake.min_attachments']}>
          {(a) => <input {...a} type="number" min={0} max={10} inputMode="numeric" className="input-short" value={value.min_attachments}
            onChange={(e) => onChange({ ...value, min_attachments: e.target.value })} />}
        </Field>
      </div>
    </fieldset>
  );
}
