import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../test/store.js';
import { setupMeta, TOKEN, type MetaSetup } from './testing/test-helpers.js';

const IG = '17841400000000001';
let s: MetaSetup;
beforeAll(async () => {
  s = await setupMeta('instagram', IG);
});
afterAll(() => s.close());

let seq = 0;
const ig = (entry: Record<string, unknown>) => ({ object: 'instagram', entry: [{ id: IG, time: Date.now(), ...entry }] });
const dm = (igsid: string, message: Record<string, unknown>) => ({
  sender: { id: igsid },
  recipient: { id: IG },
  timestamp: Date.now(),
  message: { mid: `aWdfZAG1_${igsid}_${++seq}`, ...message },
});

describe(`Instagram channel (${testDialect})`, () => {
  it('DMs: story replies and mentions kept as attachments, unsend deletes, seen marks our reply read', async () => {
    const first = dm('6001', { text: 'Is this still available?' });
    await s.deliver(
      ig({
        messaging: [
          first,
          dm('6001', { text: 'Love it', reply_to: { story: { id: '1790', url: 'https://lookaside.fbsbx.com/x' } } }),
          dm('6001', { attachments: [{ type: 'story_mention', payload: { url: 'https://lookaside.fbsbx.com/y' } }] }),
        ],
      }),
    );
    await s.drain();
    const conv = (await s.conversations()).find((c) => c.thread_key.endsWith(':dm:6001'))!;
    let ms = await s.messages(conv.id);
    expect(ms.map((m) => JSON.parse(m.attachments).map((a: { type: string }) => a.type))).toEqual([[], ['story_reply'], ['story_mention']]);
    const res = await s.reply(conv.id, { text: 'Yes! In all sizes.' });
    const { message } = await res.json();
    const n = s.fake.requests.length;
    await s.runJobs();
    expect(s.fake.requests[n]).toMatchObject({
      path: `/v21.0/${IG}/messages`,
      authorization: `Bearer ${TOKEN}`,
      body: { recipient: { id: '6001' }, messaging_type: 'RESPONSE', message: { text: 'Yes! In all sizes.' } },
    });
    const sent = await s.message(message.id);
    await s.deliver(
      ig({
        messaging: [
          { sender: { id: '6001' }, recipient: { id: IG }, timestamp: Date.now(), read: { mid: sent.external_id } },
          { ...first, message: { mid: first.message.mid, is_deleted: true } },
        ],
      }),
    );
    await s.drain();
    ms = await s.messages(conv.id);
    expect(ms[0]!.deleted_at).not.toBeNull();
    expect((await s.message(message.id)).delivery_status).toBe('read');
  });

  it('DM text is limited to 1,000 UTF-8 bytes before sending', async () => {
    const conv = (await s.conversations()).find((c) => c.thread_key.endsWith(':dm:6001'))!;
    const res = await s.reply(conv.id, { text: 'ă'.repeat(600) }); // 600 characters, 1,200 bytes
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/1200 bytes/);
  });

  it('comments: threaded per media + commenter; public reply via /replies; private reply via comment_id', async () => {
    const c = (id: string, from: string, media: string, text: string) => ({
      field: 'comments',
      value: { id, from: { id: from, username: `u${from}` }, text, media: { id: media, media_product_type: 'FEED' } },
    });
    await s.deliver(
      ig({
        changes: [
          c('17800000000000001', '6002', '17890000000000001', 'Which size?'),
          c('17800000000000002', '6002', '17890000000000001', 'Hello?'),
          c('17800000000000003', IG, '17890000000000001', 'our own'),
        ],
      }),
    );
    await s.deliver(ig({ changes: [c('17800000000000001', '6002', '17890000000000001', 'Which size?')] })); // redelivery
    await s.drain();
    const pub = (await s.conversations()).find((x) => x.kind === 'comment')!;
    expect(pub).toMatchObject({ visibility: 'public', public_item_id: '17890000000000001' });
    expect((await s.messages(pub.id)).map((m) => m.body)).toEqual(['Which size?', 'Hello?']);
    const n = s.fake.requests.length;
    await s.reply(pub.id, { text: 'Size M fits most!' });
    const priv = await (await s.reply(pub.id, { text: 'Sending details here', visibility: 'private' })).json();
    await s.runJobs();
    const calls = s.fake.requests.slice(n);
    expect(calls.find((r) => r.path.endsWith('/replies'))).toMatchObject({ path: '/v21.0/17800000000000002/replies', body: { message: 'Size M fits most!' } });
    expect(calls.find((r) => r.path.endsWith('/messages'))!.body).toMatchObject({ recipient: { comment_id: '17800000000000002' } });
    expect((await s.message(priv.message.id)).delivery_status).toBe('sent');
  });
});
