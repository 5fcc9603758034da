import { appendFileSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../processor.js';
import { buildInbound, buildPeerApp, buildTestApp, buildWorkspace, deliver, type TestApp } from '../../test/app.js';
import { testDialect } from '../../test/store.js';
import { HEADER_BYTES, SEGMENT_NAME, decodeRecord, encodeRecord, type SpooledDelivery } from './format.js';
import { drainSpool, spoolBacklogBytes } from './drain.js';
import { SpoolWriter, attachIntakeSpool, spoolDirOf } from './writer.js';

const open: TestApp[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const delivery = (i: number): SpooledDelivery => ({
  workspaceId: 'w1',
  channelId: 'c1',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ n: i, text: `message ${i} — «ünïcödé» 😀` }),
  receivedAt: 1_700_000_000_000 + i,
  status: 'pending',
  error: null,
});

describe('spool records', () => {
  it('decode what was encoded, and tell a short read from damage', () => {
    const buf = Buffer.concat([encodeRecord(delivery(1)), encodeRecord(delivery(2))]);
    const a = decodeRecord(buf, 0);
    expect(a.kind).toBe('record');
    if (a.kind !== 'record') return;
    expect(a.delivery).toEqual(delivery(1));
    const b = decodeRecord(buf, a.next);
    expect(b.kind === 'record' && b.delivery.body).toBe(delivery(2).body);
    expect(decodeRecord(buf.subarray(0, 5), 0)).toEqual({ kind: 'short', need: HEADER_BYTES });
    expect(decodeRecord(buf.subarray(0, a.next - 1), 0).kind).toBe('short');
    const bad = Buffer.from(buf);
    bad[HEADER_BYTES + 3] ^= 0xff;
    expect(decodeRecord(bad, 0)).toEqual({ kind: 'damaged', reason: 'checksum mismatch' });
  });
});

