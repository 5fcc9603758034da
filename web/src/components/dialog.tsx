import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { t } from '../i18n';

/**
 * The app's own confirm and prompt, instead of the browser's: they look like the app, can be
 * read by screen readers (a labelled modal dialog, its question as description, focus moved in
 * and given back), and do not block the page's scripts and live updates the way window.confirm
 * does. One dialog at a time; `useDialogs()` returns promises, so callers read like the native
 * calls they replace.
 */
export interface ConfirmOptions {
  title: string;
  /** The question or what will happen, in a sentence. */
  body?: string;
  confirmLabel?: string;
  /** A destructive action: the confirm button is red. */
  danger?: boolean;
}
export interface PromptOptions {
  title: string;
  label: string;
  initial?: string;
  confirmLabel?: string;
  maxLength?: number;
}

interface Dialogs {
  confirm: (o: ConfirmOptions) => Promise<boolean>;
  prompt: (o: PromptOptions) => Promise<string | null>;
  /** Something the person must read (a failure they did not see coming): one OK button. */
  notice: (o: { title: string; body: string }) => Promise<void>;
}

type Open = ({ kind: 'confirm' | 'notice' } & ConfirmOptions) | ({ kind: 'prompt' } & PromptOptions);

const Ctx = createContext<Dialogs | null>(null);

export function DialogProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<(Open & { resolve: (v: unknown) => void }) | null>(null);
  const ask = useCallback(<T,>(o: Open) => new Promise<T>((resolve) => setOpen({ ...o, resolve: resolve as (v: unknown) => void })), []);
  const value = useMemo<Dialogs>(
    () => ({
      confirm: (o) => ask<boolean>({ kind: 'confirm', ...o }),
      prompt: (o) => ask<string | null>({ kind: 'prompt', ...o }),
      notice: (o) => ask<unknown>({ kind: 'notice', ...o }).then(() => undefined),
    }),
    [ask],
  );
  return (
    <Ctx.Provider value={value}>
      {children}
      {open && (
        <AppDialog
          key={open.title}
          o={open}
          onDone={(v) => {
            open.resolve(v);
            setOpen(null);
          }}
        />
      )}
    </Ctx.Provider>
  );
}

export function useDialogs(): Dialogs {
  const d = useContext(Ctx);
  if (!d) throw new Error('useDialogs outside DialogProvider');
  return d;
}

function AppDialog({ o, onDone }: { o: Open; onDone: (v: boolean | string | null) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [value, setValue] = useState(o.kind === 'prompt' ? (o.initial ?? '') : '');
  const cancelled = o.kind === 'prompt' ? null : false;
  useEffect(() => {
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => back?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog app-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={o.kind !== 'prompt' && o.body ? `${id}-body` : undefined}
      role={o.kind === 'prompt' ? undefined : 'alertdialog'}
      data-testid="app-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onDone(cancelled);
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (o.kind !== 'prompt') onDone(true);
          else if (value.trim()) onDone(value.trim());
        }}
      >
        <h2 id={`${id}-title`}>{o.title}</h2>
        {o.kind !== 'prompt' && o.body && <p id={`${id}-body`}>{o.body}</p>}
        {o.kind === 'prompt' && (
          <label>
            {o.label}
            <input value={value} onChange={(e) => setValue(e.target.value)} maxLength={o.maxLength ?? 200} autoFocus autoComplete="off" />
          </label>
        )}
        <div className="dialog-actions">
          {o.kind !== 'notice' && (
            <button type="button" className="btn ghost" onClick={() => onDone(cancelled)}>
              {t('dialog.cancel')}
            </button>
          )}
          <button
            className={o.kind === 'confirm' && o.danger ? 'btn danger' : 'btn primary'}
            disabled={o.kind === 'prompt' && !value.trim()}
            autoFocus={o.kind !== 'prompt'}
          >
            {o.confirmLabel ?? t('dialog.ok')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
