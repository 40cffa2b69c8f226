// Choosing photos and documents: a camera button (capture="environment": a phone opens its
// camera) and a file button, previews of what was picked, and per-file upload progress.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { upload } from '../api/client';
import type { Attachment } from '../api/types';
import { errorMessage } from './ui';
import { useI18n } from '../i18n/i18n';
import { formatBytes } from '../lib/format';

export const MAX_UPLOAD = 25 * 1024 * 1024;
const ALLOWED = ['image/jpeg', 'image/png', 'image/heic', 'image/heif', 'application/pdf'];
const ALLOWED_EXT = /\.(jpe?g|png|heic|heif|pdf)$/i;

export interface PendingFile {
  key: string;
  file: File;
  progress: number; // 0..1
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  error?: string;
}

let counter = 0;
export function pendingFiles(files: FileList | File[]): PendingFile[] {
  return Array.from(files).map((file) => ({ key: `f${++counter}`, file, progress: 0, state: 'waiting' as const }));
}

// Client-side checks before any byte is sent; the server sniffs the content again.
export function fileProblem(file: File, t: ReturnType<typeof useI18n>['t']): string | null {
  if (file.size > MAX_UPLOAD) return t('wizard.tooLarge', { name: file.name });
  if (!ALLOWED.includes(file.type) && !ALLOWED_EXT.test(file.name)) return t('wizard.badType', { name: file.name });
  return null;
}

export function FilePicker({ onFiles, disabled, describedBy }: { onFiles: (files: File[]) => void; disabled?: boolean; describedBy?: string }) {
  const { t } = useI18n();
  const id = useId();
  const take = (input: HTMLInputElement) => {
    if (input.files?.length) onFiles(Array.from(input.files));
    input.value = '';
  };
  // Inputs first, so CSS can show the focus ring on the label that looks like the button.
  return (
    <div className="file-picker">
      <input id={id + 'cam'} className="visually-hidden-input" type="file" accept="image/*" capture="environment"
        multiple disabled={disabled} aria-describedby={describedBy} data-testid="photo-input" onChange={(e) => take(e.currentTarget)} />
      <label className="btn file-btn" htmlFor={id + 'cam'}>
        <CameraIcon /> {t('wizard.takePhoto')}
      </label>
      <input id={id + 'file'} className="visually-hidden-input" type="file" accept="image/jpeg,image/png,image/heic,image/heif,application/pdf,.heic,.heif"
        multiple disabled={disabled} aria-describedby={describedBy} data-testid="file-input" onChange={(e) => take(e.currentTarget)} />
      <label className="btn file-btn" htmlFor={id + 'file'}>
        <ClipIcon /> {t('wizard.chooseFile')}
      </label>
    </div>
  );
}

// Icons as inline SVG: no icon font, nothing for the CSP to refuse.
function CameraIcon() {
  return (
    <svg className="icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M4 8h3l2-3h6l2 3h3a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1z" />
      <circle cx="12" cy="13" r="3.5" />
    </svg>
  );
}

function ClipIcon() {
  return (
    <svg className="icon" aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M20 11.5l-8.2 8.2a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8" />
    </svg>
  );
}

function Preview({ file }: { file: File }) {
  const isImage = /^image\/(jpeg|png|webp|gif)$/.test(file.type);
  const url = useMemo(() => (isImage ? URL.createObjectURL(file) : null), [file, isImage]);
  useEffect(() => () => { if (url) URL.revokeObjectURL(url); }, [url]);
  if (url) return <img src={url} alt="" className="thumb" data-testid="preview" />;
  return (
    <span className="thumb thumb-doc" aria-hidden="true">
      {file.name.toLowerCase().endsWith('.pdf') ? 'PDF' : 'IMG'}
    </span>
  );
}

