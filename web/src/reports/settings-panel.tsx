import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { post, api } from '../api/client';
import { errorText } from '../api/error-text';
import { useChannels } from '../api/queries';
import { useSession } from '../session';
import { useReportSchedule, useSurveySettings, type ReportSchedule, type SurveySettings } from './api';
import { rt } from './strings';

/** Survey settings and the e-mailed report schedule (admins edit; everyone else reads). */
export function ReportSettings() {
  const { can } = useSession();
  const admin = can('settings.manage');
  return (
    <div className="report-settings">
      {!admin && <p className="muted">{rt('readOnly')}</p>}
      <SurveyForm admin={admin} />
      <ScheduleForm admin={admin} />
    </div>
  );
}

function SurveyForm({ admin }: { admin: boolean }) {
  const current = useSurveySettings();
  const channels = useChannels();
  const qc = useQueryClient();
  const [s, setS] = useState<SurveySettings | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (current.data && !s) setS(current.data);
  }, [current.data, s]);
  if (!s) return <p>{rt('loading')}</p>;
  async function save(e: React.FormEvent) {
    e.preventDefault();
    try {
      await api('PUT', '/survey-settings', { ...s, question: s!.question?.trim() ? s!.question : null });
      setMsg({ ok: true, text: rt('survey.saved') });
      void qc.invalidateQueries({ queryKey: ['reports', 'survey-settings'] });
    } catch (err) {
      setMsg({ ok: false, text: errorText(err) });
    }
  }
  return (
    <form className="card report-form" onSubmit={save} data-testid="survey-form">
      <h2>{rt('survey.title')}</h2>
      <p className="muted">{rt('survey.intro')}</p>
      <fieldset disabled={!admin}>
        <label className="report-field">
          <span>{rt('survey.kind')}</span>
          <select aria-label={rt('survey.kind')} value={s.kind} onChange={(e) => setS({ ...s, kind: e.target.value as SurveySettings['kind'] })}>
            {(['off', 'csat', 'nps', 'ces'] as const).map((k) => (
              <option key={k} value={k}>
                {rt(`survey.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="report-field">
          <span>{rt('survey.delay')}</span>
          <input type="number" min={0} max={10080} value={s.delayMinutes} onChange={(e) => setS({ ...s, delayMinutes: Number(e.target.value) })} />
        </label>
        <label className="report-field">
          <span>{rt('survey.ttl')}</span>
          <input type="number" min={1} max={90} value={s.linkTtlDays} onChange={(e) => setS({ ...s, linkTtlDays: Number(e.target.value) })} />
        </label>
        <label className="report-field wide">
          <span>{rt('survey.question')}</span>
          <input value={s.question ?? ''} maxLength={500} onChange={(e) => setS({ ...s, question: e.target.value })} />
        </label>
        <fieldset className="report-channels">
          <legend>{rt('survey.channels')}</legend>
          {(channels.data?.channels ?? []).map((c) => (
            <label key={c.id} className="check">
              <input
                type="checkbox"
                checked={s.channels[c.id] !== false}
                onChange={(e) => setS({ ...s, channels: { ...s.channels, [c.id]: e.target.checked } })}
              />{' '}
              {c.name} <span className="muted small">({c.type})</span>
            </label>
          ))}
        </fieldset>
        <button className="btn primary" type="submit">
          {rt('survey.save')}
        </button>
      </fieldset>
      {msg && (
        <p className={msg.ok ? 'muted' : 'form-error'} role="status">
          {msg.text}
        </p>
      )}
    </form>
  );
}

function ScheduleForm({ admin }: { admin: boolean }) {
  const current = useReportSchedule();
  const qc = useQueryClient();
  const [s, setS] = useState<{ enabled: boolean; frequency: ReportSchedule['frequency']; recipients: string } | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (current.data && !s) setS({ enabled: current.data.enabled, frequency: current.data.frequency, recipients: current.data.recipients.join(', ') });
  }, [current.data, s]);
  if (!s) return <p>{rt('loading')}</p>;
  const recipients = s.recipients.split(/[,;\s]+/).filter(Boolean);
  async function save(e: React.FormEvent) {
    e.preventDefault();
    try {
      await api('PUT', '/reports/schedule', { enabled: s!.enabled, frequency: s!.frequency, recipients });
      setMsg({ ok: true, text: rt('survey.saved') });
      void qc.invalidateQueries({ queryKey: ['reports', 'schedule'] });
    } catch (err) {
      setMsg({ ok: false, text: errorText(err) });
    }
  }
  async function sendNow() {
    try {
      const r = await post<{ sent: boolean; period: string; error?: string }>('/reports/schedule/send-now', { frequency: s!.frequency, recipients });
      setMsg({ ok: true, text: rt('email.sent', { period: r.period }) });
    } catch (err) {
      setMsg({ ok: false, text: errorText(err) });
    }
    void qc.invalidateQueries({ queryKey: ['reports', 'schedule'] });
  }
  const d = current.data;
  return (
    <form className="card report-form" onSubmit={save} data-testid="schedule-form">
      <h2>{rt('email.title')}</h2>
      <p className="muted">{rt('email.intro')}</p>
      <fieldset disabled={!admin}>
        <label className="check">
          <input type="checkbox" checked={s.enabled} onChange={(e) => setS({ ...s, enabled: e.target.checked })} /> {rt('email.enabled')}
        </label>
        <label className="report-field">
          <span>{rt('email.frequency')}</span>
          <select
            aria-label={rt('email.frequency')}
            value={s.frequency}
            onChange={(e) => setS({ ...s, frequency: e.target.value as ReportSchedule['frequency'] })}
          >
            <option value="weekly">{rt('email.weekly')}</option>
            <option value="monthly">{rt('email.monthly')}</option>
          </select>
        </label>
        <label className="report-field wide">
          <span>{rt('email.recipients')}</span>
          <input value={s.recipients} onChange={(e) => setS({ ...s, recipients: e.target.value })} />
        </label>
        <div className="report-actions">
          <button className="btn primary" type="submit">
            {rt('email.save')}
          </button>
          <button className="btn" type="button" disabled={recipients.length === 0} onClick={() => void sendNow()}>
            {rt('email.sendNow')}
          </button>
        </div>
      </fieldset>
      {d?.nextRunAt && d.enabled && <p className="muted small">{rt('email.next', { when: new Date(d.nextRunAt).toLocaleString() })}</p>}
      {d?.lastSentAt && <p className="muted small">{rt('email.last', { when: `${new Date(d.lastSentAt).toLocaleString()} (${d.lastPeriod ?? ''})` })}</p>}
      {d?.lastError && <p className="form-error small">{rt('email.lastError', { error: d.lastError })}</p>}
      {msg && (
        <p className={msg.ok ? 'muted' : 'form-error'} role="status">
          {msg.text}
        </p>
      )}
    </form>
  );
}
