/** The outcome of one download into the media store. */
export type MediaFetch =
  | { ok: true; bytes: Buffer; contentType: string }
  /** final: refused or gone, never retried; otherwise a transient failure worth another attempt. */
  | { ok: false; final: boolean; error: string };

/**
 * How to download one URL from a network's media hosts (src/media/fetch-media.ts): https only,
 * every redirect checked, the size limit enforced while the body streams.
 */
export interface FetchMediaOptions {
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Headers for the first URL's host only (WhatsApp's lookaside download requires the channel's
   * bearer token): a redirect to any other host never carries them, as browsers' fetch does.
   */
  headers?: Record<string, string>;
  /**
   * An origin accepted besides the network's media hosts: the API base a channel is configured
   * to call (a Telegram bot's file downloads come from its Bot API server). Only exact origins.
   */
  trustedOrigin?: string;
  /** Content type to record when the host sends none or application/octet-stream (what the network's API said the file is). */
  fallbackType?: string;
}

/** Downloads `url`, accepted only from `network`'s own media hosts (or `o.trustedOrigin`). */
export type MediaDownload = (url: string, network: string, o: FetchMediaOptions) => Promise<MediaFetch>;
