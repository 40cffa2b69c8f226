// A service's intake form on the client (issue 5): the same checks the server makes at submit,
// so the wizard can say what is missing before sending. The server stays the authority.
import type { IntakeField, IntakeForm } from '../api/types';
import type { Lang, T } from '../i18n/i18n';

export const noIntake: IntakeForm = { fields: [], min_photos: 0, min_attachments: 0 };

export const intakeLabel = (f: IntakeField, lang: Lang) => (lang === 'en' && f.label_en ? f.label_en : f.label);

// A file the server will most likely sniff as a photo (it decides: image/* by content).
export const looksLikePhoto = (type: string, name: string) =>
  type.startsWith('image/') || /\.(jpe?g|png|heic|heif)$/i.test(name);

// "at least 1 photo", "at least 2 photos and 3 attachments" — what the form asks for.
export function attachmentNeed(form: IntakeForm, t: T): string {
  const parts: string[] = [];
  if (form.min_photos > 0) parts.push(form.min_photos === 1 ? t('intake.onePhoto') : t('intake.photos', { n: form.min_photos }));
  if (form.min_attachments > 0)
    parts.push(form.min_attachments === 1 ? t('intake.oneAttachment') : t('intake.attachments', { n: form.min_attachments }));
  return parts.join(' ' + t('intake.and') + ' ');
}

// The problems with the intake before submit, keyed as the server names them
// ("intake.<key>", "attachments").
export function intakeErrors(form: IntakeForm, values: Record<string, string>, photos: number, attachments: number, t: T) {
  const e: Record<string, string> = {};
  for (const f of form.fields) if (f.required && !(values[f.key] ?? '').trim()) e['intake.' + f.key] = t('wizard.required');
  if (photos < form.min_photos || attachments < form.min_attachments) e.attachments = t('intake.missing', { what: attachmentNeed(form, t) });
  return e;
}

// The values to send: only the form's keys, blank ones left out.
export function intakeInput(form: IntakeForm, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of form.fields) if ((values[f.key] ?? '').trim()) out[f.key] = values[f.key];
  return out;
}
