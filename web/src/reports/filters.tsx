import { useState } from 'react';
import { useChannels, useMembers, useTeams } from '../api/queries';
import type { ReportFilters } from './api';
import { rt } from './strings';

const KINDS = ['dm', 'comment', 'mention', 'review', 'email', 'chat'];

/** Date range and filters; applied together with one button so the page asks the server once. */
export function Filters({ value, onApply }: { value: ReportFilters; onApply: (f: ReportFilters) => void }) {
  const [f, setF] = useState(value);
  const channels = useChannels();
  const teams = useTeams();
  const members = useMembers();
  const set = (k: keyof ReportFilters) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const select = (k: keyof ReportFilters, label: string, options: Array<[string, string]>) => (
    <label className="report-field">
      <span>{label}</span>
      <select aria-label={label} value={f[k]} onChange={set(k)}>
        <option value="">{rt('any')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      className="report-filters"
      aria-label={rt('title')}
      onSubmit={(e) => {
        e.preventDefault();
        onApply(f);
      }}
    >
      <label className="report-field">
        <span>{rt('from')}</span>
        <input type="date" value={f.from} max={f.to} onChange={set('from')} required />
      </label>
      <label className="report-field">
        <span>{rt('to')}</span>
        <input type="date" value={f.to} min={f.from} onChange={set('to')} required />
      </label>
      {select(
        'channel',
        rt('channel'),
        (channels.data?.channels ?? []).map((c) => [c.id, c.name]),
      )}
      {select(
        'kind',
        rt('kind'),
        KINDS.map((k) => [k, k]),
      )}
      {select('team', rt('team'), [...(teams.data ?? []).map((tm): [string, string] => [tm.id, tm.name]), ['none', rt('none')]])}
      {select('agent', rt('agent'), [...(members.data ?? []).map((m): [string, string] => [m.id, m.name]), ['none', rt('none')]])}
      <label className="report-field">
        <span>{rt('tag')}</span>
        <input value={f.tag} onChange={set('tag')} maxLength={64} />
      </label>
      <label className="report-field">
        <span>{rt('time')}</span>
        <select aria-label={rt('time')} value={f.time} onChange={set('time')}>
          <option value="calendar">{rt('calendar')}</option>
          <option value="business">{rt('business')}</option>
        </select>
      </label>
      <button className="btn primary" type="submit">
        {rt('apply')}
      </button>
    </form>
  );
}
