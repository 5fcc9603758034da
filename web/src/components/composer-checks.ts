import { useEffect, useMemo, useState } from 'react';
import { isMissing, post } from '../api/client';
import type { Analysis, ConversationDetail, ToneHint } from '../api/types';
import type { Mark } from './composer-parts';

// Endpoints another part of the server provides; a server without them answers 404 and the
// feature stays off for the rest of the session (no client-side imitation).
export const available = { analyze: true, tone: true };

export function useDebounced<T>(value: T, ms: number) {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/**
 * Privacy and tone checks while the agent types (debounced), so marks show before send: personal
 * details in a public reply, and tone hints. A result only counts while the text is the one checked.
 */
export function useLiveChecks(c: ConversationDetail, o: { text: string; reply: boolean; publicReply: boolean }): { marks: Mark[]; hints: ToneHint[] } {
  const [analysis, setAnalysis] = useState<{ text: string; pii: Analysis['pii'] } | null>(null);
  const [tone, setTone] = useState<{ text: string; hints: ToneHint[] } | null>(null);
  const settled = useDebounced(o.reply ? o.text : '', 600);
  const { publicReply } = o;
  useEffect(() => {
    if (!settled.trim() || !publicReply || !available.analyze) return;
    let live = true;
    post<Analysis>('/analyze', { text: settled })
      .then((a) => live && setAnalysis({ text: settled, pii: a.pii ?? [] }))
      .catch((e) => {
        if (isMissing(e)) available.analyze = false;
      });
    return () => {
      live = false;
    };
  }, [settled, publicReply]);
  const lastCustomer = useMemo(() => [...c.messages].reverse().find((m) => m.direction === 'in' && !m.deleted), [c.messages]);
  useEffect(() => {
    if (!settled.trim() || !available.tone) return;
    let live = true;
    post<{ hints: ToneHint[] }>('/tone-check', {
      text: settled,
      customerText: lastCustomer?.body,
      customerName: c.contact.name ?? undefined,
      language: c.language ?? undefined,
    })
      .then((r) => live && setTone({ text: settled, hints: r.hints ?? [] }))
      .catch((e) => {
        if (isMissing(e)) available.tone = false;
      });
    return () => {
      live = false;
    };
  }, [settled, lastCustomer?.body, c.contact.name, c.language]);

  const marks: Mark[] = [];
  if (o.publicReply && analysis?.text === o.text) for (const p of analysis.pii) marks.push({ start: p.start, end: p.end, kind: 'pii', title: p.type });
  const hints = o.reply && tone?.text === o.text ? tone.hints : [];
  for (const h of hints)
    if (h.start !== undefined && h.end !== undefined) marks.push({ start: h.start, end: h.end, kind: 'tone', title: h.message ?? h.reason ?? '' });
  return { marks, hints };
}
