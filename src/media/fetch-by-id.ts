import type { LoadedChannel } from '../channels/load-channel.js';
import type { StoredAttachment } from './fetch-media-job.js';
import type { MediaFetch } from './fetch-media.js';
import { fetchTelegramFile } from './fetch-telegram-file.js';
import { fetchWhatsAppMedia } from './fetch-whatsapp-media.js';

/**
 * Media a network sends by id rather than by URL, as the parsers keep them on the attachment:
 * WhatsApp `url: "whatsapp-media:<id>"` (src/channels/meta/parse-whatsapp.ts), Telegram
 * `telegram-file:<file_id>` as url (named files) or name (src/channels/telegram/parse.ts).
 */
export type MediaRef = { kind: 'whatsapp'; id: string } | { kind: 'telegram'; fileId: string };

export function mediaRefOf(a: StoredAttachment, network: string): MediaRef | null {
  if (network === 'whatsapp' && a.url?.startsWith('whatsapp-media:')) return { kind: 'whatsapp', id: a.url.slice('whatsapp-media:'.length) };
  if (network === 'telegram') {
    const ref = [a.url, a.name].find((v) => v?.startsWith('telegram-file:'));
    if (ref) return { kind: 'telegram', fileId: ref.slice('telegram-file:'.length) };
  }
  return null;
}

/**
 * Resolves and downloads one by-id attachment with the credentials of the channel that received
 * it. Only that network's own channel type can: an API channel speaking for WhatsApp or Telegram
 * holds no token for it, so its references are refused with the reason.
 */
export function fetchByRef(
  ref: MediaRef,
  channel: LoadedChannel | undefined,
  o: { maxBytes: number; timeoutMs: number; signal: AbortSignal; deadline: number },
): Promise<MediaFetch> {
  if (!channel || channel.row.type !== ref.kind) {
    const what = ref.kind === 'whatsapp' ? 'WhatsApp' : 'Telegram';
    return Promise.resolve({ ok: false, final: true, error: `not stored: only a ${what} channel can fetch ${what} media by id` });
  }
  const { settings, secrets } = channel;
  return ref.kind === 'whatsapp'
    ? fetchWhatsAppMedia({ mediaId: ref.id, settings, secrets, ...o })
    : fetchTelegramFile({ fileId: ref.fileId, settings, secrets, ...o });
}
