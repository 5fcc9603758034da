import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Config } from '../config/index.js';

/** A stored object as read back: its bytes as a stream, with what was recorded at put. */
export interface StoredMedia {
  key: string;
  size: number;
  contentType: string;
  body(): ReadableStream<Uint8Array>;
}

/**
 * Where fetched attachments live. Keys are the sha256 of the bytes (content-addressed: the same
 * picture sent twice is stored once). The local directory below is the one implementation today;
 * an S3-compatible store would implement the same three calls.
 */
export interface MediaStore {
  put(bytes: Uint8Array, contentType: string): Promise<string>;
  get(key: string): Promise<StoredMedia | null>;
  delete(key: string): Promise<void>;
}

export const isMediaKey = (key: string) => /^[0-9a-f]{64}$/.test(key);

/**
 * Files under `<dir>/<first two hex>/<key>` with a `<key>.json` beside (content type, size).
 * Every file is written to a temporary name and renamed into place, so a reader (or a crash)
 * never sees half a file.
 */
export class LocalMediaStore implements MediaStore {
  constructor(readonly dir: string) {}

  private file(key: string) {
    return path.join(this.dir, key.slice(0, 2), key);
  }

  async put(bytes: Uint8Array, contentType: string): Promise<string> {
    const key = createHash('sha256').update(bytes).digest('hex');
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Metadata first: get() requires the bytes file, which appears last.
    await this.atomicWrite(`${file}.json`, JSON.stringify({ contentType, size: bytes.byteLength }));
    await this.atomicWrite(file, bytes);
    return key;
  }

  async get(key: string): Promise<StoredMedia | null> {
    if (!isMediaKey(key)) return null;
    const file = this.file(key);
    try {
      const [st, meta] = await Promise.all([stat(file), readFile(`${file}.json`, 'utf8')]);
      const m = JSON.parse(meta) as { contentType?: string };
      return {
        key,
        size: st.size,
        contentType: m.contentType ?? 'application/octet-stream',
        body: () => Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    if (!isMediaKey(key)) return;
    const file = this.file(key);
    await rm(file, { force: true });
    await rm(`${file}.json`, { force: true });
  }

  private async atomicWrite(file: string, data: Uint8Array | string) {
    const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(tmp, data);
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}

const stores = new Map<string, MediaStore>();

/** The configured store (one per directory, shared by the worker and the web role of a process). */
export function mediaStoreFor(config: Pick<Config, 'media'>): MediaStore {
  let s = stores.get(config.media.dir);
  if (!s) {
    s = new LocalMediaStore(config.media.dir);
    stores.set(config.media.dir, s);
  }
  return s;
}