// The spool belongs to embedded mode (a file beside the SQLite database); on PostgreSQL the receiver
// journals directly, and that is what the PostgreSQL half checks.
if (testDialect === 'sqlite')
  describe(`the intake spool (${testDialect})`, () => {
    const journalRows = async (t: TestApp) => t.app.store.db.selectFrom('journal').select(['id', 'body', 'received_at', 'status']).orderBy('id').execute();
    const drainAll = async (t: TestApp) => {
      let total = 0;
      for (let n = await drainSpool(t.app); n > 0; n = await drainSpool(t.app)) total += n;
      return total;
    };

    it('acknowledged webhooks become journal rows once each, in the order they were answered, and are processed', async () => {
      const t = await buildTestApp();
      open.push(t);
      const w = await buildWorkspace(t);
      const close = attachIntakeSpool(t.app);
      const answers = [];
      for (let i = 0; i < 12; i++) {
        const res = await deliver(t, w, {
          events: [buildInbound({ id: `sp-${i}`, text: `spooled ${i}`, from: { id: `cust-${i % 3}`, name: `Customer ${i % 3}` } })],
        });
        answers.push({ status: res.status, body: await res.json() });
      }
      // Answered without a journal row: the delivery is in the file, not yet in the database.
      expect(answers.every((a) => a.status === 200 && a.body.ok === true && a.body.journalId === undefined)).toBe(true);
      expect(await journalRows(t)).toHaveLength(0);
      const file = t.app.store.file!;
      expect(spoolBacklogBytes(file, new Map())).toBeGreaterThan(0);

      expect(await drainAll(t)).toBe(12);
      const rows = await journalRows(t);
      expect(rows.map((r) => JSON.parse(r.body).events[0].id)).toEqual(Array.from({ length: 12 }, (_, i) => `sp-${i}`));
      expect(rows.every((r) => r.status === 'pending')).toBe(true);
      // The position is stored: nothing is moved twice, and nothing is left.
      expect(await drainSpool(t.app)).toBe(0);
      const positions = new Map((await t.app.store.db.selectFrom('intake_spool').selectAll().execute()).map((r) => [r.segment, Number(r.position)]));
      expect(spoolBacklogBytes(file, positions)).toBe(0);
      while ((await processJournalBatch(t.app)) > 0);
      const messages = await t.app.store.db.selectFrom('messages').select('external_id').execute();
      expect(messages.map((m) => m.external_id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `sp-${i}`).sort());
      await close();
    });

    it('a body that is not JSON is answered 400 and kept as failed, through the spool too', async () => {
      const t = await buildTestApp();
      open.push(t);
      const w = await buildWorkspace(t);
      attachIntakeSpool(t.app);
      const res = await deliver(t, w, '{"events": [');
      expect(res.status).toBe(400);
      expect(await drainAll(t)).toBe(1);
      const [row] = await journalRows(t);
      expect(row).toMatchObject({ status: 'failed', body: '{"events": [' });
    });

    it('another connection (a restarted process) goes on from the stored position: no delivery twice, none lost', async () => {
      const t = await buildTestApp();
      open.push(t);
      const writer = SpoolWriter.open(spoolDirOf(t.app.store.file!))!;
      for (let i = 0; i < 450; i++) writer.append(delivery(i));
      // One batch moved (at most 200), then "the process dies".
      const first = await drainSpool(t.app);
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(450);
      const peer = await buildPeerApp(t);
      open.push(peer);
      expect(first + (await drainAll(peer))).toBe(450);
      const rows = await journalRows(t);
      expect(rows.map((r) => JSON.parse(r.body).n)).toEqual(Array.from({ length: 450 }, (_, i) => i));
      expect(rows.map((r) => r.received_at)).toEqual(Array.from({ length: 450 }, (_, i) => delivery(i).receivedAt));
      writer.close();
    });

    it('a record torn by a killed process is dropped, the next process writes a new segment, and finished segments are deleted', async () => {
      const t = await buildTestApp();
      open.push(t);
      const dir = spoolDirOf(t.app.store.file!);
      const before = SpoolWriter.open(dir)!;
      for (let i = 0; i < 3; i++) before.append(delivery(i));
      before.close();
      const [firstSegment] = readdirSync(dir).filter((f) => SEGMENT_NAME.test(f));
      // A write cut short: the header and part of the payload (never acknowledged).
      appendFileSync(path.join(dir, firstSegment!), encodeRecord(delivery(99)).subarray(0, 20));
      // Until a newer segment exists, a short tail may be a write in progress: left alone.
      expect(await drainAll(t)).toBe(3);
      expect(existsSync(path.join(dir, firstSegment!))).toBe(true);

      const after = SpoolWriter.open(dir)!;
      after.append(delivery(3));
      after.append(delivery(4));
      expect(await drainAll(t)).toBe(2);
      expect(existsSync(path.join(dir, firstSegment!))).toBe(false);
      expect(readdirSync(dir).filter((f) => SEGMENT_NAME.test(f))).toHaveLength(1);
      const rows = await journalRows(t);
      expect(rows.map((r) => JSON.parse(r.body).n)).toEqual([0, 1, 2, 3, 4]);
      const segments = await t.app.store.db.selectFrom('intake_spool').select('segment').execute();
      expect(segments.map((s) => s.segment)).not.toContain(firstSegment);
      after.close();
    });

    it('a damaged record is skipped with the rest of its finished segment; later segments still arrive', async () => {
      const t = await buildTestApp();
      open.push(t);
      const dir = spoolDirOf(t.app.store.file!);
      const w1 = SpoolWriter.open(dir)!;
      w1.append(delivery(0));
      w1.close();
      const [seg] = readdirSync(dir).filter((f) => SEGMENT_NAME.test(f));
      const bad = encodeRecord(delivery(1));
      bad[HEADER_BYTES + 2] ^= 0xff;
      appendFileSync(path.join(dir, seg!), Buffer.concat([bad, encodeRecord(delivery(2))]));
      const w2 = SpoolWriter.open(dir)!;
      w2.append(delivery(3));
      await drainAll(t);
      await drainAll(t);
      expect((await journalRows(t)).map((r) => JSON.parse(r.body).n)).toEqual([0, 3]);
      expect(statSync(dir).isDirectory()).toBe(true);
      w2.close();
    });

    it('one writer per spool: a live process holding it makes another journal directly', async () => {
      const t = await buildTestApp();
      open.push(t);
      const dir = spoolDirOf(t.app.store.file!);
      const mine = SpoolWriter.open(dir)!;
      mine.close();
      // The test runner's parent process is alive and is not us.
      writeFileSync(path.join(dir, 'writer.pid'), String(process.ppid));
      expect(SpoolWriter.open(dir)).toBeNull();
      const w = await buildWorkspace(t);
      attachIntakeSpool(t.app);
      expect(t.app.intakeSpool).toBeUndefined();
      const res = await deliver(t, w, { events: [buildInbound({ id: 'direct-1' })] });
      expect((await res.json()).journalId).toBeGreaterThan(0);
      // A pid nobody has (a dead process's lock) is taken over.
      writeFileSync(path.join(dir, 'writer.pid'), '4194000');
      const taken = SpoolWriter.open(dir);
      expect(taken).not.toBeNull();
      taken?.close();
    });
  });
else
  describe(`no spool on PostgreSQL (${testDialect})`, () => {
    it('the receiver journals directly and the drain has nothing to do', async () => {
      const t = await buildTestApp();
      open.push(t);
      const w = await buildWorkspace(t);
      attachIntakeSpool(t.app);
      expect(t.app.intakeSpool).toBeUndefined();
      const res = await deliver(t, w, { events: [buildInbound({ id: 'pg-1' })] });
      expect((await res.json()).journalId).toBeGreaterThan(0);
      expect(await drainSpool(t.app)).toBe(0);
    });
  });
