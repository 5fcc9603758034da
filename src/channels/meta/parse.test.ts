import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { instagramAdapter, messengerAdapter, whatsappAdapter } from './adapters.js';
import { metaHandshake, signMetaBody, verifyMetaSignature } from './webhook.js';
import type { InboundEvent, InboundMessage } from '../contract/inbound.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, 'fixtures', name), 'utf8');
const SHARED = '/work/shared/data/webhooks';
const shared = (p: string) => readFileSync(path.join(SHARED, p), 'utf8');
const parse = (a: typeof messengerAdapter, body: string) => a.parse({ headers: {}, body });
const msgs = (evs: InboundEvent[]) => evs.filter((e): e is InboundMessage => e.type === 'message');
/** The shared samples are single messaging items: wrap them in the documented envelope. */
const pageEnvelope = (item: unknown) => JSON.stringify({ object: 'page', entry: [{ id: '1', time: 1458692752478, messaging: [item] }] });

describe('Meta webhook signature and handshake', () => {
  const body = '{"object":"page","entry":[]}';
  it('accepts X-Hub-Signature-256 over the raw body and refuses anything else', () => {
    expect(() => verifyMetaSignature({ headers: signMetaBody('app-secret-1', body), body }, { appSecret: 'app-secret-1' })).not.toThrow();
    expect(() => verifyMetaSignature({ headers: signMetaBody('other-secret', body), body }, { appSecret: 'app-secret-1' })).toThrow(/does not match/);
    expect(() => verifyMetaSignature({ headers: signMetaBody('app-secret-1', body), body: body + ' ' }, { appSecret: 'app-secret-1' })).toThrow(
      /does not match/,
    );
    expect(() => verifyMetaSignature({ headers: {}, body }, { appSecret: 'app-secret-1' })).toThrow(/missing/);
    expect(() => verifyMetaSignature({ headers: signMetaBody('x', body), body }, {})).toThrow(/app secret/);
  });
  it('answers hub.challenge only with the right verify token', () => {
    const q = { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok-123', 'hub.challenge': '1158201444' };
    expect(metaHandshake(q, { verifyToken: 'tok-123' })).toMatchObject({ status: 200, body: '1158201444' });
    expect(metaHandshake({ ...q, 'hub.verify_token': 'nope' }, { verifyToken: 'tok-123' })?.status).toBe(403);
    expect(metaHandshake({ ...q, 'hub.mode': 'unsubscribe' }, { verifyToken: 'tok-123' })?.status).toBe(403);
    expect(metaHandshake({}, { verifyToken: 'tok-123' })).toBeNull();
  });
});

describe('Messenger parsing', () => {
  it('parses the shared documented payloads (full envelopes and messaging items)', () => {
    for (const f of readdirSync(path.join(SHARED, 'meta_messenger')).filter((n) => n.startsWith('full_envelope')))
      expect(() => parse(messengerAdapter, shared(`meta_messenger/${f}`)), f).not.toThrow();
    const text = msgs(parse(messengerAdapter, shared('meta_messenger/full_envelope_text_message.fbmessenger-api.json')));
    expect(text).toEqual([
      expect.objectContaining({
        externalId: 'mid.1457764197618:41d102a3e1ae206a38',
        text: 'hello, world!',
        kind: 'dm',
        visibility: 'private',
        from: { externalId: 'USER_ID' },
        networkTs: 1457764197627,
        direction: 'in',
      }),
    ]);
    const postback = msgs(parse(messengerAdapter, shared('meta_messenger/full_envelope_postback.fbmessenger-api.json')));
    expect(postback[0]).toMatchObject({ text: 'USER_DEFINED_PAYLOAD', externalId: 'postback:USER_ID:1458692752478' });
    expect(parse(messengerAdapter, shared('meta_messenger/full_envelope_delivery.fbmessenger-api.json'))).toEqual([
      { type: 'status', externalId: 'mid.1458668856218:ed81099e15d3f4f233', status: 'delivered', networkTs: 1458668856451 },
    ]);
    const qr = msgs(parse(messengerAdapter, pageEnvelope(JSON.parse(shared('meta_messenger/messages_text.official_doc.messaging_item.json')))));
    expect(qr[0]!.attachments).toContainEqual({ type: 'quick_reply', name: '<DEVELOPER_DEFINED_PAYLOAD>' });
    const reply = msgs(parse(messengerAdapter, pageEnvelope(JSON.parse(shared('meta_messenger/messages_reply.official_doc.messaging_item.json')))));
    expect(reply[0]!.replyToExternalId).toBe('m_1fTq8oLumEyIp3Q2MR-aY7IfLZDamVrALniheU');
    expect(parse(messengerAdapter, pageEnvelope(JSON.parse(shared('meta_messenger/message_edits.official_doc.messaging_item.json'))))).toEqual([
      { type: 'edit', externalId: '<MESSAGE_ID>', text: '<TEXT>', networkTs: 1458668856463 },
    ]);
    // A Messenger read receipt only has a watermark (src/intake/apply-watermark.ts; more in watermark.test.ts).
    expect(parse(messengerAdapter, pageEnvelope(JSON.parse(shared('meta_messenger/message_reads.official_doc.messaging_item.json'))))).toEqual([
      expect.objectContaining({ type: 'status_watermark', status: 'read' }),
    ]);
  });

  it('iterates every entry and item of a batch; echoes from outside are outbound, our own are skipped, unknown events ignored', () => {
    const evs = parse(messengerAdapter, fixture('messenger_batch.json'));
    const m = msgs(evs);
    expect(m.map((x) => x.externalId)).toEqual(['m_text_1', 'm_qr_1', 'm_img_1', 'm_reply_1', 'm_pb_1', 'm_echo_outside_1', 'm_text_2']);
    expect(m.find((x) => x.externalId === 'm_img_1')!.attachments).toEqual([
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/v/photo.jpg', name: undefined },
    ]);
    expect(m.find((x) => x.externalId === 'm_echo_outside_1')).toMatchObject({ direction: 'out', authorKind: 'outside', from: { externalId: '5000000001' } });
    expect(m.find((x) => x.externalId === 'm_pb_1')).toMatchObject({ text: 'Track my order', attachments: [{ type: 'postback', name: 'TRACK_ORDER' }] });
    expect(evs.filter((e) => e.type === 'status').map((e) => e.externalId)).toEqual(['m_sent_1', 'm_sent_2']);
    expect(evs.filter((e) => e.type === 'edit')).toHaveLength(1);
  });

  it('parses Page feed comments: add, reply, edit, remove, visitor posts; skips the Page itself and reactions', () => {
    const evs = parse(messengerAdapter, fixture('page_feed_comments.json'));
    const m = msgs(evs);
    expect(m.map((x) => x.externalId)).toEqual(['3000000001_4000000001', '3000000001_4000000002', '1000000001_3000000009']);
    expect(m[0]).toMatchObject({
      kind: 'comment',
      visibility: 'public',
      publicItemId: '1000000001_3000000001',
      from: { externalId: '2000000001', name: 'Ana Lima' },
      networkTs: 1767225590000,
      replyToExternalId: undefined,
    });
    expect(m[1]!.replyToExternalId).toBe('3000000001_4000000001');
    expect(m[2]).toMatchObject({ kind: 'comment', publicItemId: '1000000001_3000000009', text: 'Are you open on Sunday?' });
    expect(evs.filter((e) => e.type === 'edit')).toEqual([
      { type: 'edit', externalId: '3000000001_4000000001', text: 'My order never arrived (edited)', networkTs: 1767225599000 },
    ]);
    expect(evs.filter((e) => e.type === 'delete').map((e) => e.externalId)).toEqual(['3000000001_4000000002']);
  });

  it('throws a clear reason for broken payloads and the wrong object', () => {
    expect(() => parse(messengerAdapter, '{"entry": []}')).toThrow(/object/);
    expect(() => parse(messengerAdapter, '{"object":"instagram","entry":[]}')).toThrow(/expected "page"/);
    expect(() => parse(messengerAdapter, pageEnvelope({ sender: { id: '1' }, recipient: { id: '2' }, message: { text: 'no mid' } }))).toThrow(
      /entry\[0\]\.messaging\[0\]\.message\.mid/,
    );
    const badComment = {
      object: 'page',
      entry: [{ id: '1', changes: [{ field: 'feed', value: { item: 'comment', verb: 'add', post_id: '1_2', from: { id: '9' } } }] }],
    };
    expect(() => parse(messengerAdapter, JSON.stringify(badComment))).toThrow(/comment_id/);
    expect(parse(messengerAdapter, JSON.stringify({ object: 'page', entry: [{ id: '1', changes: [{ field: 'ratings', value: {} }] }] }))).toEqual([]);
  });
});

describe('Instagram parsing', () => {
  it('parses the documented comments template and the Chatwoot-derived DM samples', () => {
    const c = msgs(parse(instagramAdapter, shared('meta_instagram/comments.official_doc.template.json')));
    expect(c[0]).toMatchObject({
      externalId: '<COMMENT_ID>',
      kind: 'comment',
      publicItemId: '<MEDIA_ID>',
      from: { externalId: '<INSTAGRAM_SCOPED_USER_ID>', handle: '@<USERNAME>' },
      text: '<COMMENT_TEXT>',
    });
    for (const f of readdirSync(path.join(SHARED, 'chatwoot_factories')).filter((n) => n.startsWith('instagram_'))) {
      const body = JSON.stringify({ object: 'instagram', ...JSON.parse(shared(`chatwoot_factories/${f}`)) });
      expect(() => parse(instagramAdapter, body), f).not.toThrow();
    }
    const standby = msgs(
      parse(instagramAdapter, JSON.stringify({ object: 'instagram', ...JSON.parse(shared('chatwoot_factories/instagram_message_standby_event.json')) })),
    );
    expect(standby[0]!.text).toMatch(/standby/);
  });

  it('DMs: text, story reply, story mention, unsend → delete, seen → read, echo → outbound', () => {
    const evs = parse(instagramAdapter, fixture('instagram_messaging.json'));
    const m = msgs(evs);
    expect(m.map((x) => x.externalId)).toEqual(['aWdfZAG1faXRlbTox1', 'aWdfZAG1faXRlbTox2', 'aWdfZAG1faXRlbTox3', 'aWdfZAG1faXRlbTox5']);
    expect(m[1]!.attachments).toContainEqual({
      type: 'story_reply',
      url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1',
      name: '17900000000000001',
    });
    expect(m[2]!.attachments[0]!.type).toBe('story_mention');
    expect(m[3]).toMatchObject({ direction: 'out', authorKind: 'outside', from: { externalId: '6000000001' } });
    expect(evs).toContainEqual({ type: 'delete', externalId: 'aWdfZAG1faXRlbTox1', networkTs: 1767225603000 });
    expect(evs).toContainEqual({ type: 'status', externalId: 'aWdfZAG1faXRlbTox9', status: 'read', networkTs: 1767225604000 });
  });

  it('comments: threaded per media; the account’s own comments and mentions (not yet supported) skipped', () => {
    const m = msgs(parse(instagramAdapter, fixture('instagram_comments.json')));
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ externalId: '17865799348089039', publicItemId: '17890000000000001', from: { externalId: '6000000001', handle: '@ana.lima' } });
  });
});

