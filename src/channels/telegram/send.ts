import type { Sender, SendResult } from '../contract/send.js';
import { baseUrlOf, callTelegram } from './client.js';
import { messageExternalId } from './parse.js';
import { parseJson } from '../../lib/json.js';
import { sendTelegramFiles, TELEGRAM_CAPTION_MAX } from './send-files.js';
import type { TelegramAnswer } from './client.js';

/**
 * Sends a reply with sendMessage into the conversation's chat (its thread id), as a reply to the
 * customer's message when there is one. Telegram has no idempotency key, so the channel declares
 * safeRetry=false: a send whose outcome is unknown goes to a human, never twice to the customer.
 * Answers: 429 → retry after parameters.retry_after; 5xx → retry; other refusals (403 "bot was
 * blocked by the user", 400 "chat not found", 401 "Unauthorized") → failed with Telegram's text.
 */
export const telegramSender: Sender = {
  async send(req): Promise<SendResult> {
    const token = req.secrets.botToken;
    if (!token) return { ok: false, permanent: true, error: 'channel has no bot token: paste it in the channel settings' };
    const chatId = chatOf(req.channel.id, req.conversation.thread_key) ?? req.recipient.externalId;
    if (!chatId) return { ok: false, permanent: true, error: 'no Telegram chat to send to' };
    const replyTo = replyMessageId(req.message.reply_to_external_id, chatId);
    const params: Record<string, unknown> = { chat_id: /^-?\d+$/.test(chatId) ? Number(chatId) : chatId, text: req.message.body };
    // allow_sending_without_reply: a customer's deleted message must not make the reply fail.
    if (replyTo) params.reply_parameters = { message_id: replyTo, allow_sending_without_reply: true };
    // Survey answer buttons (docs/surveys.md) as an inline keyboard: rows of at most 6.
    const buttons = parseJson<Array<{ label: string; payload: string }>>(req.message.buttons, []);
    if (buttons.length)
      params.reply_markup = {
        inline_keyboard: chunk(
          buttons.map((b) => ({ text: b.label, callback_data: b.payload })),
          6,
        ),
      };
    let r: TelegramAnswer;
    if (req.files?.length) {
      // Files: the text is the first file's caption when it fits, else a message of its own before them.
      const text = req.message.body;
      const fits = text.length <= TELEGRAM_CAPTION_MAX;
      const lead =
        text.trim() && !fits
          ? await callTelegram({ baseUrl: baseUrlOf(req.settings), token, method: 'sendMessage', params, timeoutMs: req.timeoutMs, outbound: req.outbound })
          : null;
      r =
        lead && !lead.ok
          ? lead
          : await sendTelegramFiles({
              baseUrl: baseUrlOf(req.settings),
              token,
              chatId: params.chat_id as number | string,
              files: req.files,
              caption: fits && text.trim() ? text : null,
              replyTo: lead ? null : replyTo,
              timeoutMs: req.timeoutMs,
              outbound: req.outbound,
            });
      if (lead?.ok && r.ok) r = lead;
    } else r = await callTelegram({ baseUrl: baseUrlOf(req.settings), token, method: 'sendMessage', params, timeoutMs: req.timeoutMs, outbound: req.outbound });
    if (r.ok) return { ok: true, externalId: messageExternalId(r.result?.chat?.id ?? chatId, r.result?.message_id) };
    if (r.kind === 'network') return { ok: false, permanent: false, error: r.error, outcomeUnknown: r.outcomeUnknown };
    const retryable = r.status === 429 || r.status >= 500;
    return { ok: false, permanent: !retryable, error: `Telegram refused the message (${r.errorCode}): ${r.description}`, retryAfterMs: r.retryAfterMs };
  },
};

/** Intake keys Telegram conversations "<channel>:t:<chat id>". */
export function chatOf(channelId: string, threadKey: string): string | null {
  const prefix = `${channelId}:t:`;
  return threadKey.startsWith(prefix) ? threadKey.slice(prefix.length) : null;
}

function replyMessageId(ext: string | null, chatId: string): number | null {
  const m = ext ? /^(-?\d+):(\d+)$/.exec(ext) : null;
  return m && m[1] === chatId ? Number(m[2]) : null;
}

function chunk<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}
