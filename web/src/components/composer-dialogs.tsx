import type { Analysis, ToneHint } from '../api/types';
import { t } from '../i18n';

/** Tone hints under the editor: they only advise, never block. */
export function ToneHints({ hints, text }: { hints: ToneHint[]; text: string }) {
  if (!hints.length) return null;
  return (
    <div className="tone-hints" role="note" aria-label={t('composer.toneTitle')}>
      <strong>{t('composer.toneTitle')}</strong>
      <ul>
        {hints.map((h, i) => (
          <li key={i}>
            {h.start !== undefined && h.end !== undefined && (
              <>
                <mark className="hl tone">{text.slice(h.start, h.end)}</mark> —{' '}
              </>
            )}
            {h.message ?? h.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Personal details in a public reply: move it to private, send anyway, or edit. */
export function PrivacyGuard({
  pii,
  canPrivate,
  onPrivate,
  onAnyway,
  onEdit,
}: {
  pii: Analysis['pii'];
  canPrivate: boolean;
  onPrivate: () => void;
  onAnyway: () => void;
  onEdit: () => void;
}) {
  return (
    <div className="guard" role="alertdialog" aria-labelledby="guard-title" data-testid="privacy-guard">
      <strong id="guard-title">{t('composer.privacyTitle')}</strong>
      <p>{t('composer.privacyBody', { items: pii.map((p) => `${p.text} (${p.type})`).join(', ') })}</p>
      <div className="row">
        {canPrivate && (
          <button className="btn primary" onClick={onPrivate}>
            {t('composer.privacyPrivate')}
          </button>
        )}
        <button className="btn danger" onClick={onAnyway}>
          {t('composer.privacyAnyway')}
        </button>
        <button className="btn ghost" onClick={onEdit}>
          {t('composer.privacyEdit')}
        </button>
      </div>
    </div>
  );
}

/** Someone else replied since the agent opened the conversation: send anyway, or read it first. */
export function ConflictWarning({ message, onAnyway, onReview }: { message: string; onAnyway: () => void; onReview: () => void }) {
  return (
    <div className="guard conflict" role="alertdialog" aria-labelledby="conflict-title" data-testid="conflict-warning">
      <strong id="conflict-title">{t('composer.conflictTitle')}</strong>
      <p>{message}</p>
      <div className="row">
        <button className="btn primary" onClick={onAnyway}>
          {t('composer.conflictAnyway')}
        </button>
        <button className="btn ghost" onClick={onReview}>
          {t('composer.conflictReview')}
        </button>
      </div>
    </div>
  );
}
