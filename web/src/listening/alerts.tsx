import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { safeHttpUrl } from '../lib/safe-url';
import { useSession } from '../session';
import { useAlertRules, useAlerts, useListeningQueries, type AlertRule } from './api';
import { lt } from './strings';
import { dateTime } from '../lib/time';
import { useDialogs } from '../components/dialog';

/** Alerts raised (with the posts that caused them) and the rules that raise them. */
export function AlertsPanel() {
  const alerts = useAlerts();
  const qc = useQueryClient();
  const { can } = useSession();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['listening'] });
  return (
    <>
      <section className="card">
        <div className="row">
          <h2>{lt('tabAlerts')}</h2>
          <span className="spacer" />
          {!!alerts.data?.unread && <span className="chip">{lt('alertsUnread', { n: alerts.data.unread })}</span>}
          {can('settings.manage') && (
            <button className="btn ghost small" onClick={() => void post('/listening/alerts/evaluate').then(refresh)}>
              {lt('checkNow')}
            </button>
          )}
        </div>
        {alerts.data && !alerts.data.alerts.length && <p className="muted">{lt('empty')}</p>}
        <ul className="listening-list">
          {(alerts.data?.alerts ?? []).map((a) => (
            <li key={a.id} className={a.read ? 'listening-item' : 'listening-item suggest-engage'} data-testid="listening-alert">
              <div className="row-top">
                <span className="chip">{lt(`kind_${a.kind}`)}</span>
                <strong>{a.message}</strong>
                <span className="spacer" />
                <span className="muted small">{dateTime(a.createdAt)}</span>
                <span className="status-pill" title={a.deliveryError ?? undefined}>
                  {lt(`delivery_${a.delivery}`)}
                </span>
              </div>
              <ul>
                {a.posts.map((p) => (
                  <li key={p.mentionId} className="small">
                    {safeHttpUrl(p.url) ? (
                      <a href={safeHttpUrl(p.url)?.href} target="_blank" rel="noreferrer noopener">
                        {p.text.slice(0, 140)}
                      </a>
                    ) : (
                      p.text.slice(0, 140)
                    )}
                    {p.author && <span className="muted"> — {p.author}</span>}
                  </li>
                ))}
              </ul>
              {a.deliveryError && <p className="form-error small">{a.deliveryError}</p>}
              {a.emailDelivery !== 'none' && (
                <p className="small" data-testid="alert-email">
                  <span className="status-pill">{lt(`email_${a.emailDelivery}`)}</span>
                  {a.emailError && <span className="form-error"> {a.emailError}</span>}
                </p>
              )}
              {!a.read && (
                <button className="btn ghost small" onClick={() => void post(`/listening/alerts/${a.id}/read`).then(refresh)}>
                  {lt('markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <RulesPanel admin={can('settings.manage')} />
    </>
  );
}

function RulesPanel({ admin }: { admin: boolean }) {
  const dialogs = useDialogs();
  const rules = useAlertRules();
  const queries = useListeningQueries();
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['listening'] });
  const [adding, setAdding] = useState(false);
  const name = (id: string | null) => (id ? (queries.data?.find((q) => q.id === id)?.name ?? id) : lt('ruleAnyQuery'));
  const describe = (r: AlertRule) =>
    r.kind === 'keyword'
      ? `“${r.keyword}” · ${name(r.queryId)}`
      : `${name(r.queryId)} · ${r.settings.windowMinutes} min · ×${r.settings.factor} · ≥ ${r.settings.minVolume}`;
  return (
    <section className="card">
      <h2>{lt('rules')}</h2>
      {!admin && <p className="muted">{lt('adminOnly')}</p>}
      <ul className="saved-list">
        {(rules.data ?? []).map((r) => (
          <li key={r.id} data-testid="alert-rule">
            <div className="row">
              <strong>{r.name}</strong>
              <span className="chip">{lt(`kind_${r.kind}`)}</span>
              {r.webhook && <span className="chip">{lt('ruleHasWebhook')}</span>}
              {r.emailRecipients.length > 0 && <span className="chip">✉ {r.emailRecipients.join(', ')}</span>}
              {!r.active && <span className="chip">{lt('paused')}</span>}
            </div>
            <p className="muted small">{describe(r)}</p>
            {admin && (
              <div className="row">
                <button className="btn ghost small" onClick={() => void patch(`/listening/alert-rules/${r.id}`, { active: !r.active }).then(refresh)}>
                  {r.active ? lt('pause') : lt('resume')}
                </button>
                <button
                  className="btn ghost small"
                  onClick={async () =>
                    (await dialogs.confirm({ title: lt('confirmDelete', { name: r.name }), confirmLabel: lt('deleteQuery'), danger: true })) &&
                    void del(`/listening/alert-rules/${r.id}`).then(refresh)
                  }
                >
                  {lt('deleteQuery')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {admin && !adding && (
        <button className="btn primary" onClick={() => setAdding(true)}>
          {lt('newRule')}
        </button>
      )}
      {adding && (
        <RuleForm
          queries={(queries.data ?? []).map((q) => ({ id: q.id, name: q.name }))}
          onDone={() => {
            setAdding(false);
            refresh();
          }}
        />
      )}
    </section>
  );
}

function RuleForm({ queries, onDone }: { queries: Array<{ id: string; name: string }>; onDone: () => void }) {
  const [f, setF] = useState({
    name: '',
    kind: 'keyword' as AlertRule['kind'],
    queryId: '',
    keyword: '',
    windowMinutes: '60',
    minVolume: '10',
    factor: '3',
    webhookUrl: '',
    emailRecipients: '',
  });
  const [error, setError] = useState<string | null>(null);
  const spike = f.kind !== 'keyword';
  return (
    <form
      className="col-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await post('/listening/alert-rules', {
            name: f.name || undefined,
            kind: f.kind,
            queryId: f.queryId || null,
            keyword: spike ? undefined : f.keyword,
            settings: spike ? { windowMinutes: Number(f.windowMinutes), minVolume: Number(f.minVolume), factor: Number(f.factor) } : undefined,
            webhookUrl: f.webhookUrl || undefined,
            emailRecipients: f.emailRecipients.split(/[\s,;]+/).filter(Boolean),
          });
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <label>
        {lt('name')}
        <input value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
      </label>
      <label>
        {lt('ruleKind')}
        <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as AlertRule['kind'] })}>
          <option value="keyword">{lt('kind_keyword')}</option>
          <option value="volume_spike">{lt('kind_volume_spike')}</option>
          <option value="negative_spike">{lt('kind_negative_spike')}</option>
        </select>
      </label>
      <label>
        {lt('ruleQuery')}
        <select value={f.queryId} onChange={(e) => setF({ ...f, queryId: e.target.value })}>
          {!spike && <option value="">{lt('ruleAnyQuery')}</option>}
          {spike && <option value="">—</option>}
          {queries.map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
      </label>
      {!spike && (
        <label>
          {lt('ruleKeyword')}
          <input required value={f.keyword} onChange={(e) => setF({ ...f, keyword: e.target.value })} />
        </label>
      )}
      {spike && (
        <div className="row">
          <label className="field-inline">
            {lt('ruleWindow')}
            <input type="number" min={5} value={f.windowMinutes} onChange={(e) => setF({ ...f, windowMinutes: e.target.value })} />
          </label>
          <label className="field-inline">
            {lt('ruleFactor')}
            <input type="number" min={1.5} step={0.5} value={f.factor} onChange={(e) => setF({ ...f, factor: e.target.value })} />
          </label>
          <label className="field-inline">
            {lt('ruleMinVolume')}
            <input type="number" min={1} value={f.minVolume} onChange={(e) => setF({ ...f, minVolume: e.target.value })} />
          </label>
        </div>
      )}
      <label>
        {lt('ruleWebhook')}
        <input type="url" value={f.webhookUrl} onChange={(e) => setF({ ...f, webhookUrl: e.target.value })} placeholder="https://hooks.slack.com/services/…" />
      </label>
      <label>
        {lt('ruleEmail')}
        <input value={f.emailRecipients} onChange={(e) => setF({ ...f, emailRecipients: e.target.value })} placeholder="care-lead@example.com" />
      </label>
      <div className="row">
        <button className="btn primary">{lt('save')}</button>
        <button type="button" className="btn ghost" onClick={onDone}>
          {lt('cancel')}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
