import { useState, type RefObject } from 'react';
import type { ConversationDetail, SavedReply } from '../api/types';
import { t } from '../i18n';
import { languageLabel, pickFor, variantsOf, type PickedBody } from '../lib/saved-reply-language';
import { fillVariables, type VariableContext } from '../lib/variables';
import { SavedReplies } from './composer-parts';
import './saved-replies.css';

interface Inserted {
  reply: SavedReply;
  variant: PickedBody;
  /** The text as it went into the draft (variables filled): what a switch of language replaces. */
  text: string;
}

/**
 * The composer's "Saved replies" menu. Picking one inserts its text in the conversation's
 * language (the server's rule, lib/saved-reply-language.ts); a small label then says which text
 * went in, and a select swaps it for another language's while the inserted text is still in the
 * draft untouched.
 */
export function SavedReplyMenu({
  c,
  vars,
  text,
  setText,
  area,
}: {
  c: ConversationDetail;
  vars: VariableContext;
  text: string;
  setText: (next: string) => void;
  area: RefObject<HTMLTextAreaElement | null>;
}) {
  const [open, setOpen] = useState(false);
  const [inserted, setInserted] = useState<Inserted | null>(null);

  function insert(r: SavedReply) {
    const variant = pickFor(r, c.language);
    const { text: filled } = fillVariables(variant.body, vars);
    const el = area.current;
    const at = el ? el.selectionStart : text.length;
    setText(text ? text.slice(0, at) + filled + text.slice(at) : filled);
    setInserted({ reply: r, variant, text: filled });
    setOpen(false);
    requestAnimationFrame(() => area.current?.focus());
  }

  // Shown only while the inserted text is in the draft as inserted: after an edit (or a send) the label would describe text that is gone.
  const shown = inserted && inserted.text && text.includes(inserted.text) ? inserted : null;
  const variants = shown ? variantsOf(shown.reply) : [];
  function swap(index: number) {
    const v = variants[index];
    if (!shown || !v) return;
    const { text: filled } = fillVariables(v.body, vars);
    setText(text.replace(shown.text, filled));
    setInserted({ ...shown, variant: v, text: filled });
  }

  return (
    <>
      <div className="menu-wrap">
        <button type="button" className="btn ghost small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {t('composer.savedReplies')}
        </button>
        {open && <SavedReplies onPick={insert} onClose={() => setOpen(false)} />}
      </div>
      {shown && (
        <span className="saved-reply-lang" data-testid="saved-reply-language">
          <span className="chip subtle">{t('srLang.inserted', { variant: variantName(shown.variant) })}</span>
          {shown.variant.source === 'main' && c.language && c.language !== 'und' && shown.variant.language !== c.language && (
            <span className="muted">{t('srLang.noMatch', { language: languageLabel(c.language) })}</span>
          )}
          {variants.length > 1 && (
            <select
              aria-label={t('srLang.switch')}
              value={variants.findIndex((v) => v.source === shown.variant.source && v.language === shown.variant.language)}
              onChange={(e) => swap(Number(e.target.value))}
            >
              {variants.map((v, i) => (
                <option key={`${v.source}-${v.language ?? ''}`} value={i}>
                  {variantName(v)}
                </option>
              ))}
            </select>
          )}
        </span>
      )}
    </>
  );
}

const variantName = (v: PickedBody) =>
  v.source === 'main' ? (v.language ? t('srLang.mainIn', { language: languageLabel(v.language) }) : t('srLang.main')) : languageLabel(v.language ?? '');
