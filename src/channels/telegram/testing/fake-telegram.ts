import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { safeEqual } from '../../../lib/crypto.js';
import { SECRET_TOKEN_PATTERN, TELEGRAM_MAX_TEXT_LENGTH } from '../constants.js';
import { fakeTelegramDownloads } from './fake-telegram-downloads.js';
import { checkFileSend, parseMultipart } from './fake-telegram-files.js';

export interface TelegramRequest {
  method: string;
  path: string;
  apiMethod: string;
  body: any;
}
type Answer = { status: number; body: unknown; headers?: Record<string, string> } | 'hang';

/**
 * A local stand-in for api.telegram.org that checks what the Bot API checks — the /bot<token>/
 * path and token, known methods, sendMessage's chat_id and text (non-empty, at most 4,096
 * UTF-16 units), known chats, users who blocked the bot, getUpdates refused while a webhook is
 * set, setWebhook's secret_token alphabet — and answers with the documented error object
 * {"ok":false,"error_code":n,"description":"…","parameters"?:{retry_after}} (HTTP status =
 * error_code). `queue` holds updates for getUpdates, confirmed (dropped) by a later offset.
 */
export async function startFakeTelegram(o: { token: string; chats?: number[] }) {
  const requests: TelegramRequest[] = [];
  const chats = new Set(o.chats ?? []);
  const blocked = new Set<number>();
  const queue: Array<{ update_id: number } & Record<string, unknown>> = [];
  const state = { webhookUrl: '', secretToken: '', nextMessageId: 5000 };
  let responder: (r: TelegramRequest, n: number) => Answer | undefined = () => undefined;
  /** Inbound files: getFile and the /file/bot<token>/<path> downloads (fake-telegram-downloads.ts). */
  const downloads = fakeTelegramDownloads({ token: o.token });

  const err = (code: number, description: string, parameters?: Record<string, unknown>): Answer => ({
    status: code,
    body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
  });
  const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });

  const handle = (r: TelegramRequest): Answer => {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(r.path);
    if (!m) return err(404, 'Not Found');
    if (!safeEqual(m[1]!, o.token)) return err(401, 'Unauthorized');
    if (r.method !== 'POST' && r.method !== 'GET') return err(405, 'Method Not Allowed');
    const b = r.body ?? {};
    switch (m[2]) {
      case 'getMe':
        return ok({ id: Number(o.token.split(':')[0]), is_bot: true, first_name: 'Acme Support', username: 'acme_support_bot' });
      case 'sendMessage': {
        if (b.chat_id === undefined) return err(400, 'Bad Request: chat_id is empty');
        if (typeof b.text !== 'string' || !b.text.trim()) return err(400, 'Bad Request: message text is empty');
        if (b.text.length > TELEGRAM_MAX_TEXT_LENGTH) return err(400, 'Bad Request: message is too long');
        const chatId = Number(b.chat_id);
        if (!chats.has(chatId)) return err(400, 'Bad Request: chat not found');
        if (blocked.has(chatId)) return err(403, 'Forbidden: bot was blocked by the user');
        if (b.reply_parameters !== undefined && typeof b.reply_parameters?.message_id !== 'number') return err(400, 'Bad Request: invalid reply parameters');
        return ok({
          message_id: ++state.nextMessageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: chatId > 0 ? 'private' : 'supergroup' },
          text: b.text,
        });
      }
      // Outbound files (fake-telegram-files.ts): multipart only, the file in its method's field.
      case 'sendPhoto':
      case 'sendDocument': {
        const refused = checkFileSend(m[2], b, err) as Answer | null;
        if (refused) return refused;
        const chatId = Number(b.chat_id);
        if (!chats.has(chatId)) return err(400, 'Bad Request: chat not found');
        if (blocked.has(chatId)) return err(403, 'Forbidden: bot was blocked by the user');
        const f = b.files.find((x: { field: string }) => x.field === (m[2] === 'sendPhoto' ? 'photo' : 'document'));
        const media =
          m[2] === 'sendPhoto'
            ? { photo: [{ file_id: `photo-${state.nextMessageId + 1}`, file_size: f.size, width: 1, height: 1 }] }
            : { document: { file_id: `doc-${state.nextMessageId + 1}`, file_name: f.name, mime_type: f.type, file_size: f.size } };
        return ok({
          message_id: ++state.nextMessageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: chatId > 0 ? 'private' : 'supergroup' },
          ...(b.caption ? { caption: b.caption } : {}),
          ...media,
        });
      }
      // Inbound files (fake-telegram-downloads.ts).
      case 'getFile':
        return downloads.getFile(b, ok, err);
      case 'getUpdates': {
        if (state.webhookUrl) return err(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        const offset = Number(b.offset ?? 0);
        // "An update is considered confirmed as soon as getUpdates is called with an offset higher than its update_id."
        while (queue.length && queue[0]!.update_id < offset) queue.shift();
        return ok(queue.slice(0, Number(b.limit ?? 100)));
      }
      case 'setWebhook':
        if (typeof b.url !== 'string') return err(400, 'Bad Request: bad webhook: URL must be specified');
        if (b.secret_token !== undefined && !SECRET_TOKEN_PATTERN.test(String(b.secret_token)))
          return err(400, 'Bad Request: secret token contains unallowed characters');
        state.webhookUrl = b.url;
        state.secretToken = b.secret_token ?? '';
        return ok(true);
      case 'deleteWebhook':
        state.webhookUrl = '';
        return ok(true);
      default:
        return err(404, 'Not Found');
    }
  };

  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    if (downloads.serve(url.pathname, res)) return;
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : Object.fromEntries(url.searchParams);
    } catch {
      body = undefined;
    }
    // A multipart upload (sendPhoto, sendDocument): its fields as the body, its files beside them.
    const type = req.headers['content-type'] ?? '';
    if (/^multipart\/form-data/i.test(type)) {
      const parsed = await parseMultipart(Buffer.concat(chunks), type);
      body = parsed ? { ...parsed.fields, files: parsed.files, multipart: true } : undefined;
    }
    const r: TelegramRequest = { method: req.method ?? 'GET', path: url.pathname, apiMethod: url.pathname.split('/').pop() ?? '', body };
    requests.push(r);
    const out = responder(r, requests.length) ?? handle(r);
    if (out === 'hang') return;
    res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers }).end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    queue,
    state,
    chats,
    blocked,
    err,
    /** Files a test puts on Telegram by file_id, and the file paths downloaded. */
    files: downloads.files,
    downloads: downloads.downloads,
    setResponder(fn: typeof responder) {
      responder = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
