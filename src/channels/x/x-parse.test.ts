import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countLength } from '../contract/capabilities.js';
import type { InboundMessage } from '../contract/inbound.js';
import { xAdapter } from './adapter.js';
import { oauthHeader, oauthSignature, parseOAuthHeader } from './oauth1.js';
import { verifyXSignature, xCrcHandshake, xHmac } from './webhook.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, 'fixtures', name), 'utf8');
const shared = (p: string) => readFileSync(path.join('/work/shared/data/webhooks', p), 'utf8');
const parse = (body: string) => xAdapter.parse({ headers: {}, body });

describe('OAuth 1.0a signing', () => {
  // X's "Creating a signature" walkthrough: the same request and keys, published signatures.
  const params: Array<[string, string]> = [
    ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
    ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
    ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', '1318622958'],
    ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'],
    ['oauth_version', '1.0'],
  ];
  const consumerSecret = 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw';
  const tokenSecret = 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE';
  it('matches the published test vectors', () => {
    expect(oauthSignature('POST', 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true', params, consumerSecret, tokenSecret)).toBe(
      'hCtSmYh+iHYCEqBWrE7C7hYmtUk=',
    );
    expect(oauthSignature('POST', 'https://api.twitter.com/1/statuses/update.json?include_entities=true', params, consumerSecret, tokenSecret)).toBe(
      'tnnArxj06cWHq44gCs1OSKk/jLY=',
    );
  });
  it('builds a header the verifier can parse back', () => {
    const h = oauthHeader(
      'GET',
      'https://api.x.com/2/users/1/mentions?since_id=5',
      { consumerKey: 'ck', consumerSecret: 'cs', token: 'tk', tokenSecret: 'ts' },
      { nonce: 'n1', timestamp: 1700000000 },
    );
    const p = parseOAuthHeader(h)!;
    expect(p).toMatchObject({
      oauth_consumer_key: 'ck',
      oauth_token: 'tk',
      oauth_nonce: 'n1',
      oauth_timestamp: '1700000000',
      oauth_signature_method: 'HMAC-SHA1',
    });
    const own = Object.entries(p).filter(([k]) => k !== 'oauth_signature') as Array<[string, string]>;
    expect(p.oauth_signature).toBe(oauthSignature('GET', 'https://api.x.com/2/users/1/mentions?since_id=5', own, 'cs', 'ts'));
  });
});

describe('X webhook security', () => {
  it('answers the CRC with sha256=base64(HMAC-SHA256(consumer secret, crc_token))', () => {
    const a = xCrcHandshake({ crc_token: 'challenge-123' }, { consumerSecret: 'consumer-secret' })!;
    expect(a.status).toBe(200);
    // HMAC-SHA256("consumer-secret", "challenge-123"), as `openssl dgst -sha256 -hmac consumer-secret -binary | base64` computes it.
    expect(JSON.parse(a.body)).toEqual({ response_token: 'sha256=+JKD3xCx1so7H9dYGqEd8qLRIIR3uCpi/4gsvLxmFd4=' });
    expect(xCrcHandshake({}, { consumerSecret: 's' })).toBeNull();
  });
  it('checks x-twitter-webhooks-signature over the raw body', () => {
    const body = '{"for_user_id":"1"}';
    expect(() => verifyXSignature({ headers: { 'x-twitter-webhooks-signature': xHmac('s1', body) }, body }, { consumerSecret: 's1' })).not.toThrow();
    expect(() => verifyXSignature({ headers: { 'x-twitter-webhooks-signature': xHmac('s2', body) }, body }, { consumerSecret: 's1' })).toThrow(
      /does not match/,
    );
    expect(() => verifyXSignature({ headers: {}, body }, { consumerSecret: 's1' })).toThrow(/missing/);
  });
});

describe('X parsing', () => {
  it('parses the shared documented payloads', () => {
    const [dm] = parse(shared('twitter_account_activity/direct_message_events.official_doc.json')) as InboundMessage[];
    expect(dm).toMatchObject({
      externalId: '954491830116155396',
      kind: 'dm',
      visibility: 'private',
      text: 'Hello World!',
      from: { externalId: '3001969357', name: 'Jordan Brinks', handle: '@furiouscamper' },
      networkTs: 1516403560557,
      direction: 'in',
    });
    expect(parse(shared('twitter_account_activity/tweet_delete_events.official_doc.json'))).toEqual([
      { type: 'delete', externalId: '1045405559317569537', networkTs: 1432228155593 },
    ]);
    for (const f of [
      'direct_message_indicate_typing_events.official_doc.json',
      'direct_message_mark_read_events.official_doc.json',
      'user_event_revoke.official_doc.json',
    ])
      expect(parse(shared(`twitter_account_activity/${f}`)), f).toEqual([]);
    const [t] = parse(shared('chatwoot_factories/twitter_tweet_create_event.json')) as InboundMessage[];
    expect(t).toMatchObject({
      externalId: '1',
      kind: 'mention',
      visibility: 'public',
      publicItemId: '1',
      text: '@chatwootapp Testing a sample tweet with Twitter client',
      from: { externalId: '2', handle: '@surveyjoyHQ' },
      networkTs: Date.parse('2020-02-05T08:39:31Z'),
    });
    expect((parse(shared('chatwoot_factories/twitter_message_create_event.json'))[0] as InboundMessage).text).toBe('Blue Bird');
    // The documented envelope has a placeholder where the Tweet goes: a broken payload, with a clear reason.
    expect(() => parse(shared('twitter_account_activity/tweet_create_events_mention.envelope.official_doc.json'))).toThrow(/tweet_create_events\[0\]/);
  });
  it("mentions: extended text and media, echoes of the account's own replies, retweets skipped, replies threaded by the post answered", () => {
    const m = parse(fixture('tweet_create_mentions.json')) as InboundMessage[];
    expect(m.map((x) => x.externalId)).toEqual(['1860000000000000001', '1860000000000000002', '1860000000000000004']);
    expect(m[0]).toMatchObject({
      publicItemId: '1860000000000000001',
      direction: 'in',
      attachments: [{ type: 'image', url: 'https://pbs.twimg.com/media/FakeBrokenBox.jpg' }],
      networkTs: 1732352400000,
    });
    expect(m[0]!.text).toMatch(/What are you going to do about it\?/);
    expect(m[1]).toMatchObject({
      direction: 'out',
      authorKind: 'outside',
      from: { externalId: '3001969357', handle: '@furiouscamper' },
      publicItemId: '1860000000000000001',
      replyToExternalId: '1860000000000000001',
    });
    expect(m[2]).toMatchObject({ publicItemId: '1860000000000000001', references: ['1860000000000000001'], from: { externalId: '4337869213' } });
    const [echo] = parse(fixture('direct_message_echo.json')) as InboundMessage[];
    expect(echo).toMatchObject({ direction: 'out', authorKind: 'outside', from: { externalId: '3001969357', name: 'Jordan Brinks' } });
    expect(parse(fixture('favorite_follow.json'))).toEqual([]);
  });
  it("parses the poller's v2 answers with the same ids and conversation ids", () => {
    const v2 = JSON.parse(fixture('v2_mentions.json'));
    const m = parse(JSON.stringify({ x_poll: 'mentions', for_user_id: '2244994945', ...v2 })) as InboundMessage[];
    expect(m[0]).toMatchObject({
      externalId: '1860000000000000006',
      publicItemId: '1860000000000000001',
      references: ['1860000000000000002'],
      from: { externalId: '3001969357', handle: '@furiouscamper' },
    });
    expect(m[1]).toMatchObject({ publicItemId: '1860000000000000005', from: { name: 'Le Braat' } });
    const dms = parse(
      JSON.stringify({
        x_poll: 'dm_events',
        for_user_id: '2244994945',
        data: [
          { id: '77', event_type: 'MessageCreate', text: 'hi', sender_id: '2244994945', dm_conversation_id: '2244994945-3001969357' },
          { id: '78', event_type: 'ParticipantsJoin' },
        ],
      }),
    ) as InboundMessage[];
    expect(dms).toEqual([
      expect.objectContaining({ externalId: '77', direction: 'out', from: { externalId: '3001969357', name: undefined, handle: undefined } }),
    ]);
    expect(() => parse('{"x_poll":"mentions","for_user_id":"1","data":[{"id":"x"}]}')).toThrow(/data\[0\]/);
    expect(() => parse('[1]')).toThrow(/JSON object/);
  });
});

describe('X weighted length (twitter-text v3, conformance/validate.yml cases)', () => {
  const cases: Array<[string, number]> = [
    ['This is a test.', 15],
    ['Test https://test.com test https://test.com test.com test', 86],
    ['故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。'.repeat(5), 320],
    ['😷'.repeat(160), 320],
    ['ÁB', 2],
    ['Unicode 9.0 emoji: 🤠; 💃; 💃🏾', 29],
    [`${'https://www.twitter.com/aloha '.repeat(10)}`, 240],
  ];
  it.each(cases)('%#: counts like X', (text, expected) => expect(countLength(text, 'twitter-weighted')).toBe(expected));
});