export function FileList({ files, onRemove }: { files: PendingFile[]; onRemove?: (key: string) => void }) {
  const { t, lang } = useI18n();
  if (!files.length) return null;
  return (
    <ul className="files">
      {files.map((f) => (
        <li key={f.key} className={`file file-${f.state}`}>
          <Preview file={f.file} />
          <div className="file-info">
            <span className="file-name">{f.file.name}</span>
            <span className="muted">{formatBytes(f.file.size, lang)}</span>
            <progress max={100} value={Math.round(f.progress * 100)} aria-label={f.file.name} data-testid="upload-progress" />
            <span className="file-state">
              {f.state === 'done'
                ? t('wizard.uploadDone')
                : f.state === 'failed'
                  ? t('wizard.uploadFailed', { message: f.error ?? '' })
                  : f.state === 'uploading'
                    ? `${Math.round(f.progress * 100)}%`
                    : t('wizard.uploadWaiting')}
            </span>
          </div>
          {onRemove && f.state !== 'uploading' && f.state !== 'done' && (
            <button type="button" className="btn btn-small btn-quiet" onClick={() => onRemove(f.key)}>
              <span aria-hidden="true">✕</span>
              <span className="sr-only">{t('wizard.remove', { name: f.file.name })}</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

// Stored files as links: photos the browser can show as a gallery of thumbnails, the rest
// (PDF, HEIC) as a list with their size. Used by the consult and the teaching case.
export interface FileLink { id: string; name: string; content_type: string; size: number; url: string }

export function AttachmentLinks({ items }: { items: FileLink[] }) {
  const { lang } = useI18n();
  const images = items.filter((a) => /^image\/(jpeg|png|webp|gif)$/.test(a.content_type));
  const others = items.filter((a) => !images.includes(a));
  return (
    <>
      {images.length > 0 && (
        <ul className="gallery">
          {images.map((a) => (
            <li key={a.id}>
              <a href={a.url} download={a.name}>
                <img src={a.url} alt={a.name} loading="lazy" className="photo" data-testid="attachment-image" />
                <span className="small">{a.name}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <ul className="plain">
          {others.map((a) => (
            <li key={a.id}>
              <a href={a.url} download={a.name} className="doc-link">
                <span className="doc-icon" aria-hidden="true">{a.content_type === 'application/pdf' ? 'PDF' : 'IMG'}</span>
                {a.name} <span className="muted small">({formatBytes(a.size, lang)})</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

// Pending files and their uploads to one consult, one at a time (a phone on 4G does better
// with one stream), with progress per file.
export function useUploads() {
  const { t } = useI18n();
  const [files, setFiles] = useStateRef<PendingFile[]>([]);
  const update = (key: string, patch: Partial<PendingFile>) =>
    setFiles((prev) => prev.map((f) => (f.key === key ? { ...f, ...patch } : f)));

  return {
    files: files.current,
    add(picked: File[]): string[] {
      const problems: string[] = [];
      const ok = picked.filter((f) => {
        const p = fileProblem(f, t);
        if (p) problems.push(p);
        return !p;
      });
      setFiles((prev) => [...prev, ...pendingFiles(ok)]);
      return problems;
    },
    remove(key: string) {
      setFiles((prev) => prev.filter((f) => f.key !== key));
    },
    clearDone() {
      setFiles((prev) => prev.filter((f) => f.state !== 'done'));
    },
    // Uploads every file not yet uploaded; true when all are on the server.
    async uploadAll(consultId: string): Promise<boolean> {
      let ok = true;
      for (const f of files.current.filter((x) => x.state !== 'done')) {
        update(f.key, { state: 'uploading', progress: 0, error: undefined });
        try {
          await upload<Attachment>(`/consults/${encodeURIComponent(consultId)}/attachments`, f.file, (p) =>
            update(f.key, { progress: p }),
          ).promise;
          update(f.key, { state: 'done', progress: 1 });
        } catch (e) {
          ok = false;
          update(f.key, { state: 'failed', error: errorMessage(e, t) });
        }
      }
      return ok;
    },
  };
}

// State whose latest value is readable from async code (the upload loop) without waiting for
// a render.
function useStateRef<S>(initial: S): [{ current: S }, (f: (prev: S) => S) => void] {
  const ref = useRef(initial);
  const [, force] = useState(0);
  const set = useCallback((f: (prev: S) => S) => {
    ref.current = f(ref.current);
    force((n) => n + 1);
  }, []);
  return [ref, set];
}
