import { useQueryClient } from '@tanstack/react-query';
import '../components/filters.css';
import { useEffect, useRef, useState } from 'react';
import { del, api, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys } from '../api/queries';
import type { TagInfo } from '../api/types';
import { useDialogs } from '../components/dialog';
import { t } from '../i18n';
import { tagStyle, tagsKey, useTags } from '../lib/tags';

/**
 * Settings → Tags: the managed tag list with colour, description and usage; create, rename,
 * recolour, describe, delete and merge (tags.manage). Tags in use but not on the list show too,
 * so stray spellings can be adopted or merged away.
 */
export function TagsSettings({ admin }: { admin: boolean }) {
  const tags = useTags();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [color, setColor] = useState('#1f6feb');
  const [msg, setMsg] = useState<string | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: tagsKey });
    void qc.invalidateQueries({ queryKey: keys.queues });
    void qc.invalidateQueries({ queryKey: ['conversation'] });
  };
  const run = (p: Promise<unknown>, done?: string) =>
    p.then(
      () => {
        setMsg(done ?? t('tags.saved'));
        refresh();
      },
      (e: unknown) => setMsg(errorText(e)),
    );
  const list = tags.data?.tags ?? [];
  return (
    <section className="card tags-settings">
      <h2>{t('settings.tags')}</h2>
      <p className="muted">{t('tags.help')}</p>
      {!admin && <p className="muted">{t('tags.readOnly')}</p>}
      {admin && tags.data && (
        <label className="check">
          <input type="checkbox" checked={tags.data.managedOnly} onChange={(e) => void run(api('PUT', '/tags/settings', { managedOnly: e.target.checked }))} />{' '}
          {t('tags.managedOnly')}
          <span className="muted"> — {t('tags.managedOnlyHelp')}</span>
        </label>
      )}
      {list.length === 0 && <p className="muted">{t('tags.none')}</p>}
      {list.length > 0 && (
        <table className="tags-table">
          <thead>
            <tr>
              <th scope="col">{t('tags.name')}</th>
              <th scope="col">{t('tags.color')}</th>
              <th scope="col">{t('tags.description')}</th>
              <th scope="col">{t('tags.usage')}</th>
              {admin && <th scope="col" />}
            </tr>
          </thead>
          <tbody>
            {list.map((tag) => (
              <TagRow key={tag.name} tag={tag} all={list} admin={admin} run={run} />
            ))}
          </tbody>
        </table>
      )}
      {admin && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void run(post('/tags', { name: name.trim(), color }).then(() => setName('')));
          }}
        >
          <label>
            {t('tags.new')} <input value={name} onChange={(e) => setName(e.target.value)} maxLength={64} />
          </label>
          <label>
            {t('tags.color')} <input type="color" value={color} onChange={(e) => setColor(e.target.value)} />
          </label>
          <button className="btn primary small">{t('tags.add')}</button>
        </form>
      )}
      {msg && (
        <p role="status" className="muted">
          {msg}
        </p>
      )}
    </section>
  );
}

function TagRow({ tag, all, admin, run }: { tag: TagInfo; all: TagInfo[]; admin: boolean; run: (p: Promise<unknown>, done?: string) => Promise<void> }) {
  const dialogs = useDialogs();
  const [description, setDescription] = useState(tag.description);
  const [merging, setMerging] = useState(false);
  const [into, setInto] = useState('');
  const path = `/tags/${encodeURIComponent(tag.name)}`;
  return (
    <tr data-testid="tag-row" data-tag={tag.name}>
      <td>
        <span className="chip tag" style={tagStyle(tag.color)}>
          #{tag.name}
        </span>
        {!tag.managed && <span className="muted"> ({t('tags.notManaged')})</span>}
      </td>
      <td>
        {tag.managed && admin ? (
          <ColorInput label={t('tags.colorOf', { name: tag.name })} value={tag.color ?? '#1f6feb'} onCommit={(c) => void run(patch(path, { color: c }))} />
        ) : (
          <span className="muted">{tag.color ?? '—'}</span>
        )}
      </td>
      <td>
        {tag.managed && admin ? (
          <input
            aria-label={t('tags.descriptionOf', { name: tag.name })}
            value={description}
            maxLength={300}
            onChange={(e) => setDescription(e.target.value)}
            onBlur={() => description !== tag.description && void run(patch(path, { description }))}
          />
        ) : (
          tag.description
        )}
      </td>
      <td>{tag.conversations}</td>
      {admin && (
        <td className="row">
          {!tag.managed && (
            <button className="btn ghost small" onClick={() => void run(post('/tags', { name: tag.name }))}>
              {t('tags.adopt')}
            </button>
          )}
          {tag.managed && (
            <button
              className="btn ghost small"
              onClick={async () => {
                const n = await dialogs.prompt({ title: t('tags.renameTitle', { name: tag.name }), label: t('tags.name'), initial: tag.name, maxLength: 64 });
                if (n && n !== tag.name) void run(patch(path, { name: n }));
              }}
            >
              {t('tags.rename')}
            </button>
          )}
          <button className="btn ghost small" aria-expanded={merging} onClick={() => setMerging((m) => !m)}>
            {t('tags.merge')}
          </button>
          <button
            className="btn ghost small"
            onClick={async () => {
              const ok = await dialogs.confirm({
                title: t('tags.deleteTitle', { name: tag.name }),
                body: t('tags.deleteBody', { n: tag.conversations }),
                confirmLabel: t('tags.delete'),
                danger: true,
              });
              if (ok) void run(del(path));
            }}
          >
            {t('tags.delete')}
          </button>
          {merging && (
            <form
              className="inline-form"
              aria-label={t('tags.mergeTitle', { name: tag.name })}
              onSubmit={async (e) => {
                e.preventDefault();
                if (!into) return;
                const ok = await dialogs.confirm({
                  title: t('tags.mergeTitle', { name: tag.name }),
                  body: t('tags.mergeBody', { from: tag.name, into }),
                  confirmLabel: t('tags.merge'),
                });
                if (!ok) return;
                await run(
                  post<{ conversations: number }>('/tags/merge', { from: tag.name, into }).then((r) => {
                    setMerging(false);
                    return r;
                  }),
                  t('tags.merged', { from: tag.name, into, n: tag.conversations }),
                );
              }}
            >
              <label>
                {t('tags.mergeInto')}{' '}
                <select value={into} onChange={(e) => setInto(e.target.value)}>
                  <option value="" />
                  {all
                    .filter((x) => x.name !== tag.name)
                    .map((x) => (
                      <option key={x.name} value={x.name}>
                        {x.name}
                      </option>
                    ))}
                </select>
              </label>
              <button className="btn small" disabled={!into}>
                {t('tags.merge')}
              </button>
            </form>
          )}
        </td>
      )}
    </tr>
  );
}

/**
 * A colour input that saves once the colour is chosen (the native "change" event), not on every
 * step of dragging through the picker (React's onChange follows "input").
 */
function ColorInput({ label, value, onCommit }: { label: string; value: string; onCommit: (c: string) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const commit = useRef(onCommit);
  commit.current = onCommit;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const on = () => el.value !== value && commit.current(el.value);
    el.addEventListener('change', on);
    return () => el.removeEventListener('change', on);
  }, [value]);
  return <input ref={ref} type="color" aria-label={label} defaultValue={value} key={value} />;
}
