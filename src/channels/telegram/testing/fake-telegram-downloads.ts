import type { ServerResponse } from 'node:http';
import { safeEqual } from '../../../lib/crypto.js';
import { TELEGRAM_DOWNLOAD_MAX_BYTES } from '../client.js';

/** A file a test puts in the fake, as a customer's message would leave it on Telegram's servers. */
export interface FakeTelegramFile {
  bytes: Buffer;
  /** file_path getFile answers ("photos/file_3.jpg"). */
  path: string;
  /** What the file server answers as content-type (Telegram's is often application/octet-stream). */
  contentType?: string;
  /** The file's real size when larger than the bytes a test bothers to hold (e.g. a 30 MB video). */
  size?: number;
}

/**
 * The file-download half of the fake Bot API (fake-telegram.ts): getFile and
 * GET /file/bot<token>/<file_path>. getFile answers a File {file_id, file_unique_id, file_size,
 * file_path}, "Bad Request: invalid file_id" for an unknown id, and "Bad Request: file is too big"
 * over the bots' 20 MB download limit — as Telegram does. Downloads need the bot's token in the
 * path and a file_path getFile gave; the log keeps the file paths, never the token.
 */
export function fakeTelegramDownloads(o: { token: string }) {
  const files = new Map<string, FakeTelegramFile>();
  const downloads: string[] = [];

  const getFile = <A>(b: { file_id?: unknown }, ok: (result: unknown) => A, err: (code: number, description: string) => A): A => {
    if (typeof b.file_id !== 'string' || !b.file_id) return err(400, 'Bad Request: file_id not specified');
    const f = files.get(b.file_id);
    if (!f) return err(400, 'Bad Request: invalid file_id');
    const size = f.size ?? f.bytes.length;
    if (size > TELEGRAM_DOWNLOAD_MAX_BYTES) return err(400, 'Bad Request: file is too big');
    return ok({ file_id: b.file_id, file_unique_id: `u-${b.file_id}`, file_size: size, file_path: f.path });
  };

  /** Answers GET /file/bot<token>/<path>; false for any other path. */
  function serve(path: string, res: ServerResponse): boolean {
    const m = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
    if (!m) return false;
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (!safeEqual(m[1]!, o.token)) {
      send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      return true;
    }
    const filePath = decodeURIComponent(m[2]!);
    downloads.push(filePath);
    const f = [...files.values()].find((x) => x.path === filePath);
    if (!f) send(404, { ok: false, error_code: 404, description: 'Not Found' });
    else res.writeHead(200, { 'content-type': f.contentType ?? 'application/octet-stream', 'content-length': String(f.bytes.length) }).end(f.bytes);
    return true;
  }

  return { files, downloads, getFile, serve };
}
