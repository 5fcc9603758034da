import { DEFAULT_RETRY_AFTER_MS, TELEGRAM_API_BASE_URL } from './constants.js';
import { neverSent, outboundErrorText } from '../../net/outbound-errors.js';
import type { Outbound } from '../../net/outbound-http.js';

/**
 * A minimal Bot API client: POST https://api.telegram.org/bot<token>/<method> with a JSON body.
 * Telegram answers {"ok":true,"result":…} or {"ok":false,"error_code":n,"description":"…",
 * "parameters":{"retry_after":s}} (https://core.telegram.org/bots/api#making-requests). The token
 * is part of the URL, so URLs are never logged nor put in error texts.
 */
export type TelegramAnswer =
  | { ok: true; result: any }
  | { ok: false; kind: 'refused'; status: number; errorCode: number; description: string; retryAfterMs?: number }
  | { ok: false; kind: 'network'; error: string; outcomeUnknown: boolean };

export function baseUrlOf(settings: Record<string, unknown>): string {
  const b = settings.apiBaseUrl;
  return (typeof b === 'string' && b ? b : TELEGRAM_API_BASE_URL).replace(/\/+$/, '');
}

export async function callTelegram(o: {
  baseUrl: string;
  token: string;
  method: string;
  params: Record<string, unknown>;
  timeoutMs: number /** A file upload (sendPhoto, sendDocument): multipart instead of JSON; `params` is then ignored. */;
  form?: FormData;
  outbound: Outbound;
}): Promise<TelegramAnswer> {
  let res: Response;
  try {
    res = await o.outbound.fetch(`${o.baseUrl}/bot${o.token}/${o.method}`, {
      method: 'POST',
      // A FormData body sets its own multipart content type (with the boundary).
      headers: o.form ? { 'user-agent': 'Hearken/0.1' } : { 'content-type': 'application/json', 'user-agent': 'Hearken/0.1' },
      body: o.form ?? JSON.stringify(o.params),
      timeoutMs: o.timeoutMs,
    });
  } catch (err) {
    return { ok: false, kind: 'network', error: `Telegram unreachable: ${outboundErrorText(err)}`, outcomeUnknown: !neverSent(err) };
  }
  const text = await res.text().catch(() => '');
  let j: any;
  try {
    j = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'refused', status: res.status, errorCode: res.status, description: `HTTP ${res.status} ${text.slice(0, 300) || res.statusText}` };
  }
  if (res.ok && j?.ok === true) return { ok: true, result: j.result };
  const retryAfter = Number(j?.parameters?.retry_after ?? res.headers.get('retry-after'));
  return {
    ok: false,
    kind: 'refused',
    status: res.status,
    errorCode: Number(j?.error_code ?? res.status),
    description: String(j?.description ?? res.statusText).slice(0, 1000),
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : res.status === 429 ? DEFAULT_RETRY_AFTER_MS : undefined,
  };
}

/** getFile: "For the moment, bots can download files of up to 20MB in size" (Bot API, getFile). */
export const TELEGRAM_DOWNLOAD_MAX_BYTES = 20 * 1024 * 1024;

/** Telegram's File object, as getFile answers it (file_path is absent when the file cannot be downloaded). */
export interface TelegramFile {
  file_id: string;
  file_unique_id?: string;
  file_size?: number;
  file_path?: string;
}

/** getFile: prepares a file for download; the answer's file_path is valid for at least an hour. */
export function getTelegramFile(o: { baseUrl: string; token: string; fileId: string; timeoutMs: number; outbound: Outbound }): Promise<TelegramAnswer> {
  return callTelegram({ baseUrl: o.baseUrl, token: o.token, method: 'getFile', params: { file_id: o.fileId }, timeoutMs: o.timeoutMs, outbound: o.outbound });
}

/**
 * The download link of a file: https://api.telegram.org/file/bot<token>/<file_path>. It carries
 * the bot token: use it for the request only, never log it, never store it.
 */
export function telegramFileUrl(baseUrl: string, token: string, filePath: string): string {
  return `${baseUrl}/file/bot${token}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
}
