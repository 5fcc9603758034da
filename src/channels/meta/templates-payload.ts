import { parseJson } from '../../lib/json.js';
import type { MessageTable } from '../../store/schema.js';

// Kept apart from conversations/send-template.ts (the use-case): the WhatsApp sender imports this, and must
// not pull in the outbox and channel registry it is itself part of.

/** What a queued template message carries to the sender, kept in the message's attachments. */
export interface TemplateSend {
  type: 'whatsapp_template';
  name: string;
  language: string;
  /** Body parameters in order; `names` set for templates with NAMED parameters. */
  params: string[];
  names?: string[];
}

/** The template a queued message should be sent as, or null for a free-form text message. */
export function templateOf(message: Pick<MessageTable, 'attachments'>): TemplateSend | null {
  const list = parseJson<Array<Record<string, unknown>>>(message.attachments, []);
  const a = list.find((x) => x && x.type === 'whatsapp_template');
  if (!a || typeof a.template !== 'string' || typeof a.language !== 'string' || !Array.isArray(a.params)) return null;
  return {
    type: 'whatsapp_template',
    name: a.template,
    language: a.language,
    params: a.params.map(String),
    ...(Array.isArray(a.names) ? { names: a.names.map(String) } : {}),
  };
}

/** The Cloud API's `template` object: name, language (deterministic policy), body parameters. */
export function templatePayload(t: TemplateSend) {
  return {
    name: t.name,
    language: { policy: 'deterministic', code: t.language },
    ...(t.params.length
      ? { components: [{ type: 'body', parameters: t.params.map((text, i) => ({ type: 'text', text, ...(t.names ? { parameter_name: t.names[i] } : {}) })) }] }
      : {}),
  };
}
