import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { useChannels } from '../api/queries';
import { PRIORITIES, type Priority } from '../api/types';
import { t, type MessageKey } from '../i18n';
import { useDialogs } from '../components/dialog';

/** SLA policies: ordered, first enabled match wins (docs/sla.md). Admins edit; everyone else reads. */

interface Policy {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  match: { channelIds: string[]; kinds: string[]; priorities: Priority[] };
  timeMode: 'business' | 'calendar';
  targets: { firstResponseMinutes: number | null; nextResponseMinutes: number | null; resolutionMinutes: number | null };
  warnPercent: number;
}
type Draft = Omit<Policy, 'id' | 'position'> & { id?: string };

const KINDS = ['dm', 'comment', 'mention', 'review', 'email', 'chat'] as const;
const TARGETS = [
  ['firstResponseMinutes', 'sla.firstResponse'],
  ['nextResponseMinutes', 'sla.nextResponse'],
  ['resolutionMinutes', 'sla.resolution'],
] as const;
const empty: Draft = {
  name: '',
  enabled: true,
  match: { channelIds: [], kinds: [], priorities: [] },
  timeMode: 'business',
  targets: { firstResponseMinutes: 60, nextResponseMinutes: null, resolutionMinutes: null },
  warnPercent: 75,
};
const flip = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

