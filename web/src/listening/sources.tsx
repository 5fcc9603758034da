import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { useSession } from '../session';
import { lkeys, useListeningSources, type ListeningSource } from './api';
import { labelOf, lt, type ListeningKey } from './strings';
import { dateTime } from '../lib/time';
import { useDialogs } from '../components/dialog';

type Field = { key: string; label: ListeningKey; kind?: 'text' | 'timeline' };
/** What each source kind asks for (the server validates; this only lays out the form). */
const FORMS: Record<string, { settings: Field[]; secrets: Array<{ key: string; label: ListeningKey }> }> = {
  rss: { settings: [{ key: 'url', label: 'settingUrl' }], secrets: [] },
  reddit: {
    settings: [
      { key: 'query', label: 'settingQuery' },
      { key: 'subreddit', label: 'settingSubreddit' },
    ],
    secrets: [],
  },
  mastodon: {
    settings: [
      { key: 'instance', label: 'settingInstance' },
      { key: 'timeline', label: 'settingTimeline', kind: 'timeline' },
      { key: 'hashtag', label: 'settingHashtag' },
    ],
    secrets: [],
  },
  x: { settings: [{ key: 'query', label: 'settingQuery' }], secrets: [{ key: 'bearerToken', label: 'secretBearerToken' }] },
  // The filtered stream's rules come from the workspace's queries; tier limits keep their defaults here (API to change).
  x_stream: { settings: [], secrets: [{ key: 'bearerToken', label: 'secretBearerToken' }] },
  bluesky: { settings: [{ key: 'endpoint', label: 'settingEndpoint' }], secrets: [] },
  youtube: {
    settings: [
      { key: 'videoId', label: 'settingVideoId' },
      { key: 'channelId', label: 'settingChannelId' },
    ],
    secrets: [{ key: 'apiKey', label: 'secretApiKey' }],
  },
  channels: { settings: [], secrets: [] },
};

const when = (iso: string | null) => (iso ? dateTime(iso) : lt('never'));

/** Sources: what is polled, how often, and how the last poll went (errors, rate-limit backoff). */
export function SourcesPanel() {
  const list = useListeningSources();
  const { can } = useSession();
  const admin = can('settings.manage');
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['listening'] });
  const [adding, setAdding] = useState(false);
  return (
    <section className="card">
      <h2>{lt('tabSources')}</h2>
      {!admin && <p className="muted">{lt('adminOnly')}</p>}
      <ul className="saved-list">
        {(list.data ?? []).map((s) => (
          <SourceRow key={s.id} s={s} admin={admin} onChanged={refresh} />
        ))}
      </ul>
      {admin && !adding && (
        <button className="btn primary" onClick={() => setAdding(true)}>
          {lt('newSource')}
        </button>
      )}
      {adding && (
        <SourceForm
          onDone={() => {
            setAdding(false);
            void qc.invalidateQueries({ queryKey: lkeys.sources });
          }}
        />
      )}
    </section>
  );
}

function SourceRow({ s, admin, onChanged }: { s: ListeningSource; admin: boolean; onChanged: () => void }) {
  const dialogs = useDialogs();
  const [busy, setBusy] = useState(false);
  return (
    <li data-testid="listening-source">
      <div className="row">
        <strong>{s.name}</strong>
        <span className="chip">{labelOf('source', s.kind)}</span>
        {!s.active && <span className="chip">{lt('paused')}</span>}
        <span className="spacer" />
        <span className="muted small">{lt('stored', { n: s.state.totalStored })}</span>
      </div>
      <p className="muted small">
        {Object.entries(s.settings)
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' · ')}
        {Object.entries(s.secrets).map(([k, set]) => ` · ${set ? lt('secretSet', { name: k }) : lt('secretMissing', { name: k })}`)}
      </p>
      <p className="muted small">
        {lt('lastPolled', { when: when(s.state.lastPolledAt) })} · {lt('interval')}: {s.pollIntervalSeconds}
      </p>
      {s.state.backoffUntil && <p className="warn small">{lt('backoff', { when: when(s.state.backoffUntil) })}</p>}
      {s.state.lastError && <p className="form-error small">{lt('lastError', { error: s.state.lastError })}</p>}
      {admin && (
        <div className="row">
          <button
            className="btn ghost small"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await post(`/listening/sources/${s.id}/poll`).catch(() => undefined);
              setBusy(false);
              onChanged();
            }}
          >
            {lt('pollNow')}
          </button>
          <button className="btn ghost small" onClick={() => void patch(`/listening/sources/${s.id}`, { active: !s.active }).then(onChanged)}>
            {s.active ? lt('pause') : lt('resume')}
          </button>
          <button
            className="btn ghost small"
            onClick={async () =>
              (await dialogs.confirm({ title: lt('confirmDelete', { name: s.name }), confirmLabel: lt('deleteSource'), danger: true })) &&
              void del(`/listening/sources/${s.id}`).then(onChanged)
            }
          >
            {lt('deleteSource')}
          </button>
        </div>
      )}
    </li>
  );
}

function SourceForm({ onDone }: { onDone: () => void }) {
  const [kind, setKind] = useState('rss');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({ timeline: 'tag' });
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [pollEvery, setPollEvery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const form = FORMS[kind]!;
  return (
    <form
      className="col-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        const settings = Object.fromEntries(form.settings.map((f) => [f.key, values[f.key]?.trim()]).filter(([, v]) => v));
        try {
          await post('/listening/sources', {
            kind,
            name: name || undefined,
            settings,
            secrets: Object.fromEntries(Object.entries(secrets).filter(([k, v]) => v && form.secrets.some((s) => s.key === k))),
            pollIntervalSeconds: pollEvery ? Number(pollEvery) : undefined,
          });
          onDone();
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <label>
        {lt('sourceKind')}
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          {Object.keys(FORMS).map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label>
        {lt('name')}
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={kind} />
      </label>
      {form.settings.map((f) =>
        f.kind === 'timeline' ? (
          <label key={f.key}>
            {lt(f.label)}
            <select value={values[f.key] ?? 'tag'} onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}>
              <option value="tag">#hashtag</option>
              <option value="public">public</option>
            </select>
          </label>
        ) : (
          <label key={f.key}>
            {lt(f.label)}
            <input value={values[f.key] ?? ''} onChange={(e) => setValues({ ...values, [f.key]: e.target.value })} />
          </label>
        ),
      )}
      {form.secrets.map((s) => (
        <label key={s.key}>
          {lt(s.label)}
          <input type="password" autoComplete="off" value={secrets[s.key] ?? ''} onChange={(e) => setSecrets({ ...secrets, [s.key]: e.target.value })} />
        </label>
      ))}
      <label>
        {lt('interval')}
        <input type="number" min={1} value={pollEvery} onChange={(e) => setPollEvery(e.target.value)} />
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
