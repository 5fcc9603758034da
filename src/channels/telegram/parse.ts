import { describeIssues } from '../../lib/zod-error.js';
import { z } from 'zod';
import type { InboundEvent, InboundMessage } from '../contract/inbound.js';
import { parseButtonPayload } from '../contract/survey-button.js';
import { TELEGRAM_DOWNLOAD_MAX_BYTES } from './client.js';

/**
 * Telegram Bot API Update objects (https://core.telegram.org/bots/api#update) → normalized events.
 * A webhook delivery is one Update; a getUpdates poll is journaled as the JSON array it returned
 * (or the whole {"ok":true,"result":[…]} answer). Handled: message, edited_message, callback_query
 * (a button press, shown as the customer's message). Other update types (channel posts,
 * my_chat_member, polls…) are ignored, not failures. Message ids are unique per chat only, so a
 * message's external id is "<chat id>:<message id>"; the chat id is the conversation's thread.
 */

const user = z.object({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
const chat = z.object({
  id: z.number().int(),
  type: z.string(),
  title: z.string().optional(),
  username: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});
const file = z.object({
  file_id: z.string(),
  file_unique_id: z.string().optional(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: z.number().optional(),
});
const message = z.object({
  message_id: z.number().int(),
  from: user.optional(),
  sender_chat: chat.optional(),
  chat,
  date: z.number().int(),
  edit_date: z.number().int().optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(file).optional(),
  document: file.optional(),
  video: file.optional(),
  voice: file.optional(),
  audio: file.optional(),
  sticker: file.extend({ emoji: z.string().optional() }).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  contact: z.object({ phone_number: z.string(), first_name: z.string().optional() }).optional(),
  reply_to_message: z.object({ message_id: z.number().int(), chat: chat.optional() }).optional(),
});
const callbackQuery = z.object({
  id: z.string(),
  from: user,
  message: z.object({ message_id: z.number().int(), chat, date: z.number().int().optional() }).optional(),
  data: z.string().optional(),
  game_short_name: z.string().optional(),
});
const update = z.object({
  update_id: z.number().int(),
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: callbackQuery.optional(),
});
type TgMessage = z.infer<typeof message>;
type TgUser = z.infer<typeof user>;

export const messageExternalId = (chatId: number | string, messageId: number | string) => `${chatId}:${messageId}`;

export function parseTelegramDelivery(body: string, now: number): InboundEvent[] {
  const json: unknown = JSON.parse(body);
  const list = Array.isArray(json) ? json : isEnvelope(json) ? json.result : [json];
  const out: InboundEvent[] = [];
  list.forEach((raw: unknown, i: number) => {
    const r = update.safeParse(raw);
    const where = Array.isArray(json) || isEnvelope(json) ? `result[${i}].` : '';
    if (!r.success) throw new Error(`not a Telegram Update: ${describeIssues(r.error, where, '(update)')}`);
    const u = r.data;
    if (u.message) out.push(toMessage(u.message, now));
    else if (u.edited_message) {
      const m = u.edited_message;
      out.push({
        type: 'edit',
        externalId: messageExternalId(m.chat.id, m.message_id),
        text: m.text ?? m.caption ?? '',
        networkTs: (m.edit_date ?? m.date) * 1000,
      });
    } else if (u.callback_query) {
      const q = u.callback_query;
      // A survey button (inline keyboard of a survey message): an answer, not a message.
      const answer = parseButtonPayload(q.data);
      if (answer) {
        out.push({ type: 'survey_answer', ...answer, from: { externalId: String(q.from.id) }, networkTs: now });
        return;
      }
      const chatId = q.message?.chat.id ?? q.from.id;
      out.push({
        type: 'message',
        externalId: `cbq:${q.id}`,
        kind: q.message && q.message.chat.type !== 'private' ? 'chat' : 'dm',
        visibility: 'private',
        thread: String(chatId),
        from: person(q.from),
        text: q.data ?? q.game_short_name ?? '',
        attachments: [{ type: 'button', name: q.data }],
        replyToExternalId: q.message ? messageExternalId(q.message.chat.id, q.message.message_id) : undefined,
        networkTs: now,
        direction: 'in',
        authorKind: 'customer',
      });
    }
    // Any other update type is not something a customer said to the brand: ignored.
  });
  return out;
}

function isEnvelope(json: unknown): json is { ok: boolean; result: unknown[] } {
  return !!json && typeof json === 'object' && 'ok' in json && Array.isArray((json as { result?: unknown }).result);
}

function toMessage(m: TgMessage, now: number): InboundMessage {
  const from = m.from ?? (m.sender_chat ? { id: m.sender_chat.id, first_name: m.sender_chat.title, username: m.sender_chat.username } : undefined);
  if (!from) throw new Error(`message ${m.message_id} in chat ${m.chat.id} has neither from nor sender_chat`);
  return {
    type: 'message',
    externalId: messageExternalId(m.chat.id, m.message_id),
    // A private chat is a DM; in a group the bot answers in front of the group's members.
    kind: m.chat.type === 'private' ? 'dm' : 'chat',
    visibility: 'private',
    thread: String(m.chat.id),
    from: person(from),
    text: m.text ?? m.caption ?? describeNonText(m),
    attachments: attachmentsOf(m),
    replyToExternalId: m.reply_to_message ? messageExternalId(m.reply_to_message.chat?.id ?? m.chat.id, m.reply_to_message.message_id) : undefined,
    networkTs: m.date ? m.date * 1000 : now,
    direction: 'in',
    authorKind: 'customer',
  };
}

function person(u: TgUser): InboundMessage['from'] {
  const name = [u.first_name, u.last_name].filter(Boolean).join(' ') || undefined;
  return { externalId: String(u.id), name, handle: u.username ? `@${u.username}` : undefined };
}

/**
 * Media are referenced by Telegram file id, `telegram-file:<file_id>` (fetched later with getFile
 * from Telegram's own host, src/channels/telegram/fetch-file.ts); the download URL is never stored
 * because it contains the bot token. A named file keeps its name and carries the reference as url.
 */
function attachmentsOf(m: TgMessage): InboundMessage['attachments'] {
  const out: InboundMessage['attachments'] = [];
  // PhotoSize[] comes smallest first: the largest a bot may download (20 MB), else the largest.
  const photo = m.photo?.filter((p) => (p.file_size ?? 0) <= TELEGRAM_DOWNLOAD_MAX_BYTES).at(-1) ?? m.photo?.at(-1);
  if (photo) out.push({ type: 'image', name: `telegram-file:${photo.file_id}` });
  for (const [type, f] of [
    ['file', m.document],
    ['video', m.video],
    ['audio', m.voice],
    ['audio', m.audio],
    ['sticker', m.sticker],
  ] as const) {
    if (f) out.push(f.file_name ? { type, url: `telegram-file:${f.file_id}`, name: f.file_name } : { type, name: `telegram-file:${f.file_id}` });
  }
  if (m.location) out.push({ type: 'location', name: `${m.location.latitude},${m.location.longitude}` });
  if (m.contact) out.push({ type: 'contact', name: m.contact.phone_number });
  return out;
}

function describeNonText(m: TgMessage): string {
  if (m.sticker?.emoji) return m.sticker.emoji;
  return '';
}
