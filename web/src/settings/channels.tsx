import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch, post } from '../api/client';
import { keys, useChannels } from '../api/queries';
import type { Channel } from '../api/types';
import { t } from '../i18n';

/** Channels: connect an API channel (secret shown once), rename, disable, rotate secrets. */
export function Channels({ admin }: { admin: boolean }) {
  const channels = useChannels();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [callbackUrl, setCallbackUrl] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: keys.channels });
  const showSecret = (c: Channel) => {
    const s = c.secrets ? Object.values(c.secrets)[0] : undefined;
    if (s) setSecret(t('settings.secret', { secret: s }));
  };
  return (
    <section className="card">
      <h2>{t('settings.channels')}</h2>
      {!admin && <p className="muted">{t('settings.adminOnly')}</p>}
      {secret && (
        <p className="secret" role="status">
          <code>{secret}</code>
        </p>
      )}
      {(channels.data?.channels ?? []).map((c) => (
        <div key={c.id} className="channel">
          <h3>
            {c.name} <span className="chip subtle">{c.type}</span> {c.status === 'disabled' && <span className="chip">{t('settings.disable')}</span>}
          </h3>
          <p className="muted">
            {t('settings.limits', { max: c.capabilities.maxLength, counting: c.capabilities.lengthCounting })}
            {c.capabilities.messageWindowHours !== null && ` · ${t('settings.windowHours', { h: c.capabilities.messageWindowHours })}`}
          </p>
          <p>
            {t('settings.webhookUrl')}: <code>{c.webhookUrl}</code>
          </p>
          {admin && (
            <div className="row">
              <button className="btn ghost small" onClick={() => { const n = window.prompt(t('settings.rename'), c.name); if (n) void patch(`/channels/${c.id}`, { name: n }).then(refresh, (e: Error) => setMsg(e.message)); }}>
                {t('settings.rename')}
              </button>
              <button className="btn ghost small" onClick={() => void patch(`/channels/${c.id}`, { status: c.status === 'active' ? 'disabled' : 'active' }).then(refresh, (e: Error) => setMsg(e.message))}>
                {c.status === 'active' ? t('settings.disable') : t('settings.enable')}
              </button>
              <button className="btn ghost small" onClick={() => window.confirm(t('settings.confirmRotate')) && void post<Channel>(`/channels/${c.id}/rotate-secret`).then(showSecret, (e: Error) => setMsg(e.message))}>
                {t('settings.rotate')}
              </button>
            </div>
          )}
        </div>
      ))}
      {admin && (
        <form
          className="row-form"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              const c = await post<Channel>('/channels', { type: 'api', name: name.trim(), settings: callbackUrl ? { callbackUrl } : {} });
              showSecret(c);
              setName('');
              setCallbackUrl('');
              refresh();
            } catch (err) {
              setMsg((err as Error).message);
            }
          }}
        >
          <h3>{t('settings.connect')}</h3>
          <input required aria-label={t('settings.channelName')} placeholder={t('settings.channelName')} value={name} onChange={(e) => setName(e.target.value)} />
          <input type="url" aria-label={t('settings.callbackUrl')} placeholder={t('settings.callbackUrl')} value={callbackUrl} onChange={(e) => setCallbackUrl(e.target.value)} />
          <button className="btn primary">{t('settings.add')}</button>
        </form>
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}
