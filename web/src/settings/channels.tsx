import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useChannels } from '../api/queries';
import type { Channel } from '../api/types';
import { useDialogs } from '../components/dialog';
import { t } from '../i18n';
import { fieldErrors, originLines, SiteSnippet, SiteWidgetForm } from './site-widget-settings';
import { WhatsAppTemplates } from './whatsapp-templates';

function checkText(r: { status: string; detail: string }): string {
  const status = r.status === 'ok' ? t('settings.check.ok') : r.status === 'skipped' ? t('settings.check.skipped') : t('settings.check.failed');
  return t('settings.checkResult', { status, detail: r.detail });
}

/**
 * Channels: connect an API channel (secret shown once) or a site chat (embed snippet), rename,
 * disable, rotate secrets; a site chat's widget settings; a WhatsApp channel's message templates.
 */
export function Channels({ admin }: { admin: boolean }) {
  const dialogs = useDialogs();
  const channels = useChannels();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [callbackUrl, setCallbackUrl] = useState('');
  const [newType, setNewType] = useState<'api' | 'site'>('api');
  const [origins, setOrigins] = useState('');
  const [createErrors, setCreateErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  // The last connection check per channel: what the network said, shown under the channel.
  const [checks, setChecks] = useState<Record<string, { status: string; detail: string } | 'running'>>({});
  const check = (id: string) => {
    setChecks((m) => ({ ...m, [id]: 'running' }));
    post<{ status: string; detail: string }>(`/channels/${id}/check`).then(
      (r) => setChecks((m) => ({ ...m, [id]: r })),
      (e: unknown) => setChecks((m) => ({ ...m, [id]: { status: 'failed', detail: errorText(e) } })),
    );
  };
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
          {c.type === 'site' ? (
            <>
              <SiteSnippet channel={c} />
              <SiteWidgetForm key={c.id} channel={c} admin={admin} onSaved={refresh} />
            </>
          ) : (
            <p>
              {t('settings.webhookUrl')}: <code>{c.webhookUrl}</code>
            </p>
          )}
          {c.type === 'whatsapp' && <WhatsAppTemplates channel={c} admin={admin} onSaved={refresh} />}
          {checks[c.id] && (
            <p role="status" className={checks[c.id] !== 'running' && (checks[c.id] as { status: string }).status === 'failed' ? 'form-error' : 'muted'}>
              {checks[c.id] === 'running' ? t('settings.checking') : checkText(checks[c.id] as { status: string; detail: string })}
            </p>
          )}
          {admin && (
            <div className="row" style={{ marginTop: 8 }}>
              <button className="btn ghost small" disabled={checks[c.id] === 'running'} onClick={() => check(c.id)}>
                {t('settings.checkConnection')}
              </button>
              <button
                className="btn ghost small"
                onClick={async () => {
                  const n = await dialogs.prompt({ title: t('settings.renameTitle', { name: c.name }), label: t('settings.name'), initial: c.name });
                  if (n) void patch(`/channels/${c.id}`, { name: n }).then(refresh, (e: unknown) => setMsg(errorText(e)));
                }}
              >
                {t('settings.rename')}
              </button>
              <button
                className="btn ghost small"
                onClick={() =>
                  void patch(`/channels/${c.id}`, { status: c.status === 'active' ? 'disabled' : 'active' }).then(refresh, (e: unknown) => setMsg(errorText(e)))
                }
              >
                {c.status === 'active' ? t('settings.disable') : t('settings.enable')}
              </button>
              {c.type === 'site' ? (
                // A site chat's secret signs visitor tokens: nobody needs to see it, rotating it ends every visitor session.
                <button
                  className="btn ghost small"
                  onClick={async () =>
                    (await dialogs.confirm({
                      title: t('siteWidget.rotate'),
                      body: t('siteWidget.confirmRotate'),
                      confirmLabel: t('siteWidget.rotate'),
                      danger: true,
                    })) &&
                    void post<Channel>(`/channels/${c.id}/rotate-secret`).then(
                      () => setMsg(t('siteWidget.rotated')),
                      (e: unknown) => setMsg(errorText(e)),
                    )
                  }
                >
                  {t('siteWidget.rotate')}
                </button>
              ) : (
                <button
                  className="btn ghost small"
                  onClick={async () =>
                    (await dialogs.confirm({
                      title: t('settings.rotateTitle'),
                      body: t('settings.confirmRotate'),
                      confirmLabel: t('settings.rotate'),
                      danger: true,
                    })) && void post<Channel>(`/channels/${c.id}/rotate-secret`).then(showSecret, (e: unknown) => setMsg(errorText(e)))
                  }
                >
                  {t('settings.rotate')}
                </button>
              )}
            </div>
          )}
        </div>
      ))}
      {admin && (
        <form
          className="row-form"
          aria-label={t('settings.connectChannel')}
          onSubmit={async (e) => {
            e.preventDefault();
            setMsg(null);
            const allowedOrigins = originLines(origins);
            if (newType === 'site' && !allowedOrigins.length) {
              setCreateErrors({ allowedOrigins: t('siteWidget.originsRequired') });
              return;
            }
            try {
              const settings = newType === 'site' ? { allowedOrigins } : callbackUrl ? { callbackUrl } : {};
              const c = await post<Channel>('/channels', { type: newType, name: name.trim(), settings });
              if (newType === 'api') showSecret(c);
              else setMsg(t('siteWidget.created', { name: c.name }));
              setName('');
              setCallbackUrl('');
              setOrigins('');
              setCreateErrors({});
              refresh();
            } catch (err) {
              const f = fieldErrors(err);
              setCreateErrors(f);
              if (!Object.keys(f).length) setMsg(errorText(err));
            }
          }}
        >
          <h3>{newType === 'site' ? t('siteWidget.connect') : t('settings.connect')}</h3>
          <label>
            {t('settings.channelType')}{' '}
            <select
              value={newType}
              onChange={(e) => {
                setNewType(e.target.value as 'api' | 'site');
                setCreateErrors({});
              }}
            >
              <option value="api">{t('settings.type.api')}</option>
              <option value="site">{t('settings.type.site')}</option>
            </select>
          </label>
          <input
            required
            aria-label={t('settings.channelName')}
            placeholder={t('settings.channelName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          {newType === 'api' ? (
            <input
              type="url"
              aria-label={t('settings.callbackUrl')}
              placeholder={t('settings.callbackUrl')}
              value={callbackUrl}
              onChange={(e) => setCallbackUrl(e.target.value)}
            />
          ) : (
            <textarea
              rows={2}
              style={{ minWidth: 320 }}
              aria-label={t('siteWidget.origins')}
              aria-invalid={createErrors.allowedOrigins ? true : undefined}
              aria-describedby={createErrors.allowedOrigins ? 'new-site-origins-error' : undefined}
              placeholder={t('siteWidget.originsPlaceholder')}
              value={origins}
              onChange={(e) => setOrigins(e.target.value)}
            />
          )}
          <button className="btn primary">{t('settings.add')}</button>
          {Object.entries(createErrors).map(([k, v]) => (
            <p
              key={k}
              id={k === 'allowedOrigins' ? 'new-site-origins-error' : undefined}
              className="form-error"
              role="alert"
              style={{ flex: '1 1 100%', margin: 0 }}
            >
              {k === 'allowedOrigins'
                ? t('siteWidget.origins')
                : k === 'name'
                  ? t('settings.channelName')
                  : k === 'callbackUrl'
                    ? t('settings.callbackUrl')
                    : k}
              : {v}
            </p>
          ))}
        </form>
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}
