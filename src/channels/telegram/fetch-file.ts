import type { ChannelAccess, MediaContext } from '../contract/context.js';
import type { MediaFetch } from '../contract/media.js';
import { baseUrlOf, getTelegramFile, TELEGRAM_DOWNLOAD_MAX_BYTES, telegramFileUrl, type TelegramFile } from './client.js';

const final = (error: string): MediaFetch => ({ ok: false, final: true, error });
const transient = (error: string): MediaFetch => ({ ok: false, final: false, error });
/** The lookup shares the job's one time budget with the download. */
const remaining = (o: { timeoutMs: number; deadline: number }) => (o.deadline ? Math.max(1, o.deadline - Date.now()) : o.timeoutMs);
const TOO_BIG = `not stored: too large for the Bot API (bots can download files up to ${TELEGRAM_DOWNLOAD_MAX_BYTES / 1024 / 1024} MB)`;

/** Telegram's file server may answer application/octet-stream: the type then comes from the file path's extension. */
const BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  pdf: 'application/pdf',
};

/** How the parser keeps a file id on an attachment (src/channels/telegram/parse.ts): as its url (named files) or its name. */
const REF = 'telegram-file:';

/** The file id of an attachment the parser wrote as a Telegram file reference, else null. */
export function telegramFileRef(a: { url?: string; name?: string }): string | null {
  const ref = [a.url, a.name].find((v) => v?.startsWith(REF));
  return ref ? ref.slice(REF.length) : null;
}

/**
 * One Telegram file id → bytes: getFile (POST /bot<token>/getFile) gives file_path and file_size,
 * then GET /file/bot<token>/<file_path>. Files over the Bot API's 20 MB (or Hearken's own limit)
 * are refused from getFile's answer, without downloading. The download link holds the bot token:
 * it is never logged, stored, or put in an error text (errors are scrubbed of the token too).
 * The download goes to the Bot API server the channel calls (api.telegram.org unless the channel
 * names another in settings.apiBaseUrl), and nowhere else: a redirect elsewhere is refused.
 */
export async function fetchTelegramFile(o: MediaContext, channel: ChannelAccess, fileId: string): Promise<MediaFetch> {
  const token = channel.secrets.botToken ?? '';
  if (!token) return final('not stored: the channel has no bot token');
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(fileId)) return final('not stored: not a Telegram file id');
  if (o.signal.aborted) return transient(`timed out after ${o.timeoutMs} ms`);
  const scrub = (s: string) => s.split(token).join('<token>');
  const base = baseUrlOf(channel.settings);
  const r = await getTelegramFile({ baseUrl: base, token, fileId, timeoutMs: remaining(o), outbound: o.outbound });
  if (!r.ok) {
    if (r.kind === 'network') return transient(scrub(r.error));
    if (/file is too big/i.test(r.description)) return final(TOO_BIG);
    const error = `Telegram refused getFile (${r.errorCode}): ${scrub(r.description)}`;
    return r.status === 429 || r.status >= 500 ? transient(error) : final(`not stored: ${error}`);
  }
  const f = (r.result ?? {}) as TelegramFile;
  const size = Number(f.file_size);
  if (size > TELEGRAM_DOWNLOAD_MAX_BYTES) return final(TOO_BIG);
  if (size > o.maxBytes) return final(`not stored: larger than ${o.maxBytes} bytes (Telegram says ${size})`);
  // file_path is relative ("photos/file_12.jpg"); anything else is not a path Telegram gives.
  if (typeof f.file_path !== 'string' || !/^[A-Za-z0-9_.\-/]{1,512}$/.test(f.file_path) || f.file_path.split('/').some((s) => s === '..' || s === ''))
    return final('not stored: Telegram gave no usable file_path');
  const ext = f.file_path.split('.').pop()!.toLowerCase();
  const got = await o.download(telegramFileUrl(base, token, f.file_path), 'telegram', {
    maxBytes: Math.min(o.maxBytes, TELEGRAM_DOWNLOAD_MAX_BYTES),
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    trustedOrigin: new URL(base).origin,
    fallbackType: Object.hasOwn(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : undefined,
  });
  return got.ok ? got : { ...got, error: scrub(got.error) };
}
