import { useState } from 'react';
import './filters.css';
import { useChannels, useMembers, useTeams } from '../api/queries';
import { t, type MessageKey } from '../i18n';
import { FILTER_FIELDS, INTENTS, LANGUAGES, SENTIMENTS, SINGLE, languageName, splitValues, type FilterField } from '../lib/filters';
import { useTags } from '../lib/tags';
import { SaveViewButton } from './view-dialogs';

interface Option {
  value: string;
  label: string;
}

/** What each field can be set to, with readable labels. */
function useOptions(field: FilterField, current: string[]): Option[] {
  const tags = useTags();
  const members = useMembers();
  const teams = useTeams();
  const channels = useChannels();
  const withCurrent = (opts: Option[]) => [...opts, ...current.filter((v) => !opts.some((o) => o.value === v)).map((v) => ({ value: v, label: v }))];
  switch (field) {
    case 'tag':
      return withCurrent((tags.data?.tags ?? []).map((x) => ({ value: x.name, label: `#${x.name}` })));
    case 'sentiment':
      return SENTIMENTS.map((v) => ({ value: v, label: t(`sentiment.${v}`) }));
    case 'intent':
      return INTENTS.map((v) => ({ value: v, label: t(`intent.${v}`) }));
    case 'language':
      return withCurrent(LANGUAGES.map((v) => ({ value: v, label: languageName(v) })));
    case 'assignee':
      return withCurrent([
        { value: 'me', label: t('filters.me') },
        { value: 'none', label: t('filters.unassigned') },
        ...(members.data ?? []).filter((m) => m.role !== 'viewer').map((m) => ({ value: m.id, label: m.name })),
      ]);
    case 'team':
      return withCurrent([{ value: 'none', label: t('filters.noTeam') }, ...(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))]);
    case 'channel':
      return withCurrent((channels.data?.channels ?? []).map((c) => ({ value: c.id, label: c.name })));
    case 'visibility':
      return [
        { value: 'public', label: t('filters.public') },
        { value: 'private', label: t('filters.private') },
      ];
    case 'troll':
      return [
        { value: 'hide', label: t('filters.trollHide') },
        { value: 'only', label: t('filters.trollOnly') },
      ];
    case 'needsReply':
      return [
        { value: 'true', label: t('filters.yes') },
        { value: 'false', label: t('filters.no') },
      ];
  }
}

const fieldLabel = (f: FilterField) => t(`filters.field.${f}` as MessageKey);

/**
 * The queue's filter chips: one per field in use, each a disclosure with checkboxes (several
 * values = any of them) or radio buttons; "+ Filter" adds a field. Native <details>/<summary> and
 * inputs, so it all works from the keyboard. Every change goes into the URL.
 */
export function FilterBar({
  values,
  setParams,
  filters,
}: {
  values: Partial<Record<FilterField, string>>;
  setParams: (updates: Record<string, string>) => void;
  filters: Record<string, string>;
}) {
  // A field just added from the menu shows (open) before it has a value.
  const [adding, setAdding] = useState<FilterField | null>(null);
  const active = FILTER_FIELDS.filter((f) => values[f] || f === adding);
  const inactive = FILTER_FIELDS.filter((f) => !active.includes(f));
  return (
    <div className="filter-bar" role="group" aria-label={t('filters.bar')} data-testid="filter-bar">
      {active.map((f) => (
        <FilterChip
          key={f}
          field={f}
          value={values[f] ?? ''}
          startOpen={f === adding}
          onChange={(v) => {
            setParams({ [f]: v });
            if (v) setAdding(null);
          }}
          onRemove={() => {
            setParams({ [f]: '' });
            setAdding(null);
          }}
        />
      ))}
      {inactive.length > 0 && (
        <details className="filter-add">
          <summary className="chip subtle">+ {t('filters.add')}</summary>
          <ul className="filter-menu">
            {inactive.map((f) => (
              <li key={f}>
                <button
                  type="button"
                  className="link-btn"
                  onClick={(e) => {
                    (e.currentTarget.closest('details') as HTMLDetailsElement).open = false;
                    setAdding(f);
                  }}
                >
                  {fieldLabel(f)}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      {active.length > 0 && (
        <>
          <button
            type="button"
            className="link-btn"
            onClick={() => {
              setParams(Object.fromEntries(active.map((f) => [f, ''])));
              setAdding(null);
            }}
          >
            {t('filters.clear')}
          </button>
          <SaveViewButton filters={filters} />
        </>
      )}
    </div>
  );
}

function FilterChip(p: { field: FilterField; value: string; startOpen: boolean; onChange: (v: string) => void; onRemove: () => void }) {
  const current = splitValues(p.value);
  const options = useOptions(p.field, current);
  const single = SINGLE.has(p.field);
  const labels = current.map((v) => options.find((o) => o.value === v)?.label ?? v);
  const shown = labels.length === 0 ? t('filters.any') : labels.length === 1 ? labels[0]! : t('filters.more', { first: labels[0]!, n: labels.length - 1 });
  const name = fieldLabel(p.field);
  return (
    <span className={current.length ? 'filter-chip set' : 'filter-chip'} data-testid={`filter-${p.field}`}>
      <details open={p.startOpen || undefined}>
        <summary>{t('filters.summary', { field: name, values: shown })}</summary>
        <fieldset className="filter-pop">
          <legend className="sr-only">{name}</legend>
          {options.length === 0 && <p className="muted">{p.field === 'tag' ? t('filters.noTags') : t('filters.any')}</p>}
          {options.map((o) => (
            <label key={o.value} className="filter-option">
              <input
                type={single ? 'radio' : 'checkbox'}
                name={`filter-${p.field}`}
                checked={current.includes(o.value)}
                onChange={(e) => {
                  const next = single ? [o.value] : e.target.checked ? [...current, o.value] : current.filter((v) => v !== o.value);
                  p.onChange(next.join(','));
                }}
              />{' '}
              {o.label}
            </label>
          ))}
        </fieldset>
      </details>
      <button type="button" className="chip-x" aria-label={t('filters.remove', { field: name })} onClick={p.onRemove}>
        ×
      </button>
    </span>
  );
}
