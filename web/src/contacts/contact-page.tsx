import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useContact } from '../api/queries';
import type { ContactDetail, Kind, Status } from '../api/types';
import { Attributes } from '../components/contact-panel';
import { useDialogs } from '../components/dialog';
import { t, type MessageKey } from '../i18n';
import { ago, userLocales } from '../lib/time';
import { useSession } from '../session';
import { useDuplicates } from './api';
import { ct, type ContactsKey } from './strings';

const day = (ms: number) => new Date(ms).toLocaleDateString(userLocales());

/** One person: details, attributes, every conversation on every channel, possible duplicates, merges. */
export function ContactPage({ id }: { id: string }) {
  const contact = useContact(id);
  const { can } = useSession();
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.contact(id) });
    void qc.invalidateQueries({ queryKey: ['contacts'] });
    void qc.invalidateQueries({ queryKey: ['contact-duplicates'] });
  };
  if (contact.error) return <p role="alert">{errorText(contact.error)}</p>;
  const c = contact.data;
  if (!c) return <p className="muted">{ct('loading')}</p>;
  if (c.mergedInto)
    return (
      <p>
        {ct('mergedAway')} <Link href={`/contacts/${c.mergedInto}`}>{ct('openMerged')}</Link>
      </p>
    );
  const editable = can('contacts.manage') && !c.erasedAt;
  return (
    <div className="contact-page">
      <h2>{c.name ?? ct('noName')}</h2>
      <div className="contact-columns">
        <div>
          <Details c={c} editable={editable} onSaved={refresh} />
          <Attributes c={c} editable={editable} onSaved={refresh} />
          <section>
            <h3>{t('contact.identities')}</h3>
            <ul className="identities">
              {c.identities.map((i) => (
                <li key={`${i.network}:${i.externalId}`}>
                  <span className="chip subtle">{i.network}</span> <span className="ident">{i.handle ?? i.externalId}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <Timeline c={c} />
      </div>
      {!c.erasedAt && <Duplicates c={c} mayMerge={can('contacts.manage')} onChanged={refresh} />}
    </div>
  );
}

function Details({ c, editable, onSaved }: { c: ContactDetail; editable: boolean; onSaved: () => void }) {
  const [name, setName] = useState(c.name ?? '');
  const [email, setEmail] = useState(c.email ?? '');
  const [phone, setPhone] = useState(c.phone ?? '');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  if (!editable)
    return (
      <section>
        <dl className="attributes">
          <div>
            <dt>{ct('email')}</dt>
            <dd>{c.email ?? '—'}</dd>
          </div>
          <div>
            <dt>{ct('phone')}</dt>
            <dd>{c.phone ?? '—'}</dd>
          </div>
        </dl>
      </section>
    );
  return (
    <section>
      <h3>{ct('details')}</h3>
      <form
        className="contact-details"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const r = await patch<ContactDetail>(`/contacts/${c.id}`, { name: name.trim() || null, email: email.trim() || null, phone: phone.trim() || null });
            setPhone(r.phone ?? '');
            setEmail(r.email ?? '');
            setMsg({ ok: true, text: ct('saved') });
            onSaved();
          } catch (err) {
            setMsg({ ok: false, text: errorText(err) });
          }
        }}
      >
        <label>
          {ct('name')}
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </label>
        <label>
          {ct('email')}
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} />
        </label>
        <label>
          {ct('phone')}
          <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={40} placeholder="+44 20 7946 0958" />
        </label>
        <button className="btn small">{ct('save')}</button>
        {msg && (
          <p role={msg.ok ? 'status' : 'alert'} className={msg.ok ? '' : 'form-error'}>
            {msg.text}
          </p>
        )}
      </form>
    </section>
  );
}

/** Every conversation of the person, on every channel, newest first. */
function Timeline({ c }: { c: ContactDetail }) {
  return (
    <section className="contact-timeline">
      <h3>{ct('timeline')}</h3>
      {c.conversations.length === 0 && <p className="muted">{ct('noConversations')}</p>}
      <ol className="history" data-testid="contact-timeline">
        {c.conversations.map((h) => (
          <li key={h.id}>
            <Link href={`/inbox/all/${h.id}`}>
              <span className="hist-top">
                <span>
                  <span className="chip subtle">{h.channelType}</span> {h.channelName} · {t(`kindShort.${h.kind as Kind}` as MessageKey)}
                </span>
                <span className={`status-pill small ${h.status}`}>{t(`status.${h.status as Status}`)}</span>
              </span>
              {h.subject && <span className="hist-subject">{h.subject}</span>}
              <span className="hist-preview">{h.lastMessagePreview ?? ''}</span>
              <span className="muted">{h.lastMessageAt ? ago(h.lastMessageAt) : ''}</span>
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Duplicates({ c, mayMerge, onChanged }: { c: ContactDetail; mayMerge: boolean; onChanged: () => void }) {
  const dups = useDuplicates(c.id);
  const dialogs = useDialogs();
  const [msg, setMsg] = useState<string | null>(null);
  const act = async (title: string, body: string, label: string, run: () => Promise<unknown>) => {
    if (!(await dialogs.confirm({ title, body, confirmLabel: label, danger: true }))) return;
    try {
      await run();
      setMsg(null);
      onChanged();
    } catch (e) {
      setMsg(errorText(e));
    }
  };
  const me = c.name ?? c.id;
  return (
    <section className="contact-duplicates">
      <h3>{ct('duplicates')}</h3>
      {dups.data?.length === 0 && <p className="muted">{ct('noDuplicates')}</p>}
      <ul>
        {dups.data?.map((d) => (
          <li key={d.id} className="duplicate">
            <Link href={`/contacts/${d.id}`}>{d.name ?? ct('noName')}</Link>{' '}
            {d.reasons.map((r) => (
              <span key={r} className="chip">
                {ct(`reason_${r}` as ContactsKey)}
              </span>
            ))}
            <div className="muted small">
              {d.identities.map((i) => `${i.network} ${i.handle ?? i.externalId}`).join(', ')} · {ct('created', { date: day(d.createdAt) })} ·{' '}
              {ct('convCount', { n: d.conversationCount })}
              {d.lastMessageAt ? ` · ${ct('lastMessage', { when: ago(d.lastMessageAt) })}` : ''}
            </div>
            {d.lastMessagePreview && <div className="hist-preview">{d.lastMessagePreview}</div>}
            {mayMerge && (
              <button
                className="btn ghost small"
                onClick={() =>
                  void act(ct('mergeTitle'), ct('mergeBody', { other: d.name ?? d.id, name: me }), ct('merge'), () =>
                    post(`/contacts/${c.id}/merge`, { otherContactId: d.id }),
                  )
                }
              >
                {ct('merge')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {(c.mergedFrom?.length ?? 0) > 0 && (
        <>
          <h3>{ct('mergedFrom')}</h3>
          <ul>
            {c.mergedFrom!.map((m) => (
              <li key={m.id}>
                {m.name ?? m.id} <span className="muted small">{day(m.mergedAt)}</span>{' '}
                {mayMerge && m.mergeId && (
                  <button
                    className="btn ghost small"
                    onClick={() =>
                      void act(ct('unmergeTitle'), ct('unmergeBody', { other: m.name ?? m.id }), ct('unmerge'), () =>
                        post(`/contacts/${c.id}/unmerge`, { mergeId: m.mergeId }),
                      )
                    }
                  >
                    {ct('unmerge')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {msg && <p role="alert">{msg}</p>}
    </section>
  );
}
