import { crc32 } from 'node:zlib';

/**
 * One spooled delivery, as the receiver verified it (receive-delivery.ts) and as the journal row
 * the worker makes of it will hold (intake/journal.ts).
 */
export interface SpooledDelivery {
  workspaceId: string;
  channelId: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
  status: 'pending' | 'failed';
  error: string | null;
}

/**
 * A segment's name: a 15-digit number, so names sort in the order the writer made them. The writer
 * starts from the clock (ms), never below the last name it finds: a name is never used twice, even
 * after its file and its offset row are gone.
 */
export const SEGMENT_NAME = /^(\d{15})\.spool$/;
export const segmentName = (seq: number) => `${String(seq).padStart(15, '0')}.spool`;

/**
 * A record is [payload length u32 LE][CRC-32 of the payload u32 LE][payload: the delivery as UTF-8
 * JSON], written with one write(2), so a record is either whole in the file or (a process killed
 * inside the call) a torn tail that its length or checksum gives away.
 */
export const HEADER_BYTES = 8;

export function encodeRecord(d: SpooledDelivery): Buffer {
  const payload = Buffer.from(JSON.stringify([d.workspaceId, d.channelId, d.headers, d.body, d.receivedAt, d.status, d.error]), 'utf8');
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  payload.copy(out, HEADER_BYTES);
  return out;
}

export type Decoded =
  | { kind: 'record'; delivery: SpooledDelivery; next: number }
  /** Not all of the record is in `buf` yet: read more (or, in a finished segment, a torn tail). */
  | { kind: 'short'; need: number }
  /** The bytes at `at` are not a record: a torn write followed by other data, or damage. */
  | { kind: 'damaged'; reason: string };

/** Decodes the record starting at `at` in `buf`. */
export function decodeRecord(buf: Buffer, at: number): Decoded {
  if (buf.length - at < HEADER_BYTES) return { kind: 'short', need: HEADER_BYTES };
  const len = buf.readUInt32LE(at);
  const sum = buf.readUInt32LE(at + 4);
  if (buf.length - at - HEADER_BYTES < len) return { kind: 'short', need: HEADER_BYTES + len };
  const payload = buf.subarray(at + HEADER_BYTES, at + HEADER_BYTES + len);
  if (crc32(payload) !== sum) return { kind: 'damaged', reason: 'checksum mismatch' };
  let v: unknown;
  try {
    v = JSON.parse(payload.toString('utf8'));
  } catch {
    return { kind: 'damaged', reason: 'payload is not JSON' };
  }
  if (!Array.isArray(v) || v.length !== 7) return { kind: 'damaged', reason: 'payload is not a spooled delivery' };
  const [workspaceId, channelId, headers, body, receivedAt, status, error] = v as [
    string,
    string,
    Record<string, string>,
    string,
    number,
    'pending' | 'failed',
    string | null,
  ];
  return { kind: 'record', delivery: { workspaceId, channelId, headers, body, receivedAt, status, error }, next: at + HEADER_BYTES + len };
}
