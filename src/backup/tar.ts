import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { AppError } from '../lib/errors.js';

/**
 * The backup archive: a gzipped POSIX tar (ustar), so an operator can look inside with plain
 * `tar -tzf`. Written and read here with Node's own zlib and streams rather than a package: the
 * format is a 512-byte header per file, which is less code to own than a dependency to vet, and
 * nothing is held in memory whole (media folders can be large).
 */

const BLOCK = 512;

/** What the writer is asked to put in: a file on disk under an archive name (`optional`: skipped if it is gone by then), or bytes. */
export type TarSource = { name: string; file: string; optional?: boolean } | { name: string; bytes: Uint8Array };

/** What was written or read for each entry: the manifest's integrity record. */
export interface EntrySum {
  size: number;
  sha256: string;
}

/** Writes `sources` (in order, then `last()`'s entries) to `target` through a temporary file renamed into place, so a crash never leaves a half archive under the final name. */
export async function writeTarGz(target: string, sources: AsyncIterable<TarSource> | Iterable<TarSource>, last: (sums: Map<string, EntrySum>) => TarSource[]) {
  const tmp = `${target}.partial`;
  const sums = new Map<string, EntrySum>();
  async function* blocks(): AsyncGenerator<Buffer> {
    for await (const s of sources) yield* entry(s, sums);
    for (const s of last(sums)) yield* entry(s, sums);
    yield Buffer.alloc(BLOCK * 2); // end of archive
  }
  try {
    await mkdir(path.dirname(path.resolve(target)), { recursive: true });
    await pipeline(blocks(), createGzip(), createWriteStream(tmp, { mode: 0o600 }));
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return sums;
}

async function* entry(s: TarSource, sums: Map<string, EntrySum>): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  if ('bytes' in s) {
    yield header(s.name, s.bytes.byteLength);
    const b = Buffer.from(s.bytes);
    hash.update(b);
    yield b;
    yield pad(b.byteLength);
    sums.set(s.name, { size: b.byteLength, sha256: hash.digest('hex') });
    return;
  }
  let size: number;
  try {
    size = (await stat(s.file)).size;
  } catch (err) {
    if (s.optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return; // deleted since it was listed
    throw err;
  }
  yield header(s.name, size);
  let seen = 0;
  // The size went into the header already: read exactly that much, and fail if the file shrank.
  const chunks = size === 0 ? [] : (createReadStream(s.file, { end: size - 1, highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>);
  for await (const chunk of chunks) {
    seen += chunk.byteLength;
    hash.update(chunk);
    yield chunk;
  }
  if (seen !== size) throw new Error(`${s.file} changed size while it was archived (${size} → ${seen} bytes)`);
  yield pad(size);
  sums.set(s.name, { size, sha256: hash.digest('hex') });
}

const pad = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

function header(name: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 99 || !/^[\x21-\x7e]+$/.test(name)) throw new Error(`archive name not representable: ${name}`);
  h.write(name, 0, 'ascii');
  h.write('0000600\0', 100, 'ascii'); // mode
  h.write('0000000\0', 108, 'ascii'); // uid
  h.write('0000000\0', 116, 'ascii'); // gid
  writeSize(h, size);
  h.write(
    `${Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    'ascii',
  );
  h.write('        ', 148, 'ascii'); // checksum counts as spaces while it is computed
  h.write('0', 156, 'ascii'); // regular file
  h.write('ustar\x0000', 257, 'binary');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Octal in 11 digits up to 8 GiB; above, the base-256 form GNU tar and bsdtar read (a SQLite file can be that big). */
function writeSize(h: Buffer, size: number) {
  if (size < 8 ** 11) {
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
    return;
  }
  h[124] = 0x80;
  let v = BigInt(size);
  for (let i = 135; i > 124; i--) {
    h[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function readSize(h: Buffer): number {
  if (h[124] & 0x80) {
    let v = 0n;
    for (let i = 125; i < 136; i++) v = (v << 8n) | BigInt(h[i]);
    return Number(v);
  }
  return Number.parseInt(h.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
}

const broken = (why: string) => new AppError('invalid_request', `not a usable Hearken backup: ${why}`);

/**
 * Extracts every regular file of a gzipped tar under `dir`, hashing as it writes. Names must be
 * relative and stay inside `dir` (a hostile archive cannot write elsewhere); links, devices and
 * anything but files and directories are refused.
 */
export async function extractTarGz(archive: string, dir: string): Promise<Map<string, EntrySum>> {
  const sums = new Map<string, EntrySum>();
  const reader = new ByteReader(createReadStream(archive).pipe(createGunzip()));
  try {
    for (;;) {
      const h = await reader.read(BLOCK);
      if (!h) throw broken('the archive ends before its end marker (truncated?)');
      if (h.every((b) => b === 0)) break;
      if (!validChecksum(h)) throw broken('a header checksum does not match (corrupt file?)');
      const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const prefix = h.toString('ascii', 257, 262) === 'ustar' ? h.toString('utf8', 345, 500).replace(/\0.*$/s, '') : '';
      const full = prefix ? `${prefix}/${name}` : name;
      const type = String.fromCharCode(h[156] || 0x30);
      const size = readSize(h);
      if (type === '5') {
        await reader.skip(size + pad(size).byteLength);
        continue;
      }
      if (type !== '0') throw broken(`entry ${full} is not a regular file`);
      const out = path.resolve(dir, full);
      if (path.isAbsolute(full) || full.split('/').includes('..') || !out.startsWith(path.resolve(dir) + path.sep))
        throw broken(`entry ${full} points outside the archive`);
      if (sums.has(full)) throw broken(`entry ${full} appears twice`);
      await mkdir(path.dirname(out), { recursive: true });
      sums.set(full, await reader.copyTo(out, size));
      await reader.skip(pad(size).byteLength);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE')
      throw broken(`the compressed data is damaged (${(err as Error).message})`);
    throw err;
  } finally {
    reader.close();
  }
  return sums;
}

function validChecksum(h: Buffer): boolean {
  const stored = Number.parseInt(h.toString('ascii', 148, 156).replace(/\0.*$/s, '').trim(), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  return stored === sum;
}

/** Exact-length reads over a stream of chunks. */
class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private readonly it: AsyncIterator<Buffer>;
  private done = false;
  constructor(private readonly stream: NodeJS.ReadableStream) {
    this.it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.it.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buf = this.buf.byteLength ? Buffer.concat([this.buf, next.value]) : next.value;
    return true;
  }

  /** `n` bytes, or null at a clean end of stream before any of them. */
  async read(n: number): Promise<Buffer | null> {
    while (this.buf.byteLength < n) if (!(await this.fill())) break;
    if (this.buf.byteLength === 0) return null;
    if (this.buf.byteLength < n) throw broken('the archive ends in the middle of an entry (truncated?)');
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  async skip(n: number) {
    if (n > 0 && !(await this.read(n))) throw broken('the archive ends in the middle of an entry (truncated?)');
  }

  async copyTo(file: string, size: number): Promise<EntrySum> {
    const hash = createHash('sha256');
    const fh = await open(file, 'wx', 0o600);
    try {
      let left = size;
      while (left > 0) {
        if (this.buf.byteLength === 0 && !(await this.fill())) throw broken('the archive ends in the middle of an entry (truncated?)');
        const part = this.buf.subarray(0, Math.min(left, this.buf.byteLength));
        this.buf = this.buf.subarray(part.byteLength);
        hash.update(part);
        await fh.write(part);
        left -= part.byteLength;
      }
    } finally {
      await fh.close();
    }
    return { size, sha256: hash.digest('hex') };
  }

  close() {
    (this.stream as unknown as { destroy?: () => void }).destroy?.();
  }
}
