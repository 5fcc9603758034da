import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;

// Random bytes drawn 4 KiB at a time: one randomBytes() call per id cost intake ~5 % of its CPU
// (a synchronous trip into OpenSSL for 6 bytes; bench/ profile), the pool makes it a slice.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex6(): string {
  if (offset + 6 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + 6);
  offset += 6;
  return hex;
}

/**
 * Time-ordered ids (like ULID/UUIDv7): 12 hex chars of ms time, 4 of a per-ms counter, 12 random.
 * Sorting by id sorts by creation, which keyset pagination and the bench rely on.
 */
export function newId(now = Date.now()): string {
  if (now === lastMs) counter = (counter + 1) & 0xffff;
  else {
    lastMs = now;
    counter = 0;
  }
  return now.toString(16).padStart(12, '0') + counter.toString(16).padStart(4, '0') + randomHex6();
}
