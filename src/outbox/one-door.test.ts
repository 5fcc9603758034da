import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN.md "One door out": nothing is sent except through src/outbox/queue-outbound.ts. A check
 * on the source text (not on behaviour), so that a new path that builds its own outbound message
 * or enqueues the send job fails CI with the file's name, before anyone has to find the
 * difference between two copies of the same write.
 */

const SRC = join(import.meta.dirname, '..');
const DOOR = 'src/outbox/queue-outbound.ts';

/** Files that may name the send job, and why they are not a way out. */
const NAMES_SEND_JOB: Record<string, string> = {
  [DOOR]: 'the door: the one place the job is enqueued',
  'src/outbox/send-message.ts': 'declares the job and is its handler (the sender)',
  'src/jobs/catalog.ts': 'lists the job definition so workers run it; enqueues none',
};

/** Files that may name the moderation job (hide, delete, like, block on the network), and why. */
const NAMES_MODERATE_JOB: Record<string, string> = {
  [DOOR]: 'the door: queueModeration, the one place the job is enqueued',
  'src/outbox/moderate.ts': 'declares the job and is its handler',
  'src/jobs/catalog.ts': 'lists the job definition so workers run it; enqueues none',
};

/** Files that may insert into `moderation_actions`: only the door. */
const WRITES_MODERATION = [DOOR];

/**
 * Files that may insert into `messages` without being the door: none of them writes a message to
 * be sent (no send job, never "queued"), so none is a way out.
 */
const WRITES_MESSAGES: Record<string, string> = {
  [DOOR]: 'the door: every outbound message to be sent',
  'src/intake/apply-message.ts': 'network traffic: customer messages, and echoes of replies already posted outside Hearken ("sent")',
  'src/conversations/add-note.ts': 'internal notes (direction "note"), never sent',
  'src/import/twcs.ts': 'imported history: replies posted long ago ("sent")',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

// Comments may talk about the job or the table; only code counts. Crude but enough for our style:
// block comments, and line comments not preceded by ':' (keeps "https://" inside strings).
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1');

// The job's definition (`sendJob`, what enqueueJob takes) or its stored name.
const SEND_JOB_REF = /\bsendJob\b|\bSEND_JOB\b|['"`]outbox\.send['"`]/;
// Kysely (`insertInto('messages')`, with or without an alias) or raw SQL (`INSERT INTO messages`).
const MESSAGES_INSERT = /\binsertInto\(\s*['"`]messages(\s+as\s+\w+)?['"`]\s*\)|\binsert\s+into\s+["`]?messages["`]?[\s(]/i;
const MODERATE_JOB_REF = /\bmoderateJob\b|['"`]outbox\.moderate['"`]/;
const MODERATION_INSERT = /\binsertInto\(\s*['"`]moderation_actions(\s+as\s+\w+)?['"`]\s*\)|\binsert\s+into\s+["`]?moderation_actions["`]?[\s(]/i;
const QUEUED = /['"`](queued|sending)['"`]/;

const files = sourceFiles(SRC).map((abs) => ({
  path: relative(join(SRC, '..'), abs).split(sep).join('/'),
  code: code(readFileSync(abs, 'utf8')),
}));

describe('one door out (src/outbox/queue-outbound.ts)', () => {
  it('scans the source tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.map((f) => f.path)).toContain(DOOR);
  });

  it('only the door enqueues the send job', () => {
    const offenders = files.filter((f) => SEND_JOB_REF.test(f.code) && !(f.path in NAMES_SEND_JOB)).map((f) => f.path);
    expect(offenders, `these files name the send job (sendJob / 'outbox.send'); queue through ${DOOR} (queueOutbound, requeueOutbound) instead`).toEqual([]);
  });

  it('only the door inserts outbound messages to be sent', () => {
    const offenders = files.filter((f) => MESSAGES_INSERT.test(f.code) && !(f.path in WRITES_MESSAGES)).map((f) => f.path);
    expect(offenders, `these files insert into messages; an outbound message goes through ${DOOR} (queueOutbound)`).toEqual([]);
    const sending = files.filter((f) => f.path !== DOOR && f.path in WRITES_MESSAGES && QUEUED.test(f.code)).map((f) => f.path);
    expect(sending, `these files write messages as "queued"/"sending" (to be sent) outside ${DOOR}`).toEqual([]);
  });

  it('only the door queues moderation actions (the moderation job and its rows)', () => {
    const naming = files.filter((f) => MODERATE_JOB_REF.test(f.code) && !(f.path in NAMES_MODERATE_JOB)).map((f) => f.path);
    expect(naming, `these files name the moderation job; queue through ${DOOR} (queueModeration) instead`).toEqual([]);
    const inserting = files.filter((f) => MODERATION_INSERT.test(f.code) && !WRITES_MODERATION.includes(f.path)).map((f) => f.path);
    expect(inserting, `these files insert moderation actions; queue through ${DOOR} (queueModeration)`).toEqual([]);
    for (const p of Object.keys(NAMES_MODERATE_JOB)) expect(MODERATE_JOB_REF.test(files.find((f) => f.path === p)?.code ?? ''), p).toBe(true);
    expect(MODERATION_INSERT.test(code("await tx.insertInto('moderation_actions').values(row)"))).toBe(true);
  });

  it('the lists of exceptions are current (each file exists and still does what it is excused for)', () => {
    const byPath = new Map(files.map((f) => [f.path, f.code]));
    for (const p of Object.keys(NAMES_SEND_JOB)) expect(SEND_JOB_REF.test(byPath.get(p) ?? ''), `${p} no longer names the send job`).toBe(true);
    for (const p of Object.keys(WRITES_MESSAGES)) expect(MESSAGES_INSERT.test(byPath.get(p) ?? ''), `${p} no longer inserts messages`).toBe(true);
  });

  it('the patterns catch the ways a second door would be written', () => {
    for (const s of ["await tx.insertInto('messages').values(row)", 'db.insertInto("messages as m")', 'sql`INSERT INTO messages (id) VALUES (1)`'])
      expect(MESSAGES_INSERT.test(code(s)), s).toBe(true);
    for (const s of [
      "import { sendJob as job } from './send-message.js'",
      'enqueueJob(tx, sendJob, { payload })',
      "db.insertInto('jobs').values({ name: 'outbox.send' })",
    ])
      expect(SEND_JOB_REF.test(code(s)), s).toBe(true);
    expect(MESSAGES_INSERT.test(code("// tx.insertInto('messages') is the door's job")), 'comments do not count').toBe(false);
    expect(MESSAGES_INSERT.test(code("insertInto('messages_archive')")), 'another table').toBe(false);
  });
});
