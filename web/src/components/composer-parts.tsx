import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useSavedReplies } from '../api/queries';
import type { Member, SavedReply } from '../api/types';
import { t } from '../i18n';
import { languagesOf } from '../lib/saved-reply-language';

export interface Mark {
  start: number;
  end: number;
  kind: 'pii' | 'tone';
  title: string;
}

/**
 * Draws marks under the textarea's text: a mirror with the same font and wrapping, text
 * transparent, only the marks visible. Segments are React text nodes, never HTML.
 */
export function Highlighter({ text, marks, scrollTop }: { text: string; marks: Mark[]; scrollTop: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = scrollTop;
  }, [scrollTop]);
  const parts: ReactNode[] = [];
  let at = 0;
  const sorted = [...marks].filter((m) => m.start >= 0 && m.end <= text.length && m.end > m.start).sort((a, b) => a.start - b.start);
  for (const m of sorted) {
    if (m.start < at) continue;
    parts.push(text.slice(at, m.start));
    parts.push(
      <mark key={`${m.start}-${m.kind}`} className={`hl ${m.kind}`}>
        {text.slice(m.start, m.end)}
      </mark>,
    );
    at = m.end;
  }
  parts.push(text.slice(at) + '\n');
  return (
    <div ref={ref} className="highlighter" aria-hidden="true">
      {parts}
    </div>
  );
}

/** Saved replies, searchable by name and text; picking one inserts it with variables filled. */
export function SavedReplies({ onPick, onClose }: { onPick: (r: SavedReply) => void; onClose: () => void }) {
  const [q, setQ] = useState('');
  const list = useSavedReplies(q);
  const [active, setActive] = useState(0);
  const items = list.data ?? [];
  return (
    <div className="popover saved-replies" role="dialog" aria-label={t('composer.savedReplies')}>
      <input
        autoFocus
        type="search"
        aria-label={t('composer.savedSearch')}
        placeholder={t('composer.savedSearch')}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(items.length - 1, a + 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
          else if (e.key === 'Enter' && items[active]) onPick(items[active]);
          else if (e.key === 'Escape') onClose();
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
      />
      {list.data === null ? (
        <p className="muted">{t('composer.savedUnavailable')}</p>
      ) : items.length === 0 && !list.isPending ? (
        <p className="muted">{t('composer.savedNone')}</p>
      ) : (
        <ul role="listbox" aria-label={t('composer.savedReplies')}>
          {items.map((r, i) => (
            <li key={r.id} role="option" aria-selected={i === active}>
              <button type="button" className={i === active ? 'active' : ''} onClick={() => onPick(r)} onMouseEnter={() => setActive(i)}>
                <strong>
                  {r.name}
                  <LanguageChips r={r} />
                </strong>
                <span>{r.body}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The languages a saved reply has, as small chips (nothing for a reply in one language only). */
export function LanguageChips({ r }: { r: SavedReply }) {
  const langs = languagesOf(r);
  if (!(r.translations ?? []).length) return null;
  return (
    <span className="lang-chips" aria-label={t('srLang.languages')}>
      {langs.map((l) => (
        <span key={l} className="chip subtle">
          {l}
        </span>
      ))}
    </span>
  );
}

/** People to @mention in a note, filtered by what follows the @. */
export function MentionList({ members, active, onPick }: { members: Member[]; active: number; onPick: (m: Member) => void }) {
  if (!members.length) return null;
  return (
    <ul className="popover mentions" role="listbox" aria-label={t('composer.mention', { name: '' })}>
      {members.map((m, i) => (
        <li key={m.id} role="option" aria-selected={i === active}>
          <button type="button" className={i === active ? 'active' : ''} onMouseDown={(e) => e.preventDefault()} onClick={() => onPick(m)}>
            {m.name} <span className="muted">{m.email}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The current "@word" before the caret, if any. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([\p{L}\p{N}_.-]{0,30})$/u.exec(text.slice(0, caret));
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]! };
}
