import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { get, post } from '../api/client';
import { errorText } from '../api/error-text';
import { keys } from '../api/queries';
import type { ConversationDetail } from '../api/types';
import { t } from '../i18n';
import { replyWindow } from '../lib/time';

/** WhatsApp's customer-service window (src/channels/meta/constants.ts WHATSAPP_WINDOW_MS). */
const WHATSAPP_WINDOW_HOURS = 24;

interface Template {
  id: string;
  name: string;
  language: string;
  category: string;
  body: string;
  bodyParams: number;
  /** Why Hearken cannot send it (a media header…), or null. */
  unsupported: string | null;
}

/** The body with the agent's values filled in, as the customer will read it ({{1}} or {{name}}). */
function preview(body: string, values: string[]): string {
  const names: string[] = [];
  for (const m of body.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) if (!names.includes(m[1]!)) names.push(m[1]!);
  if (names.every((n) => /^\d+$/.test(n))) names.sort((a, b) => Number(a) - Number(b));
  return body.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, n: string) => values[names.indexOf(n)]?.trim() || whole);
}

// Styled inline: the picker is self-contained (styles.css belongs to the app shell).
const box = {
  display: 'flex',
  flexDirection: 'column',
  gap: 8,
  border: '1px solid var(--border-strong)',
  borderRadius: 8,
  padding: 10,
  marginBottom: 8,
} as const;
const row = { display: 'flex', alignItems: 'center', gap: 8 } as const;
const bubble = { margin: 0, padding: '8px 10px', borderRadius: 8, background: '#dcf8c6', color: '#111b21', whiteSpace: 'pre-wrap' } as const;

/**
 * Once a WhatsApp conversation's 24-hour window has closed, WhatsApp only takes approved
 * template messages: the composer shows this picker (templates synced from Meta, one field per
 * body parameter, a preview as the customer will read it). Inside the window it renders nothing.
 */
export function TemplatePicker({ c }: { c: ConversationDetail }) {
  const qc = useQueryClient();
  const win = replyWindow(c.lastInboundAt, WHATSAPP_WINDOW_HOURS);
  const closed = c.channel.type === 'whatsapp' && win !== null && !win.open;
  const templates = useQuery({
    queryKey: ['templates', c.channel.id],
    queryFn: () => get<{ templates: Template[] }>(`/channels/${c.channel.id}/templates`).then((r) => r.templates),
    enabled: closed,
    staleTime: 60_000,
  });
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  if (!closed) return null;

  const list = templates.data ?? [];
  const tpl = list.find((x) => x.id === chosen);
  const filled = tpl ? Array.from({ length: tpl.bodyParams }, (_, i) => values[i] ?? '') : [];
  const ready = !!tpl && filled.every((v) => v.trim()) && !sending;

  async function send() {
    if (!tpl) return;
    setSending(true);
    setError(null);
    try {
      await post(`/conversations/${c.id}/template-messages`, { templateId: tpl.id, params: filled.map((v) => v.trim()) });
      setChosen('');
      setValues([]);
      void qc.invalidateQueries({ queryKey: keys.conversation(c.id) });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="template-picker" aria-label={t('template.title')} data-testid="template-picker" style={box}>
      <p className="warn" role="note" style={{ margin: 0 }}>
        {t('template.windowClosed')}
      </p>
      <label style={row}>
        {t('template.choose')}{' '}
        <select
          value={chosen}
          onChange={(e) => {
            setChosen(e.target.value);
            setValues([]);
          }}
        >
          <option value="">{templates.isLoading ? t('template.loading') : list.length ? t('template.none') : t('template.empty')}</option>
          {list.map((x) => (
            <option key={x.id} value={x.id} disabled={!!x.unsupported} title={x.unsupported ?? undefined}>
              {x.name} ({x.language}){x.unsupported ? ` — ${t('template.unsupported')}` : ''}
            </option>
          ))}
        </select>
      </label>
      {tpl && (
        <>
          {filled.map((v, i) => (
            <label key={i} className="template-param" style={row}>
              {t('template.param', { n: i + 1 })}{' '}
              <input
                value={v}
                maxLength={1024}
                onChange={(e) => {
                  const next = [...filled];
                  next[i] = e.target.value;
                  setValues(next);
                }}
              />
            </label>
          ))}
          <p className="template-preview" data-testid="template-preview" style={bubble}>
            {preview(tpl.body, filled)}
          </p>
          <button type="button" className="btn primary" style={{ alignSelf: 'flex-start' }} disabled={!ready} onClick={() => void send()}>
            {t('template.send')}
          </button>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
