import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useChannelTemplates } from '../api/queries';
import type { Channel } from '../api/types';
import { t } from '../i18n';

interface SyncResult {
  added: number;
  updated: number;
  removed: number;
  total: number;
}

/**
 * A WhatsApp channel's message templates as last synced from Meta (every status, so an admin sees
 * what is still pending or was rejected), and "Sync from Meta" for admins. The sync needs the
 * WhatsApp Business Account id; an admin can set it here. When Meta refuses, its own words show.
 */
export function WhatsAppTemplates({ channel, admin, onSaved }: { channel: Channel; admin: boolean; onSaved: () => void }) {
  const qc = useQueryClient();
  const templates = useChannelTemplates(channel.id);
  const waba = typeof channel.settings.businessAccountId === 'string' ? channel.settings.businessAccountId : '';
  const [wabaDraft, setWabaDraft] = useState(waba);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingId = `templates-${channel.id}`;

  async function run(fn: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setStatus(await fn());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const sync = () =>
    run(async () => {
      // A WABA id typed but not saved yet is what the admin means to sync: save it first.
      if (wabaDraft.trim() && wabaDraft.trim() !== waba) {
        await patch(`/channels/${channel.id}`, { settings: { businessAccountId: wabaDraft.trim() } });
        onSaved();
      }
      const r = await post<SyncResult>(`/channels/${channel.id}/templates/sync`);
      // The prefix also refreshes the composer's picker (approved templates of this channel).
      void qc.invalidateQueries({ queryKey: keys.templates(channel.id) });
      return t('waTemplates.synced', { added: r.added, updated: r.updated, removed: r.removed, total: r.total });
    });
  const saveWaba = () =>
    run(async () => {
      await patch(`/channels/${channel.id}`, { settings: { businessAccountId: wabaDraft.trim() } });
      onSaved();
      return t('waTemplates.wabaSaved');
    });

  const list = templates.data ?? [];
  return (
    <section aria-labelledby={headingId} className="wa-templates">
      <h4 id={headingId}>{t('waTemplates.title')}</h4>
      <p className="muted">{t('waTemplates.help')}</p>
      {admin ? (
        <div className="row">
          <label htmlFor={`waba-${channel.id}`}>{t('waTemplates.waba')}</label>
          <input id={`waba-${channel.id}`} inputMode="numeric" value={wabaDraft} onChange={(e) => setWabaDraft(e.target.value)} />
          {wabaDraft.trim() !== waba && wabaDraft.trim() && (
            <button type="button" className="btn ghost small" disabled={busy} onClick={() => void saveWaba()}>
              {t('waTemplates.wabaSave')}
            </button>
          )}
          <button type="button" className="btn small" disabled={busy} onClick={() => void sync()}>
            {busy ? t('waTemplates.syncing') : t('waTemplates.sync')}
          </button>
        </div>
      ) : (
        <p className="muted">
          {t('waTemplates.waba')}: {waba || '—'} · {t('waTemplates.adminSyncs')}
        </p>
      )}
      {status && <p role="status">{status}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {templates.isError && (
        <p className="form-error" role="alert">
          {errorText(templates.error)}
        </p>
      )}
      {templates.isSuccess && !list.length && <p className="muted">{t('waTemplates.empty')}</p>}
      {list.length > 0 && (
        <table className="table" data-testid="wa-templates">
          <thead>
            <tr>
              <th scope="col">{t('waTemplates.name')}</th>
              <th scope="col">{t('waTemplates.language')}</th>
              <th scope="col">{t('waTemplates.category')}</th>
              <th scope="col">{t('waTemplates.status')}</th>
              <th scope="col">{t('waTemplates.body')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((x) => (
              <tr key={x.id} data-testid="wa-template">
                <td>
                  <code>{x.name}</code>
                </td>
                <td>{x.language}</td>
                <td>{x.category}</td>
                <td>
                  <span className={x.status === 'APPROVED' ? 'chip' : 'chip subtle'}>{x.status}</span>
                  {x.unsupported && <span className="muted"> · {t('template.unsupported')}</span>}
                </td>
                <td style={{ whiteSpace: 'pre-wrap' }}>{x.body}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
