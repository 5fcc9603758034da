import { useState, type FormEvent } from 'react';
import { ApiError, patch } from '../api/client';
import { errorText } from '../api/error-text';
import type { Channel, SiteWidgetSettings } from '../api/types';
import { t, type MessageKey } from '../i18n';

/** The defaults of src/channels/site/settings.ts, for a channel whose settings predate a field. */
const DEFAULTS: SiteWidgetSettings = {
  allowedOrigins: [],
  title: 'Chat with us',
  greeting: 'Hi! How can we help you today?',
  awayMessage: "We're away right now. Leave your email and we'll get back to you.",
  color: '#3b5bdb',
  askEmail: 'optional',
};

/**
 * Hearken's public address, as the server knows it (HEARKEN_PUBLIC_URL): the webhook URL is
 * `${publicUrl}/webhooks/<id>`. The page's own origin may be a dev server or an internal name.
 */
export function publicBase(c: Pick<Channel, 'webhookUrl'>): string {
  return c.webhookUrl.replace(/\/webhooks\/[^/]+$/, '');
}

/** The exact tag docs/channels-site.md tells the site owner to paste before </body>. */
export function siteSnippet(c: Pick<Channel, 'id' | 'webhookUrl'>): string {
  return `<script src="${publicBase(c)}/widget.js" data-hearken-chat="${c.id}" async></script>`;
}

/** "https://a.example\n\n https://b.example " → the non-empty lines, trimmed. */
export const originLines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

/** The API's field errors ("settings.allowedOrigins.1") as one readable line per field, keyed by setting. */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(e instanceof ApiError) || !e.fields?.length) return out;
  for (const f of e.fields) {
    const [, key = f.field, index] = /^(?:settings\.)?([A-Za-z]+)(?:\.(\d+))?/.exec(f.field) ?? [];
    const line = index !== undefined ? t('siteWidget.line', { n: Number(index) + 1 }) + ' ' : '';
    out[key] = out[key] ? `${out[key]}; ${line}${f.reason}` : `${line}${f.reason}`;
  }
  return out;
}

/** Copies text; where the Clipboard API is refused (an http page), selects it so Ctrl+C works. */
async function copyText(text: string, el: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (el) {
      const range = document.createRange();
      range.selectNodeContents(el);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    }
    return false;
  }
}

/** The embed snippet with its Copy button: anyone may copy it, it holds only the public key. */
export function SiteSnippet({ channel }: { channel: Channel }) {
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null);
  const [el, setEl] = useState<HTMLElement | null>(null);
  const snippet = siteSnippet(channel);
  return (
    <div className="site-snippet">
      <p>
        <strong>{t('siteWidget.snippet')}</strong> <span className="muted">{t('siteWidget.snippetHelp')}</span>
      </p>
      <pre className="secret" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
        <code ref={setEl} data-testid="site-snippet">
          {snippet}
        </code>
      </pre>
      <div className="row">
        <button
          type="button"
          className="btn small"
          onClick={() => void copyText(snippet, el).then((ok) => setCopied(ok ? 'yes' : 'select'))}
          aria-label={t('siteWidget.copyFor', { name: channel.name })}
        >
          {t('siteWidget.copy')}
        </button>
        <span role="status" className="muted">
          {copied === 'yes' ? t('siteWidget.copied') : copied === 'select' ? t('siteWidget.copySelect') : ''}
        </span>
      </div>
    </div>
  );
}

type Draft = Omit<SiteWidgetSettings, 'allowedOrigins'> & { origins: string };
const draftOf = (c: Channel): Draft => {
  const s = { ...DEFAULTS, ...(c.settings as Partial<SiteWidgetSettings>) };
  return {
    title: s.title,
    greeting: s.greeting,
    awayMessage: s.awayMessage,
    color: s.color,
    askEmail: s.askEmail,
    origins: (s.allowedOrigins ?? []).join('\n'),
  };
};

/**
 * A site channel's allowed origins and widget texts, saved with PATCH /channels/:id (visitors see
 * the change within seconds). Agents and viewers see the same form, read-only.
 */
