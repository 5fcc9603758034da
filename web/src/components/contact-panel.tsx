import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'wouter';
import { get, patch, post, qs } from '../api/client';
import { errorText } from '../api/error-text';
import { keys, useAttributeDefs, useContact } from '../api/queries';
import type { ContactDetail, Kind, Status } from '../api/types';
import { t, type MessageKey } from '../i18n';
import { ago, userLocales } from '../lib/time';
import { useSession } from '../session';
import { AttributeField, attributeText } from './attribute-field';
import { Avatar } from './bits';
import { useDialogs } from './dialog';

/** Who the customer is across networks: accounts, earlier conversations, details, merge. */
export function ContactPanel({ contactId, currentConversationId, onClose }: { contactId: string; currentConversationId: string; onClose?: () => void }) {
  const contact = useContact(contactId);
  const { can } = useSession();
  const qc = useQueryClient();
  const c = contact.data;
  if (!c) return <aside className="contact-panel" aria-label={t('contact.title')} aria-busy={contact.isPending} />;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.contact(contactId) });
  };
  const name = c.name ?? (c.erasedAt ? t('contact.erasedName') : t('queue.unknownContact'));

  return (
    <aside className="contact-panel" aria-label={t('contact.title')}>
      <div className="contact-head">
        <Avatar name={name} size="large" />
        <h2>{name}</h2>
        {onClose && (
          <button className="icon-btn contact-close" onClick={onClose} aria-label={t('contact.close')}>
            ×
          </button>
        )}
      </div>
      {(c.email || c.phone) && (
        <p className="contact-reach">
          {c.email && <span className="ident">{c.email}</span>} {c.phone && <span className="ident">{c.phone}</span>}
        </p>
      )}
      <p>
        <Link href={`/contacts/${c.id}`} className="link-btn">
          {t('contact.openPage')}
        </Link>
      </p>
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
      <section>
        <h3>{t('contact.history')}</h3>
        <ul className="history">
          {c.conversations.map((h) => (
            <li key={h.id} className={h.id === currentConversationId ? 'current' : ''}>
              <Link href={`/inbox/all/${h.id}`} aria-current={h.id === currentConversationId ? 'page' : undefined}>
                <span className="hist-top">
                  <span>
                    {t(`kindShort.${h.kind as Kind}` as MessageKey)} · {h.channelName}
                  </span>
                  <span className={`status-pill small ${h.status}`}>{t(`status.${h.status as Status}`)}</span>
                </span>
                <span className="hist-preview">{h.lastMessagePreview ?? ''}</span>
                <span className="muted">{ago(h.lastMessageAt)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      {c.erasedAt ? (
        <p className="muted" data-testid="contact-erased">
          {t('contact.erasedOn', { date: new Date(c.erasedAt).toLocaleDateString(userLocales()) })}
        </p>
      ) : (
        <>
          <Attributes c={c} editable={can('contacts.manage')} onSaved={refresh} />
          {can('contacts.manage') && <Merge c={c} onMerged={refresh} />}
          {(can('contacts.export') || can('contacts.erase')) && (
            <Privacy c={c} name={name} mayExport={can('contacts.export')} mayErase={can('contacts.erase')} onErased={() => void qc.invalidateQueries()} />
          )}
        </>
      )}
    </aside>
  );
}

/** The contact's details: defined attributes with the input for their type, then any other keys. */
export function Attributes({ c, editable, onSaved }: { c: ContactDetail; editable: boolean; onSaved: () => void }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const defs = useAttributeDefs().data ?? [];
  const defined = new Set(defs.map((d) => d.key));
  const entries = Object.entries(c.attributes).filter(([k]) => !defined.has(k));
  const save = async (attributes: Record<string, unknown>) => {
    setError(null);
    try {
      await patch(`/contacts/${c.id}`, { attributes });
      onSaved();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  };
  return (
    <section>
      <h3>{t('contact.attributes')}</h3>
      {entries.length === 0 && defs.length === 0 && <p className="muted">{t('contact.noAttributes')}</p>}
      {defs.length > 0 && (
        <dl className="attributes defined">
          {defs.map((d) => (
            <div key={d.key} title={d.description || undefined}>
              <dt>
                <label htmlFor={`attr-${c.id}-${d.key}`}>{d.label}</label>
              </dt>
              <dd>
                {editable ? (
                  <AttributeField
                    key={`${d.key}:${String(c.attributes[d.key] ?? '')}`}
                    id={`attr-${c.id}-${d.key}`}
                    def={d}
                    value={c.attributes[d.key]}
                    onChange={(v) => void save({ [d.key]: v })}
                  />
                ) : c.attributes[d.key] === undefined ? (
                  <span className="muted">—</span>
                ) : (
                  attributeText(d, c.attributes[d.key]!)
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <dl className="attributes">
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>
              {String(v)}
              {editable && (
                <button className="chip-x" aria-label={t('contact.removeAttribute', { key: k })} onClick={() => void save({ [k]: null })}>
                  ×
                </button>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {editable && (
        <form
          className="attr-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (key.trim() && (await save({ [key.trim()]: value }))) {
              setKey('');
              setValue('');
            }
          }}
        >
          <input aria-label={t('contact.key')} placeholder={t('contact.key')} value={key} onChange={(e) => setKey(e.target.value)} />
          <input aria-label={t('contact.value')} placeholder={t('contact.value')} value={value} onChange={(e) => setValue(e.target.value)} />
          <button className="btn small">{t('contact.addAttribute')}</button>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function Merge({ c, onMerged }: { c: ContactDetail; onMerged: () => void }) {
  const dialogs = useDialogs();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [results, setResults] = useState<ContactDetail[]>([]);
  const [msg, setMsg] = useState<string | null>(null);
  const search = async (value: string) => {
    setQ(value);
    if (value.trim().length < 2) return setResults([]);
    const r = await get<{ items: ContactDetail[] }>(`/contacts${qs({ q: value.trim(), limit: 8 })}`).catch(() => ({ items: [] }));
    setResults(r.items.filter((x) => x.id !== c.id));
  };
  const merge = async (other: ContactDetail) => {
    const ok = await dialogs.confirm({
      title: t('contact.mergeTitle'),
      body: t('contact.mergeConfirm', { other: other.name ?? other.id, name: c.name ?? c.id }),
      confirmLabel: t('contact.mergeDo'),
      danger: true,
    });
    if (!ok) return;
    try {
      await post(`/contacts/${c.id}/merge`, { otherContactId: other.id });
      setMsg(t('contact.merged'));
      setOpen(false);
      onMerged();
    } catch (e) {
      setMsg(errorText(e));
    }
  };
  return (
    <section>
      {!open ? (
        <button className="btn ghost small" onClick={() => setOpen(true)}>
          {t('contact.merge')}
        </button>
      ) : (
        <div className="merge">
          <label>
            {t('contact.mergeSearch')}
            <input type="search" value={q} onChange={(e) => void search(e.target.value)} autoFocus />
          </label>
          <ul>
            {results.map((r) => (
              <li key={r.id}>
                <button className="btn ghost small" onClick={() => void merge(r)}>
                  {r.name ?? r.id} <span className="muted">{r.identities.map((i) => i.handle ?? i.externalId).join(', ')}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}

/** Access and erasure requests (GDPR art. 15, 17, 20): contacts.export and contacts.erase, both recorded in the audit log. */
function Privacy({ c, name, mayExport, mayErase, onErased }: { c: ContactDetail; name: string; mayExport: boolean; mayErase: boolean; onErased: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const erase = async () => {
    setBusy(true);
    try {
      const r = await post<{ messages: number; conversations: number }>(`/contacts/${c.id}/erase`, { confirm: 'ERASE' });
      ref.current?.close();
      setMsg(t('contact.erasedDone', { messages: r.messages, conversations: r.conversations }));
      onErased();
    } catch (e) {
      setMsg(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="privacy">
      <h3>{t('contact.privacy')}</h3>
      <p className="muted small">{t('contact.privacyHelp')}</p>
      {mayExport && (
        <a className="btn ghost small" href={`/api/v1/contacts/${c.id}/export`} download>
          {t('contact.export')}
        </a>
      )}{' '}
      {mayErase && (
        <button
          className="btn ghost small danger"
          onClick={() => {
            setTyped('');
            ref.current?.showModal();
          }}
        >
          {t('contact.erase')}
        </button>
      )}
      {msg && <p role="status">{msg}</p>}
      <dialog ref={ref} className="dialog" aria-labelledby={`erase-${c.id}`}>
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed === 'ERASE') void erase();
          }}
        >
          <h2 id={`erase-${c.id}`}>{t('contact.eraseTitle', { name })}</h2>
          <p>{t('contact.eraseWhat')}</p>
          <label>
            {t('contact.eraseType')}
            <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <div className="dialog-actions">
            <button type="button" className="btn ghost" onClick={() => ref.current?.close()}>
              {t('contact.cancel')}
            </button>
            <button className="btn danger" disabled={typed !== 'ERASE' || busy}>
              {t('contact.eraseDo')}
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
