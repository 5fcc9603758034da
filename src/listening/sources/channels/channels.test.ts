import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processJournalBatch } from '../../../intake/processor.js';
import { buildInbound, deliver } from '../../../test/app.js';
import { testDialect } from '../../../test/store.js';
import { startSourceTestbed, type SourceTestbed } from '../testing.js';

let b: SourceTestbed;
beforeAll(async () => {
  b = await startSourceTestbed();
});
afterAll(() => b.close());

describe(`own channels as a listening source (${testDialect})`, () => {
  it('feeds stored public inbound messages to the matcher once; engaging opens their existing conversation', async () => {
    await b.query('acme');
    await deliver(
      b.t,
      b.w,
      buildInbound({ id: 'c-1', conversation: { kind: 'comment', visibility: 'public', item_id: 'post-1' }, text: 'Acme, why is my order late?' }),
    );
    await deliver(b.t, b.w, buildInbound({ id: 'c-2', text: 'a private DM about acme' }));
    await processJournalBatch(b.t.app);
    const id = await b.source('channels', {});
    const first = await b.poll(id);
    expect(first.result).toMatchObject({ fetched: 1, stored: 1, mentions: 1 });
    expect(await b.pollAfterRestart(id)).toMatchObject({ stored: 0 });
    const [m] = await b.mentions('?source=channels');
    expect(m.post.text).toBe('Acme, why is my order late?');
    const conv = await b.t.app.store.db.selectFrom('messages').select('conversation_id').where('external_id', '=', 'c-1').executeTakeFirstOrThrow();
    const engaged = await b.api('POST', `/api/v1/listening/mentions/${m.id}/engage`, {});
    expect(engaged.body).toMatchObject({ status: 'engaged', conversationId: conv.conversation_id });
  });
});
