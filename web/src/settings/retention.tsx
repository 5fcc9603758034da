import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ApiError, post } from '../api/client';
import { t, type MessageKey } from '../i18n';
import { useDialogs } from '../components/dialog';

/** Data retention (docs/retention.md): days kept per kind, empty = forever; the last run and "Run now". Admins only (the API enforces it). */

const KINDS = ['journalDays', 'eventsDays', 'mediaDays', 'conversationsDays'] as const;
type Kind = (typeof KINDS)[number];

interface Removed {
  journal: number;
  events: number;
  media: number;
  conversations: number;
  messages: number;
  files: number;
}
interface Run {
  id: string;
  trigger: 'schedule' | 'manual' | 'cli';
  startedAt: string;
  finishedAt: string | null;
  removed: Removed;
  error: string | null;
}
type Retention = Record<Kind, number | null> & {
  limits: Record<Kind, { min: number; max: number }>;
  everyHours: number;
  lastRun: Run | null;
  totals: Removed;
};

const toForm = (r: Retention) => Object.fromEntries(KINDS.map((k) => [k, r[k] === null ? '' : String(r[k])])) as Record<Kind, string>;

export function RetentionSettings({ admin }: { admin: boolean }) {
  const qc = useQueryClient();
  const dialogs = useDialogs();
  const data = useQuery({ queryKey: ['retention'], enabled: admin, queryFn: () => api<Retention>('GET', '/retention') });
  const [form, setForm] = useState<Record<Kind, string> | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  useEffect(() => {
    if (data.data) setForm(toForm(data.data));
  }, [data.data]);

  if (!admin)
    return (
      <section className="card">
        <h2>{t('settings.retention')}</h2>
        <p className="muted">{t('settings.adminOnly')}</p>
      </section>
    );
  if (!data.data || !form) return <section className="card">{data.error ? <p role="alert">{data.error.message}</p> : null}</section>;
  const r = data.data;
  const fail = (e: unknown) =>
    setMsg(
      e instanceof ApiError && e.fields?.length
        ? e.fields.map((f) => `${t(`retention.${f.field}` as MessageKey)}: ${f.reason}`).join(' · ')
        : (e as Error).message,
    );

  async function save() {
    setMsg(null);
    try {
      const body = Object.fromEntries(KINDS.map((k) => [k, form![k].trim() === '' ? null : Number(form![k])]));
      qc.setQueryData(['retention'], await api<Retention>('PUT', '/retention', body));
      setMsg(t('settings.saved'));
    } catch (e) {
      fail(e);
    }
  }
  async function runNow() {
    if (!(await dialogs.confirm({ title: t('retention.runNow'), body: t('retention.confirmRun'), confirmLabel: t('retention.runNow'), danger: true }))) return;
    setMsg(null);
    setRunning(true);
    try {
      await post('/retention/run');
      await qc.invalidateQueries({ queryKey: ['retention'] });
    } catch (e) {
      fail(e);
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="card" aria-labelledby="retention-title">
      <h2 id="retention-title">{t('settings.retention')}</h2>
      <p className="muted">{t('retention.help')}</p>
      <form
        className="col-form"
        aria-label={t('settings.retention')}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {KINDS.map((k) => (
          <label key={k}>
            {t(`retention.${k}` as MessageKey)}
            <input
              type="number"
              inputMode="numeric"
              min={r.limits[k].min}
              max={r.limits[k].max}
              step={1}
              placeholder={t('retention.forever')}
              value={form[k]}
              onChange={(e) => setForm({ ...form, [k]: e.target.value })}
              aria-describedby={`retention-${k}-help`}
            />
            <span id={`retention-${k}-help`} className="muted small">
              {t(`retention.${k}Help` as MessageKey, { min: r.limits[k].min })}
            </span>
          </label>
        ))}
        <div className="row">
          <button className="btn primary" type="submit">
            {t('settings.save')}
          </button>
        </div>
      </form>
      {msg && <p role="status">{msg}</p>}
      <h3>{t('retention.lastRun')}</h3>
      <div data-testid="retention-last-run">
        {r.lastRun ? (
          <>
            <p>
              {t('retention.runAt', {
                when: new Date(r.lastRun.finishedAt ?? r.lastRun.startedAt).toLocaleString(),
                trigger: t(`retention.trigger.${r.lastRun.trigger}` as MessageKey),
              })}
            </p>
            <p>{t('retention.removed', { ...r.lastRun.removed })}</p>
            {r.lastRun.error && <p role="alert">{t('retention.failed', { error: r.lastRun.error })}</p>}
          </>
        ) : (
          <p className="muted">{t('retention.never')}</p>
        )}
      </div>
      <p className="muted small">{r.everyHours > 0 ? t('retention.schedule', { hours: r.everyHours }) : t('retention.scheduleOff')}</p>
      <div className="row">
        <button className="btn" onClick={() => void runNow()} disabled={running}>
          {running ? t('retention.running') : t('retention.runNow')}
        </button>
      </div>
    </section>
  );
}
