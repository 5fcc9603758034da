import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

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
  return now.toString(16).padStart(12, '0') + counter.toString(16).padStart(4, '0') + randomBytes(6).toString('hex');
}
