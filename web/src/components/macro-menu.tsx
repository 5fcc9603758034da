import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys } from '../api/queries';
import { t } from '../i18n';
import { type ApplyResult, type Macro, macroKeys, useMacros } from '../settings/automation/api';

/**
 * Applies a macro to conversations (POST /macros/:id/apply) and says what happened in a sentence:
 * all applied, or how many did not and the first reason (a team the agent cannot act on…).
 */
export function useApplyMacro() {
  const qc = useQueryClient();
  return async (m: Macro, ids: string[]): Promise<{ ok: boolean; text: string }> => {
    try {
      const r = await post<ApplyResult>(`/macros/${m.id}/apply`, { conversationIds: ids });
      void qc.invalidateQueries({ queryKey: keys.queues });
      void qc.invalidateQueries({ queryKey: keys.counts });
      void qc.invalidateQueries({ queryKey: macroKeys.macros });
      for (const id of ids) void qc.invalidateQueries({ queryKey: keys.conversation(id) });
      const failed = r.results.filter((x) => x.outcome !== 'applied');
      if (failed.length)
        return { ok: false, text: t('macro.someFailed', { name: m.name, ok: r.applied, failed: failed.length, error: failed[0]?.error ?? '' }) };
      return { ok: true, text: ids.length === 1 ? t('macro.applied', { name: m.name }) : t('macro.appliedMany', { name: m.name, n: r.applied }) };
    } catch (e) {
      return { ok: false, text: errorText(e) };
    }
  };
}

/** The Macros menu of a conversation or of the bulk bar: a labelled select, applied on choice. */
export function MacroMenu({ ids, bulk = false, onMessage }: { ids: string[]; bulk?: boolean; onMessage: (msg: string) => void }) {
  const macros = useMacros();
  const apply = useApplyMacro();
  const id = useId();
  const [busy, setBusy] = useState(false);
  if (!macros.data?.length) return null;
  return (
    <>
      <label className="sr-only" htmlFor={id}>
        {bulk ? t('macro.menuBulk') : t('macro.menuFor')}
      </label>
      <select
        id={id}
        className="macro-menu"
        value=""
        disabled={busy || ids.length === 0}
        data-testid={bulk ? 'bulk-macro' : 'conversation-macro'}
        onChange={async (e) => {
          const m = macros.data?.find((x) => x.id === e.target.value);
          if (!m) return;
          setBusy(true);
          onMessage((await apply(m, ids)).text);
          setBusy(false);
        }}
      >
        <option value="">{t('macro.menu')}</option>
        {macros.data.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </>
  );
}

/**
 * The macro palette (Ctrl+K, or m): type to find a macro, ↑/↓ to choose, Enter to apply it to the
 * selected conversations, or to the open one when none are selected.
 */
export function MacroPalette({ ids, onClose }: { ids: string[]; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const macros = useMacros();
  const apply = useApplyMacro();
  const [q, setQ] = useState('');
  const [at, setAt] = useState(0);
  const [msg, setMsg] = useState<string | null>(null);
  const listId = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const found = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (macros.data ?? []).filter((m) => !needle || `${m.name} ${m.description}`.toLowerCase().includes(needle));
  }, [macros.data, q]);
  const choose = async (m: Macro | undefined) => {
    if (!m || ids.length === 0) return;
    const r = await apply(m, ids);
    if (r.ok) onClose();
    else setMsg(r.text);
  };
  const target = ids.length === 1 ? t('macro.paletteOne') : t('macro.paletteMany', { n: ids.length });
  return (
    <dialog ref={ref} className="dialog macro-palette" aria-labelledby="macro-palette-title" onClose={onClose} onCancel={onClose}>
      <h2 id="macro-palette-title">{t('macro.paletteTitle')}</h2>
      <p className="muted">{ids.length ? t('macro.paletteTarget', { what: target }) : t('macro.paletteNothing')}</p>
      <input
        autoFocus
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={found[at] ? `${listId}-${found[at].id}` : undefined}
        aria-label={t('macro.paletteSearch')}
        placeholder={t('macro.paletteSearch')}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setAt(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setAt((i) => Math.min(found.length - 1, i + 1));
          else if (e.key === 'ArrowUp') setAt((i) => Math.max(0, i - 1));
          else if (e.key === 'Enter') void choose(found[at]);
          else return;
          e.preventDefault();
        }}
      />
      <ul id={listId} role="listbox" className="palette-list">
        {found.map((m, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard works through the combobox above (↑/↓, Enter, aria-activedescendant)
          <li
            key={m.id}
            id={`${listId}-${m.id}`}
            role="option"
            aria-selected={i === at}
            className={i === at ? 'palette-item active' : 'palette-item'}
            onMouseEnter={() => setAt(i)}
            onClick={() => void choose(m)}
          >
            <strong>{m.name}</strong> {m.description && <span className="muted">{m.description}</span>}
          </li>
        ))}
        {found.length === 0 && <li className="muted">{t('macro.paletteNone')}</li>}
      </ul>
      {msg && <p role="status">{msg}</p>}
      <p className="muted">
        {t('macro.paletteHint')} ·{' '}
        <Link href="/settings/macros" onClick={onClose}>
          {t('macro.manage')}
        </Link>
      </p>
    </dialog>
  );
}