describe('WhatsApp parsing', () => {
  it('parses the documented text message', () => {
    const m = msgs(parse(whatsappAdapter, shared('whatsapp_cloud/messages_text_incoming.official_doc.json')));
    expect(m).toEqual([
      expect.objectContaining({
        externalId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        text: 'Does it come in another color?',
        from: { externalId: '16505551234', name: 'Sheena Nelson', handle: '+16505551234' },
        networkTs: 1749416383000,
      }),
    ]);
  });
  it('media, interactive replies, reactions, locations', () => {
    const m = msgs(parse(whatsappAdapter, fixture('whatsapp_messages.json')));
    expect(m.map((x) => [x.externalId, x.text])).toEqual([
      ['wamid.IMAGE1', 'The box was crushed'],
      ['wamid.BUTTON1', 'Yes, refund'],
      ['wamid.LIST1', 'Size M'],
      ['wamid.REACT1', '👍'],
      ['wamid.LOC1', 'Main store, 1 Hacker Way, Menlo Park, CA 94025'],
    ]);
    expect(m[0]!.attachments[0]).toMatchObject({ type: 'image', url: 'whatsapp-media:1003383421387256' });
    expect(m[1]!.replyToExternalId).toBe('wamid.OURS1');
    expect(m[3]!.replyToExternalId).toBe('wamid.OURS1');
    expect(m[4]!.attachments[0]!.url).toBe('geo:37.483307,-122.148981');
  });
  it('statuses sent/delivered/read/failed with the error code', () => {
    const s = parse(whatsappAdapter, fixture('whatsapp_statuses.json'));
    expect(s.map((e) => e.type === 'status' && e.status)).toEqual(['sent', 'delivered', 'read', 'failed']);
    expect(s[3]).toMatchObject({ externalId: 'wamid.OUT2', error: expect.stringMatching(/131047.*Re-engagement.*24 hours/) });
  });
  it('refuses a broken message with the field named', () => {
    const bad = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: [{ id: 'wamid.X', type: 'text' }] } }] }],
    };
    expect(() => parse(whatsappAdapter, JSON.stringify(bad))).toThrow(/messages\.0\.from/);
  });
});
