import { useRef, useState } from 'react';
import { uploadMedia, type UploadedMedia } from '../api/upload';
import { errorText } from '../api/error-text';
import type { Capabilities } from '../api/types';
import { t } from '../i18n';

interface Pending {
  key: number;
  name: string;
  size: number;
  uploaded: UploadedMedia | null;
  error: string | null;
}

export const fileSize = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

let nextKey = 0;

/** The channel's file limits, or null when it sends no files at all (no limits, or 0 files per reply). */
export const sendableFiles = (caps: Capabilities) => {
  const limits = caps.attachments ? caps.outboundAttachments : undefined;
  return limits && limits.maxFiles > 0 ? limits : null;
};

/**
 * Files picked for the next reply: each is uploaded as soon as it is picked (POST /media), so
 * sending only names the stored ids. Files over the channel's limit are refused here, before any
 * upload; the server checks everything again. A refused file leaves a note that holds the reply
 * back until the agent dismisses it, so the text never goes without the file by surprise.
 */
export function useAttachments(caps: Capabilities) {
  const limits = sendableFiles(caps);
  const [files, setFiles] = useState<Pending[]>([]);
  const [note, setNote] = useState<string | null>(null);

  function add(list: FileList | File[]) {
    setNote(null);
    const picked = [...list];
    if (!limits) return setNote(t('composer.attachNone'));
    const room = limits.maxFiles - files.length;
    if (picked.length > room) setNote(t('composer.attachMax', { n: limits.maxFiles }));
    for (const f of picked.slice(0, Math.max(room, 0))) {
      if (f.size > limits.maxBytes) {
        setNote(t('composer.attachTooBig', { name: f.name, max: fileSize(limits.maxBytes) }));
        continue;
      }
      const key = ++nextKey;
      setFiles((fs) => [...fs, { key, name: f.name, size: f.size, uploaded: null, error: null }]);
      uploadMedia(f).then(
        (u) => setFiles((fs) => fs.map((x) => (x.key === key ? { ...x, uploaded: u } : x))),
        (e: unknown) => setFiles((fs) => fs.map((x) => (x.key === key ? { ...x, error: errorText(e) } : x))),
      );
    }
  }

  return {
    files,
    note,
    dismissNote: () => setNote(null),
    add,
    remove: (key: number) => setFiles((fs) => fs.filter((f) => f.key !== key)),
    clear: () => {
      setFiles([]);
      setNote(null);
    },
    ids: files.flatMap((f) => (f.uploaded ? [f.uploaded.id] : [])),
    /** Still uploading, or an upload failed (the agent must remove it): sending waits. */
    busy: files.some((f) => !f.uploaded),
  };
}
export type Attachments = ReturnType<typeof useAttachments>;

/** Why files cannot go with this reply, or null when they can. */
export function attachBlockedReason(caps: Capabilities, o: { privateReply: boolean }): string | null {
  const limits = sendableFiles(caps);
  if (!limits) return t('composer.attachNone');
  if (limits.privateOnly && !o.privateReply) return t('composer.attachPublic');
  return null;
}

/** The paper-clip button: a hidden file input; disabled with the reason as its tooltip. */
export function AttachButton({ att, blockedReason }: { att: Attachments; blockedReason: string | null }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <span title={blockedReason ?? t('composer.attach')}>
      <button
        type="button"
        className="btn ghost small"
        aria-label={t('composer.attach')}
        disabled={!!blockedReason}
        onClick={() => input.current?.click()}
        data-testid="attach"
      >
        <PaperclipIcon />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept="image/*,video/*,audio/*,application/pdf"
        data-testid="attach-input"
        onChange={(e) => {
          if (e.target.files) att.add(e.target.files);
          e.target.value = '';
        }}
      />
    </span>
  );
}

/** The picked files as chips: name, size, progress or error, and a remove ×. */
export function AttachmentChips({ att }: { att: Attachments }) {
  if (!att.files.length && !att.note) return null;
  return (
    <div className="attach-chips">
      {att.note && (
        <p className="warn" role="alert" data-testid="attach-note">
          {att.note}{' '}
          <button type="button" className="chip-x" aria-label={t('composer.attachDismiss')} onClick={att.dismissNote}>
            ×
          </button>
        </p>
      )}
      <ul aria-label={t('composer.attachments')}>
        {att.files.map((f) => (
          <li key={f.key} className={f.error ? 'chip att-chip error' : 'chip att-chip'} data-testid="attach-chip">
            <span className="att-name">{f.name}</span> <span className="att-size">{fileSize(f.size)}</span>
            {!f.uploaded && !f.error && <span className="att-state"> {t('composer.attachUploading')}</span>}
            {f.error && <span className="att-state"> {t('composer.attachFailed', { name: f.name, message: f.error })}</span>}
            <button type="button" className="chip-x" aria-label={t('composer.attachRemove', { name: f.name })} onClick={() => att.remove(f.key)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function PaperclipIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path
        d="M10.5 4.5 5.8 9.2a1.3 1.3 0 0 0 1.8 1.8l5-5a2.6 2.6 0 0 0-3.7-3.7l-5.2 5.2a3.9 3.9 0 0 0 5.5 5.5L13.5 8.7"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
      />
    </svg>
  );
}
