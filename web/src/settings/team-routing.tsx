import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { put } from '../api/client';
import { errorText } from '../api/error-text';
import { useChannels } from '../api/queries';
import { type Capacity, KIND_LIST, type RoutingMode, routingKeys, type TeamRouting, useTeamRouting } from '../board/api';
import { t, type MessageKey } from '../i18n';

type Member = { id: string; name: string };

const capText = (c: Capacity | null | undefined) => Object.fromEntries(KIND_LIST.map((k) => [k, c?.[k] === undefined ? '' : String(c[k])]));
const capOf = (s: Record<string, string>): Capacity => Object.fromEntries(KIND_LIST.filter((k) => s[k]?.trim()).map((k) => [k, Number(s[k])]));
const words = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const minutes = (s: string) => (s.trim() ? Number(s) : null);

interface Draft {
  mode: RoutingMode;
  capacity: Record<string, string>;
  intakeChannels: string[];
  noAnswer: string;
  offline: string;
  members: Record<string, { capacity: Record<string, string>; languages: string; channels: string[]; tags: string }>;
}

const draftOf = (r: TeamRouting): Draft => ({
  mode: r.mode,
  capacity: capText(r.capacity),
  intakeChannels: r.intakeChannels,
  noAnswer: r.noAnswerMinutes === null ? '' : String(r.noAnswerMinutes),
  offline: r.offlineMinutes === null ? '' : String(r.offlineMinutes),
  members: Object.fromEntries(
    r.members.map((m) => [m.userId, { capacity: capText(m.capacity), languages: m.languages.join(', '), channels: m.channels, tags: m.tags.join(', ') }]),
  ),
});

/**
 * A team's routing, inside its card in Settings → Teams: mode, capacity per kind, the channels
 * whose new conversations join it, when work returns to the queue, and per agent a capacity
 * override and skills. Saved as one PUT /teams/:id/routing; the server's 400 names the field.
 */
export function TeamRoutingForm({ teamId, team, members, admin }: { teamId: string; team: string; members: Member[]; admin: boolean }) {
  const routing = useTeamRouting(teamId);
  const channels = useChannels().data?.channels ?? [];
  const qc = useQueryClient();
  const [d, setD] = useState<Draft | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  useEffect(() => {
    if (routing.data) setD(draftOf(routing.data));
  }, [routing.data]);
  if (!d) return null;
  const id = (s: string) => `routing-${teamId}-${s}`;
  const toggle = (list: string[], v: string, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
  const save = async () => {
    setMsg(null);
    try {
      const saved = await put<TeamRouting>(`/teams/${teamId}/routing`, {
        mode: d.mode,
        capacity: capOf(d.capacity),
        intakeChannels: d.intakeChannels,
        noAnswerMinutes: minutes(d.noAnswer),
        offlineMinutes: minutes(d.offline),
        members: members
          .filter((m) => d.members[m.id])
          .map((m) => {
            const x = d.members[m.id]!;
            const cap = capOf(x.capacity);
            return { userId: m.id, capacity: Object.keys(cap).length ? cap : null, languages: words(x.languages), channels: x.channels, tags: words(x.tags) };
          }),
      });
      qc.setQueryData(routingKeys.team(teamId), saved);
      void qc.invalidateQueries({ queryKey: ['routing'] });
      setMsg(t('routing.saved'));
    } catch (e) {
      setMsg(errorText(e));
    }
  };
  const member = (userId: string) => d.members[userId] ?? { capacity: capText(null), languages: '', channels: [], tags: '' };
  const setMember = (userId: string, patch: Partial<Draft['members'][string]>) =>
    setD({ ...d, members: { ...d.members, [userId]: { ...member(userId), ...patch } } });
  return (
    <details className="team-routing">
      <summary>
        {t('routing.title')}: {t(`board.mode.${d.mode}` as MessageKey)}
      </summary>
      <fieldset disabled={!admin} aria-label={`${t('routing.title')}: ${team}`}>
        <label htmlFor={id('mode')}>{t('routing.mode')}</label>
        <select id={id('mode')} value={d.mode} onChange={(e) => setD({ ...d, mode: e.target.value as RoutingMode })}>
          {(['manual', 'round_robin', 'load_balanced'] as const).map((m) => (
            <option key={m} value={m}>
              {t(`routing.mode.${m}` as MessageKey)}
            </option>
          ))}
        </select>
        <p>{t('routing.capacity')}</p>
        <div className="row">
          {KIND_LIST.map((k) => (
            <label key={k} className="small">
              {t(`kind.${k}` as MessageKey)}{' '}
              <input
                type="number"
                min={0}
                style={{ width: '5em' }}
                value={d.capacity[k]}
                onChange={(e) => setD({ ...d, capacity: { ...d.capacity, [k]: e.target.value } })}
              />
            </label>
          ))}
        </div>
        {!!channels.length && (
          <>
            <p>{t('routing.intake')}</p>
            <div className="row">
              {channels.map((c) => (
                <label key={c.id} className="check">
                  <input
                    type="checkbox"
                    checked={d.intakeChannels.includes(c.id)}
                    onChange={(e) => setD({ ...d, intakeChannels: toggle(d.intakeChannels, c.id, e.target.checked) })}
                  />{' '}
                  {c.name}
                </label>
              ))}
            </div>
          </>
        )}
        <label htmlFor={id('noanswer')}>{t('routing.noAnswer')}</label>
        <input id={id('noanswer')} type="number" min={1} value={d.noAnswer} onChange={(e) => setD({ ...d, noAnswer: e.target.value })} />
        <label htmlFor={id('offline')}>{t('routing.offline')}</label>
        <input id={id('offline')} type="number" min={0} value={d.offline} onChange={(e) => setD({ ...d, offline: e.target.value })} />
        {!!members.length && (
          <>
            <p>{t('routing.members')}</p>
            <p className="muted small">{t('routing.skillsHelp')}</p>
            {members.map((m) => {
              const x = member(m.id);
              return (
                <details key={m.id} className="routing-member">
                  <summary>{m.name}</summary>
                  <label>
                    {t('routing.languages', { name: m.name })}
                    <input value={x.languages} onChange={(e) => setMember(m.id, { languages: e.target.value })} />
                  </label>
                  <label>
                    {t('routing.tags', { name: m.name })}
                    <input value={x.tags} onChange={(e) => setMember(m.id, { tags: e.target.value })} />
                  </label>
                  {!!channels.length && (
                    <div className="row" role="group" aria-label={t('routing.channels', { name: m.name })}>
                      {channels.map((c) => (
                        <label key={c.id} className="check">
                          <input
                            type="checkbox"
                            checked={x.channels.includes(c.id)}
                            onChange={(e) => setMember(m.id, { channels: toggle(x.channels, c.id, e.target.checked) })}
                          />{' '}
                          {c.name}
                        </label>
                      ))}
                    </div>
                  )}
                  <div className="row">
                    {KIND_LIST.map((k) => (
                      <label key={k} className="small">
                        {t('routing.memberCapacity', { kind: t(`kind.${k}` as MessageKey), name: m.name })}{' '}
                        <input
                          type="number"
                          min={0}
                          style={{ width: '5em' }}
                          value={x.capacity[k]}
                          onChange={(e) => setMember(m.id, { capacity: { ...x.capacity, [k]: e.target.value } })}
                        />
                      </label>
                    ))}
                  </div>
                </details>
              );
            })}
          </>
        )}
        <button className="btn primary small" type="button" onClick={() => void save()}>
          {t('routing.save')}
        </button>
        {msg && <p role="status">{msg}</p>}
      </fieldset>
    </details>
  );
}
