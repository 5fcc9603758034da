import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import { del, get, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys } from '../api/queries';
import type { SavedView } from '../api/types';
import { t } from '../i18n';
import { useSession } from '../session';

export const viewCountsKey = ['views', 'counts'] as const;

/** A modal form in the app's dialog style (dialog.tsx): focus moves in, Esc cancels, focus goes back. */
function FormDialog(p: {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
  submitLabel: string;
  busy?: boolean;
  extra?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (ref.current && !ref.current.open) ref.current.showModal();
    return () => back?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog app-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        p.onClose();
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          p.onSubmit();
        }}
      >
        <h2 id={`${id}-title`}>{p.title}</h2>
        {p.children}
        <div className="dialog-actions">
          {p.extra}
          <button type="button" className="btn ghost" onClick={p.onClose}>
            {t('dialog.cancel')}
          </button>
          <button className="btn primary" disabled={p.busy}>
            {p.submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** "Save as view": the queue's current filters under a name, for me or (with settings.manage) for everyone. */
export function SaveViewButton({ filters }: { filters: Record<string, string> }) {
  const { can } = useSession();
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save() {
    if (!name.trim()) return;
    try {
      const v = await post<SavedView>('/views', { name: name.trim(), filters, shared });
      await qc.invalidateQueries({ queryKey: keys.views });
      setOpen(false);
      setName('');
      navigate(`/inbox/saved-${v.id}`);
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <>
      <button type="button" className="btn small" onClick={() => setOpen(true)}>
        {t('views.saveAs')}
      </button>
      {open && (
        <FormDialog title={t('views.saveAs')} submitLabel={t('views.save')} onClose={() => setOpen(false)} onSubmit={() => void save()}>
          <label>
            {t('views.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} required autoFocus autoComplete="off" />
          </label>
          {can('settings.manage') && (
            <label className="check">
              <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> {t('views.shared')}
            </label>
          )}
          {error && <p role="alert">{error}</p>}
        </FormDialog>
      )}
    </>
  );
}

/** Edit a saved view from the sidebar: rename, share, take the queue's current filters, or delete it. */
export function EditViewButton({ view, current, active }: { view: SavedView; current: Record<string, string>; active: boolean }) {
  const { can } = useSession();
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(view.name);
  const [shared, setShared] = useState(view.shared);
  const [takeFilters, setTakeFilters] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mayEdit = !view.shared || can('settings.manage');
  if (!mayEdit) return null;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.views });
    void qc.invalidateQueries({ queryKey: viewCountsKey });
  };
  async function save() {
    try {
      await patch(`/views/${view.id}`, { name: name.trim(), ...(shared !== view.shared ? { shared } : {}), ...(takeFilters ? { filters: current } : {}) });
      refresh();
      setOpen(false);
    } catch (e) {
      setError(errorText(e));
    }
  }
  async function remove() {
    try {
      await del(`/views/${view.id}`);
      refresh();
      setOpen(false);
      if (active) navigate('/inbox/all');
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <>
      <button className="icon-btn subtle" aria-label={t('views.edit', { name: view.name })} onClick={() => setOpen(true)}>
        ✎
      </button>
      {open && (
        <FormDialog
          title={t('views.editTitle')}
          submitLabel={t('settings.save')}
          onClose={() => setOpen(false)}
          onSubmit={() => void save()}
          extra={
            <button type="button" className="btn danger" onClick={() => void remove()}>
              {t('views.delete')}
            </button>
          }
        >
          <label>
            {t('views.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} required autoComplete="off" />
          </label>
          {can('settings.manage') && (
            <label className="check">
              <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> {t('views.shared')}
            </label>
          )}
          {active && (
            <label className="check">
              <input type="checkbox" checked={takeFilters} onChange={(e) => setTakeFilters(e.target.checked)} /> {t('views.updateFilters')}
            </label>
          )}
          {error && <p role="alert">{error}</p>}
        </FormDialog>
      )}
    </>
  );
}

/** How many conversations each saved view holds (GET /views/counts), refreshed every half minute. */
export const useViewCounts = () =>
  useQuery({
    queryKey: viewCountsKey,
    queryFn: () => get<{ counts: Record<string, number | null> }>('/views/counts').then((r) => r.counts),
    refetchInterval: 30_000,
    staleTime: 10_000,
  });
