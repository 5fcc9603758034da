import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, del, get } from '../api/client';
import { errorText } from '../api/error-text';
import { useChannels } from '../api/queries';
import { t } from '../i18n';

/**
 * Auto-acknowledge and away messages: the workspace default and per-channel overrides. Texts may
 * use {{hours}}, {{next_open}} and {{links}} (docs/sla.md). Admins edit; everyone else reads.
 */

interface AutoReplySettings {
  enabled: boolean;
  acknowledge: { enabled: boolean; text: string };
  away: { enabled: boolean; text: string; links: Array<{ label: string; url: string }> };
  publicReplies: boolean;
}
interface AllSettings {
  default: AutoReplySettings;
  overrides: Array<{ channelId: string; settings: AutoReplySettings }>;
}

export function AutoRepliesSettings({ admin }: { admin: boolean }) {
  const qc = useQueryClient();
  const all = useQuery({ queryKey: ['auto-replies'], queryFn: () => get<AllSettings>('/auto-replies') });
  const channels = useChannels();
  const [scope, setScope] = useState('workspace');
  const [msg, setMsg] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['auto-replies'] });
  if (!all.data) return <section className="card">{all.error ? <p role="alert">{errorText(all.error)}</p> : null}</section>;
  const override = all.data.overrides.find((o) => o.channelId === scope);
  const current = scope === 'workspace' ? all.data.default : (override?.settings ?? null);

  async function save(s: AutoReplySettings) {
    setMsg(null);
    try {
      await api('PUT', scope === 'workspace' ? '/auto-replies' : `/channels/${scope}/auto-replies`, s);
      setMsg(t('settings.saved'));
      refresh();
    } catch (e) {
      setMsg(errorText(e));
    }
  }

  return (
    <section className="card" aria-labelledby="auto-title">
      <h2 id="auto-title">{t('settings.autoReplies')}</h2>
      <p className="muted">{t('auto.help')}</p>
      {!admin && <p className="muted">{t('settings.adminOnly')}</p>}
      <label>
        {t('auto.scope')}
        <select
          value={scope}
          onChange={(e) => {
            setScope(e.target.value);
            setMsg(null);
          }}
        >
          <option value="workspace">{t('auto.workspaceDefault')}</option>
          {(channels.data?.channels ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {all.data.overrides.some((o) => o.channelId === c.id) ? ` · ${t('auto.ownSettings')}` : ''}
            </option>
          ))}
        </select>
      </label>
      {current === null ? (
        <div>
          <p className="muted">{t('auto.followsDefault')}</p>
          {admin && (
            <button className="btn" onClick={() => void save(all.data.default)}>
              {t('auto.override')}
            </button>
          )}
        </div>
      ) : (
        <SettingsForm key={scope} initial={current} admin={admin} onSave={save} />
      )}
      {admin && scope !== 'workspace' && override && (
        <button className="btn ghost" onClick={() => void del(`/channels/${scope}/auto-replies`).then(refresh, (e: unknown) => setMsg(errorText(e)))}>
          {t('auto.useDefault')}
        </button>
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}

function SettingsForm({ initial, admin, onSave }: { initial: AutoReplySettings; admin: boolean; onSave: (s: AutoReplySettings) => Promise<void> }) {
  const [s, setS] = useState(initial);
  useEffect(() => setS(initial), [initial]);
  return (
    <form
      className="col-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({ ...s, away: { ...s.away, links: s.away.links.filter((l) => l.label.trim() && l.url.trim()) } });
      }}
    >
      <fieldset className="plain" disabled={!admin}>
        <label className="check">
          <input type="checkbox" checked={s.enabled} onChange={(e) => setS({ ...s, enabled: e.target.checked })} /> {t('auto.enabled')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={s.acknowledge.enabled}
            onChange={(e) => setS({ ...s, acknowledge: { ...s.acknowledge, enabled: e.target.checked } })}
          />{' '}
          {t('auto.ackEnabled')}
        </label>
        <label>
          {t('auto.ackText')}
          <textarea rows={3} required value={s.acknowledge.text} onChange={(e) => setS({ ...s, acknowledge: { ...s.acknowledge, text: e.target.value } })} />
        </label>
        <label className="check">
          <input type="checkbox" checked={s.away.enabled} onChange={(e) => setS({ ...s, away: { ...s.away, enabled: e.target.checked } })} />{' '}
          {t('auto.awayEnabled')}
        </label>
        <label>
          {t('auto.awayText')}
          <textarea rows={4} required value={s.away.text} onChange={(e) => setS({ ...s, away: { ...s.away, text: e.target.value } })} />
        </label>
        <p className="muted">{t('auto.variables')}</p>
        <fieldset>
          <legend>{t('auto.links')}</legend>
          {s.away.links.map((l, i) => (
            <div key={i} className="row">
              <input
                aria-label={t('auto.linkLabel')}
                placeholder={t('auto.linkLabel')}
                value={l.label}
                onChange={(e) => setS({ ...s, away: { ...s.away, links: s.away.links.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)) } })}
              />
              <input
                type="url"
                aria-label={t('auto.linkUrl')}
                placeholder="https://"
                value={l.url}
                onChange={(e) => setS({ ...s, away: { ...s.away, links: s.away.links.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)) } })}
              />
              <button
                type="button"
                className="btn ghost small"
                onClick={() => setS({ ...s, away: { ...s.away, links: s.away.links.filter((_, j) => j !== i) } })}
              >
                {t('settings.remove')}
              </button>
            </div>
          ))}
          {s.away.links.length < 5 && (
            <button
              type="button"
              className="btn ghost small"
              onClick={() => setS({ ...s, away: { ...s.away, links: [...s.away.links, { label: '', url: '' }] } })}
            >
              {t('auto.addLink')}
            </button>
          )}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={s.publicReplies} onChange={(e) => setS({ ...s, publicReplies: e.target.checked })} /> {t('auto.publicReplies')}
        </label>
        {admin && <button className="btn primary">{t('settings.save')}</button>}
      </fieldset>
    </form>
  );
}
