import { useState } from 'react';
import { Link } from 'wouter';
import { qs } from '../api/client';
import { errorText } from '../api/error-text';
import { ago, userLocales } from '../lib/time';
import { useSession } from '../session';
import { useContactList } from './api';
import { ImportPanel } from './import-panel';
import { ct } from './strings';

/** The directory: every contact, searchable by name, account, e-mail or phone, newest first. */
export function Directory() {
  const { can } = useSession();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [importing, setImporting] = useState(false);
  const list = useContactList(q);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="contacts-directory">
      <div className="contacts-bar">
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setQ(text.trim());
          }}
        >
          <input type="search" aria-label={ct('search')} placeholder={ct('search')} value={text} onChange={(e) => setText(e.target.value)} maxLength={200} />
        </form>
        {can('contacts.export') && (
          <a className="btn ghost small" href={`/api/v1/contacts/export${qs({ q })}`} download="hearken-contacts.csv">
            {ct('exportCsv')}
          </a>
        )}
        {can('contacts.manage') && (
          <button className="btn ghost small" onClick={() => setImporting(true)}>
            {ct('importCsv')}
          </button>
        )}
      </div>
      {importing && <ImportPanel onClose={() => setImporting(false)} />}
      {list.error && <p role="alert">{errorText(list.error)}</p>}
      <table className="contacts-table">
        <thead>
          <tr>
            <th>{ct('colName')}</th>
            <th>{ct('colAccounts')}</th>
            <th>{ct('colEmail')}</th>
            <th>{ct('colPhone')}</th>
            <th className="num">{ct('colConversations')}</th>
            <th>{ct('colLastSeen')}</th>
            <th>{ct('colCreated')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id}>
              <td>
                <Link href={`/contacts/${c.id}`}>{c.name ?? ct('noName')}</Link>
              </td>
              <td>
                {c.identities.map((i) => (
                  <span key={`${i.network}:${i.externalId}`} className="chip subtle" title={i.externalId}>
                    {i.network} {i.handle ?? i.externalId}
                  </span>
                ))}
              </td>
              <td>{c.email ?? ''}</td>
              <td>{c.phone ?? ''}</td>
              <td className="num">{c.conversationCount}</td>
              <td>{c.lastActivityAt ? ago(c.lastActivityAt) : ''}</td>
              <td>{new Date(c.createdAt).toLocaleDateString(userLocales())}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.isPending && <p className="muted">{ct('loading')}</p>}
      {list.isSuccess && rows.length === 0 && <p className="muted">{ct('empty')}</p>}
      {list.hasNextPage && (
        <button className="btn ghost small" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {ct('more')}
        </button>
      )}
    </section>
  );
}