export function SiteWidgetForm({ channel, admin, onSaved }: { channel: Channel; admin: boolean; onSaved: () => void }) {
  const [d, setD] = useState<Draft>(() => draftOf(channel));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [msg, setMsg] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => {
    setD({ ...d, [k]: e.target.value });
    setMsg(null);
  };
  const id = (k: string) => `site-${channel.id}-${k}`;
  const err = (k: string) =>
    errors[k] ? (
      <span id={id(`${k}-error`)} className="form-error" role="alert">
        {errors[k]}
      </span>
    ) : null;
  const described = (k: string, help?: string) => {
    const by = [help, errors[k] ? id(`${k}-error`) : undefined].filter(Boolean).join(' ');
    return { ...(errors[k] ? { 'aria-invalid': true } : {}), ...(by ? { 'aria-describedby': by } : {}) };
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    const allowedOrigins = originLines(d.origins);
    if (!allowedOrigins.length) {
      setErrors({ allowedOrigins: t('siteWidget.originsRequired') });
      return;
    }
    setBusy(true);
    try {
      await patch(`/channels/${channel.id}`, {
        settings: { allowedOrigins, title: d.title, greeting: d.greeting, awayMessage: d.awayMessage, color: d.color, askEmail: d.askEmail },
      });
      setErrors({});
      setMsg(t('siteWidget.saved'));
      onSaved();
    } catch (x) {
      const f = fieldErrors(x);
      setErrors(f);
      setMsg(Object.keys(f).length ? null : errorText(x));
    } finally {
      setBusy(false);
    }
  }

  const text = (k: 'title' | 'greeting' | 'awayMessage', label: MessageKey, max: number, area = false) => (
    <div style={{ display: 'grid', gap: 4 }}>
      <label htmlFor={id(k)}>{t(label)}</label>
      {area ? (
        <textarea id={id(k)} rows={2} maxLength={max} value={d[k]} onChange={set(k)} {...described(k)} />
      ) : (
        <input id={id(k)} maxLength={max} value={d[k]} onChange={set(k)} {...described(k)} />
      )}
      {err(k)}
    </div>
  );

  return (
    <form onSubmit={(e) => void save(e)} aria-label={t('siteWidget.settingsFor', { name: channel.name })}>
      <fieldset disabled={!admin || busy} style={{ display: 'grid', gap: 8, border: 0, padding: 0, margin: 0 }}>
        <legend className="sr-only">{t('siteWidget.settingsFor', { name: channel.name })}</legend>
        <div style={{ display: 'grid', gap: 4 }}>
          <label htmlFor={id('allowedOrigins')}>{t('siteWidget.origins')}</label>
          <span id={id('origins-help')} className="muted">
            {t('siteWidget.originsHelp')}
          </span>
          <textarea
            id={id('allowedOrigins')}
            rows={2}
            value={d.origins}
            onChange={set('origins')}
            placeholder="https://shop.example.com"
            {...described('allowedOrigins', id('origins-help'))}
          />
          {err('allowedOrigins')}
        </div>
        {text('title', 'siteWidget.title', 60)}
        {text('greeting', 'siteWidget.greeting', 500, true)}
        {text('awayMessage', 'siteWidget.awayMessage', 500, true)}
        <div className="row">
          <label htmlFor={id('color')}>{t('siteWidget.color')}</label>
          <input
            id={id('color')}
            type="color"
            value={/^#[0-9a-fA-F]{6}$/.test(d.color) ? d.color : DEFAULTS.color}
            onChange={set('color')}
            {...described('color')}
          />
          <code>{d.color}</code>
          {err('color')}
          <label htmlFor={id('askEmail')}>{t('siteWidget.askEmail')}</label>
          <select id={id('askEmail')} value={d.askEmail} onChange={set('askEmail')}>
            <option value="off">{t('siteWidget.askEmail.off')}</option>
            <option value="optional">{t('siteWidget.askEmail.optional')}</option>
            <option value="required">{t('siteWidget.askEmail.required')}</option>
          </select>
        </div>
        {admin && (
          <div className="row">
            <button className="btn primary small">{t('siteWidget.save')}</button>
            {msg && <span role="status">{msg}</span>}
          </div>
        )}
      </fieldset>
    </form>
  );
}