export function SlaSettings({ admin }: { admin: boolean }) {
  const qc = useQueryClient();
  const dialogs = useDialogs();
  const policies = useQuery({ queryKey: ['sla-policies'], queryFn: () => get<{ policies: Policy[] }>('/sla-policies').then((r) => r.policies) });
  const channels = useChannels();
  const channelName = (id: string) => channels.data?.channels.find((c) => c.id === id)?.name ?? id;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['sla-policies'] });
  const act = (p: Promise<unknown>) => p.then(refresh, (e: unknown) => setMsg(errorText(e)));

  const summary = (p: Policy) => {
    const parts = [
      p.match.channelIds.length ? p.match.channelIds.map(channelName).join(', ') : t('sla.anyChannel'),
      p.match.kinds.length ? p.match.kinds.map((k) => t(`kindShort.${k}` as MessageKey)).join(', ') : t('sla.anyKind'),
      p.match.priorities.length
        ? t('sla.priorities', {
            list: PRIORITIES.filter((l) => p.match.priorities.includes(l))
              .map((l) => t(`priority.${l}`))
              .join(', '),
          })
        : t('sla.anyPriority'),
    ];
    return parts.join(' · ');
  };

  return (
    <section className="card" aria-labelledby="sla-title">
      <h2 id="sla-title">{t('settings.sla')}</h2>
      <p className="muted">{t('sla.help')}</p>
      {!admin && <p className="muted">{t('settings.adminOnly')}</p>}
      <ol className="saved-list" data-testid="sla-policies">
        {(policies.data ?? []).map((p, i) => (
          <li key={p.id} data-testid="sla-policy">
            <strong>{p.name}</strong> {!p.enabled && <span className="chip">{t('sla.disabled')}</span>}{' '}
            <span className="chip subtle">{t(p.timeMode === 'business' ? 'sla.business' : 'sla.calendar')}</span>
            <p className="muted">{summary(p)}</p>
            <p>
              {TARGETS.filter(([k]) => p.targets[k] !== null)
                .map(([k, label]) => `${t(label)}: ${t('sla.minutes', { n: p.targets[k]! })}`)
                .join(' · ')}{' '}
              · {t('sla.warnAt', { n: p.warnPercent })}
            </p>
            {admin && (
              <div className="row">
                <button
                  className="btn ghost small"
                  disabled={i === 0}
                  aria-label={t('sla.moveUp', { name: p.name })}
                  onClick={() => void act(patch(`/sla-policies/${p.id}`, { position: i - 1 }))}
                >
                  ↑
                </button>
                <button
                  className="btn ghost small"
                  disabled={i === (policies.data?.length ?? 0) - 1}
                  aria-label={t('sla.moveDown', { name: p.name })}
                  onClick={() => void act(patch(`/sla-policies/${p.id}`, { position: i + 1 }))}
                >
                  ↓
                </button>
                <button className="btn ghost small" onClick={() => setDraft({ ...p })}>
                  {t('settings.edit')}
                </button>
                <button
                  className="btn ghost small"
                  onClick={async () =>
                    (await dialogs.confirm({
                      title: t('settings.removeTitle'),
                      body: t('settings.confirmRemove', { name: p.name }),
                      confirmLabel: t('settings.delete'),
                      danger: true,
                    })) && void act(del(`/sla-policies/${p.id}`))
                  }
                >
                  {t('settings.delete')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {policies.data?.length === 0 && <p className="muted">{t('sla.none')}</p>}
      {admin && !draft && (
        <button
          className="btn primary"
          onClick={() => setDraft({ ...empty, match: { channelIds: [], kinds: [], priorities: [] }, targets: { ...empty.targets } })}
        >
          {t('sla.new')}
        </button>
      )}
      {draft && (
        <form
          className="col-form"
          aria-label={t('sla.new')}
          onSubmit={async (e) => {
            e.preventDefault();
            setMsg(null);
            const { id, ...body } = draft;
            try {
              if (id) await patch(`/sla-policies/${id}`, body);
              else await post('/sla-policies', body);
              setDraft(null);
              refresh();
            } catch (err) {
              setMsg(errorText(err));
            }
          }}
        >
          <label>
            {t('settings.name')}
            <input required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </label>
          <fieldset>
            <legend>{t('sla.channels')}</legend>
            {(channels.data?.channels ?? []).map((c) => (
              <label key={c.id} className="check">
                <input
                  type="checkbox"
                  checked={draft.match.channelIds.includes(c.id)}
                  onChange={() => setDraft({ ...draft, match: { ...draft.match, channelIds: flip(draft.match.channelIds, c.id) } })}
                />{' '}
                {c.name}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('sla.kinds')}</legend>
            {KINDS.map((k) => (
              <label key={k} className="check">
                <input
                  type="checkbox"
                  checked={draft.match.kinds.includes(k)}
                  onChange={() => setDraft({ ...draft, match: { ...draft.match, kinds: flip(draft.match.kinds, k) } })}
                />{' '}
                {t(`kindShort.${k}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('sla.prioritiesLabel')}</legend>
            {PRIORITIES.map((n) => (
              <label key={n} className="check">
                <input
                  type="checkbox"
                  checked={draft.match.priorities.includes(n)}
                  onChange={() => setDraft({ ...draft, match: { ...draft.match, priorities: flip(draft.match.priorities, n) } })}
                />{' '}
                {t(`priority.${n}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('sla.timeMode')}
            <select value={draft.timeMode} onChange={(e) => setDraft({ ...draft, timeMode: e.target.value as Draft['timeMode'] })}>
              <option value="business">{t('sla.business')}</option>
              <option value="calendar">{t('sla.calendar')}</option>
            </select>
          </label>
          {TARGETS.map(([k, label]) => (
            <label key={k}>
              {t(label)} ({t('sla.minutesUnit')})
              <input
                type="number"
                min={1}
                placeholder={t('sla.noTarget')}
                value={draft.targets[k] ?? ''}
                onChange={(e) => setDraft({ ...draft, targets: { ...draft.targets, [k]: e.target.value === '' ? null : Number(e.target.value) } })}
              />
            </label>
          ))}
          <label>
            {t('sla.warnPercent')}
            <input
              type="number"
              min={1}
              max={99}
              required
              value={draft.warnPercent}
              onChange={(e) => setDraft({ ...draft, warnPercent: Number(e.target.value) })}
            />
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} /> {t('sla.enabled')}
          </label>
          <div className="row">
            <button className="btn primary">{t('settings.save')}</button>
            <button type="button" className="btn ghost" onClick={() => setDraft(null)}>
              {t('settings.cancel')}
            </button>
          </div>
        </form>
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}
