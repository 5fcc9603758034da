import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twitterText from 'twitter-text';
import { safeEqual } from '../../../lib/crypto.js';
import { OAUTH_TIMESTAMP_TOLERANCE_S, X_MAX_WEIGHTED_LENGTH } from '../constants.js';
import { oauthSignature, parseOAuthHeader, type OAuth1Credentials } from '../oauth1.js';

export interface XRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
}
type Answer = { status: number; body: unknown; headers?: Record<string, string> } | 'hang';
export interface FakeTweet {
  id: string;
  text: string;
  author_id: string;
  conversation_id: string;
  created_at: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: Array<{ type: string; id: string }>;
}
export interface FakeDm {
  id: string;
  event_type: 'MessageCreate';
  text: string;
  sender_id: string;
  dm_conversation_id: string;
  created_at: string;
}

/**
 * A local stand-in for api.x.com/2 that checks what X checks — an OAuth 1.0a user-context
 * signature recomputed from the request (consumer key, token, timestamp window, nonce reuse),
 * the paths, the JSON bodies (text required, 280 weighted characters, reply target visible),
 * duplicate posts, DMs closed by the recipient, the mentions timeline for the authenticated
 * user only — and answers with X's problem objects {"title","detail","type","status"}.
 */
export async function startFakeX(o: { creds: OAuth1Credentials; userId: string }) {
  const requests: XRequest[] = [];
  const tweets = new Map<string, FakeTweet>();
  const dms: FakeDm[] = [];
  const users = new Map<string, { id: string; name: string; username: string }>();
  const dmClosed = new Set<string>();
  /** Photos attached to a tweet (by tweet id), returned by lookup with expansions=attachments.media_keys. */
  const tweetMedia = new Map<string, Array<{ media_key: string; type: string; url?: string; preview_image_url?: string }>>();
  const nonces = new Set<string>();
  /** Replies the account hid (PUT /2/tweets/:id/hidden), and posts it liked (POST /2/users/:id/likes). */
  const hidden = new Set<string>();
  const liked = new Set<string>();
  let seq = 1_900_000_000_000_000_000n;
  let responder: (r: XRequest, n: number) => Answer | undefined = () => undefined;
  let origin = '';

  const problem = (status: number, title: string, detail: string, type = 'about:blank', headers?: Record<string, string>): Answer => ({
    status,
    body: { title, detail, type, status },
    headers,
  });
  const unauthorized = () => problem(401, 'Unauthorized', 'Unauthorized');
  const nextId = () => String(++seq);

  const authOk = (req: IncomingMessage, url: URL): boolean => {
    const p = parseOAuthHeader(String(req.headers.authorization ?? ''));
    if (!p || p.oauth_signature_method !== 'HMAC-SHA1' || p.oauth_version !== '1.0') return false;
    if (!safeEqual(p.oauth_consumer_key ?? '', o.creds.consumerKey) || !safeEqual(p.oauth_token ?? '', o.creds.token)) return false;
    if (Math.abs(Number(p.oauth_timestamp) - Date.now() / 1000) > OAUTH_TIMESTAMP_TOLERANCE_S) return false;
    if (!p.oauth_nonce || nonces.has(p.oauth_nonce)) return false;
    nonces.add(p.oauth_nonce);
    const params = Object.entries(p).filter(([k]) => k.startsWith('oauth_') && k !== 'oauth_signature') as Array<[string, string]>;
    return safeEqual(
      p.oauth_signature ?? '',
      oauthSignature(req.method ?? 'GET', `${origin}${url.pathname}${url.search}`, params, o.creds.consumerSecret, o.creds.tokenSecret),
    );
  };

  const invalidRequest = (message: string): Answer => ({
    status: 400,
    body: {
      errors: [{ message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
  });

  // Hide replies: only a reply, only in a conversation the authenticated user started; `hidden` a boolean.
  const hideReply = (id: string, b: any): Answer => {
    const tw = tweets.get(id);
    if (!tw) return problem(404, 'Not Found Error', `Could not find tweet with id: [${id}].`, 'https://api.twitter.com/2/problems/resource-not-found');
    if (typeof b?.hidden !== 'boolean') return invalidRequest('hidden: must be a boolean');
    const root = tweets.get(tw.conversation_id);
    const isReply = tw.referenced_tweets?.some((x) => x.type === 'replied_to') ?? tw.id !== tw.conversation_id;
    if (!isReply || root?.author_id !== o.userId)
      return problem(403, 'Forbidden', 'You cannot hide or unhide a Tweet that is not a reply to a conversation you started.');
    if (b.hidden) hidden.add(id);
    else hidden.delete(id);
    return { status: 200, body: { data: { hidden: b.hidden } } };
  };

  const handle = (r: XRequest): Answer => {
    const hide = /^\/2\/tweets\/(\d+)\/hidden$/.exec(r.path);
    if (hide && r.method === 'PUT') return hideReply(hide[1]!, r.body);
    const like = /^\/2\/users\/(\d+)\/likes$/.exec(r.path);
    if (like && r.method === 'POST') {
      if (like[1] !== o.userId) return problem(403, 'Forbidden', 'You are not permitted to perform this action.');
      const id = r.body?.tweet_id;
      if (typeof id !== 'string' || !/^\d+$/.test(id)) return invalidRequest('tweet_id: must be a numeric string');
      if (!tweets.has(id))
        return problem(404, 'Not Found Error', `Could not find tweet with id: [${id}].`, 'https://api.twitter.com/2/problems/resource-not-found');
      liked.add(id);
      return { status: 200, body: { data: { liked: true } } };
    }
    if (r.method === 'POST' && r.path === '/2/tweets') {
      const text = r.body?.text;
      if (typeof text !== 'string' || !text)
        return {
          status: 400,
          body: {
            errors: [{ message: 'text: must not be empty' }],
            title: 'Invalid Request',
            detail: 'One or more parameters to your request was invalid.',
            type: 'https://api.twitter.com/2/problems/invalid-request',
          },
        };
      if (twitterText.parseTweet(text).weightedLength > X_MAX_WEIGHTED_LENGTH)
        return problem(
          403,
          'Forbidden',
          'Your Tweet text is too long. For more information on how X determines text length see https://github.com/twitter/twitter-text.',
        );
      const replyTo = r.body?.reply?.in_reply_to_tweet_id;
      const parent = replyTo ? tweets.get(String(replyTo)) : undefined;
      if (replyTo && !parent)
        return {
          status: 400,
          body: {
            errors: [{ message: `reply.in_reply_to_tweet_id: ${replyTo} is not visible or does not exist` }],
            title: 'Invalid Request',
            detail: 'One or more parameters to your request was invalid.',
            type: 'https://api.twitter.com/2/problems/invalid-request',
          },
        };
      if ([...tweets.values()].some((t) => t.author_id === o.userId && t.text === text))
        return problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
      const id = nextId();
      tweets.set(id, {
        id,
        text,
        author_id: o.userId,
        conversation_id: parent?.conversation_id ?? id,
        created_at: new Date().toISOString(),
        in_reply_to_user_id: parent?.author_id,
        referenced_tweets: parent ? [{ type: 'replied_to', id: parent.id }] : undefined,
      });
      return { status: 201, body: { data: { id, text, edit_history_tweet_ids: [id] } } };
    }
    const dm = /^\/2\/dm_conversations\/with\/(\d+)\/messages$/.exec(r.path);
    if (r.method === 'POST' && dm) {
      const to = dm[1]!;
      if (typeof r.body?.text !== 'string' || !r.body.text)
        return {
          status: 400,
          body: {
            errors: [{ message: 'text: must not be empty' }],
            title: 'Invalid Request',
            detail: 'One or more parameters to your request was invalid.',
            type: 'https://api.twitter.com/2/problems/invalid-request',
          },
        };
      if (dmClosed.has(to)) return problem(403, 'Forbidden', 'You cannot send messages to this user.');
      const id = nextId();
      const conv = [o.userId, to].sort().join('-');
      dms.unshift({ id, event_type: 'MessageCreate', text: r.body.text, sender_id: o.userId, dm_conversation_id: conv, created_at: new Date().toISOString() });
      return { status: 201, body: { data: { dm_conversation_id: conv, dm_event_id: id } } };
    }
    const lookup = /^\/2\/tweets\/(\d+)$/.exec(r.path);
    if (r.method === 'GET' && lookup) {
      // Tweet lookup: a missing tweet is HTTP 200 with an errors entry, as X answers it.
      const tw = tweets.get(lookup[1]!);
      if (!tw)
        return {
          status: 200,
          body: {
            errors: [
              {
                value: lookup[1],
                detail: `Could not find tweet with id: [${lookup[1]}].`,
                title: 'Not Found Error',
                resource_type: 'tweet',
                parameter: 'id',
                resource_id: lookup[1],
                type: 'https://api.twitter.com/2/problems/resource-not-found',
              },
            ],
          },
        };
      const fields = new Set((r.query['tweet.fields'] ?? '').split(','));
      const exp = new Set((r.query.expansions ?? '').split(','));
      const data: Record<string, unknown> = { id: tw.id, text: tw.text, edit_history_tweet_ids: [tw.id] };
      for (const f of ['author_id', 'conversation_id', 'created_at', 'in_reply_to_user_id', 'referenced_tweets'] as const)
        if (fields.has(f) && tw[f] !== undefined) data[f] = tw[f];
      const media = tweetMedia.get(tw.id);
      if (media && fields.has('attachments')) data.attachments = { media_keys: media.map((x) => x.media_key) };
      const includes: Record<string, unknown> = {};
      if (exp.has('author_id') && users.get(tw.author_id)) includes.users = [users.get(tw.author_id)];
      if (exp.has('attachments.media_keys') && media) includes.media = media;
      return { status: 200, body: { data, ...(Object.keys(includes).length ? { includes } : {}) } };
    }
    // The authenticated user (`channels check`): X's user object for the token's account.
    if (r.method === 'GET' && r.path === '/2/users/me')
      return { status: 200, body: { data: users.get(o.userId) ?? { id: o.userId, name: 'Acme', username: 'acme' } } };
    const mentions = /^\/2\/users\/(\d+)\/mentions$/.exec(r.path);
    if (r.method === 'GET' && mentions) {
      if (mentions[1] !== o.userId) return problem(403, 'Forbidden', 'You can only read the mentions of the authenticated user with user context.');
      const since = r.query.since_id ? BigInt(r.query.since_id) : 0n;
      const max = Number(r.query.max_results ?? 10);
      const all = [...tweets.values()]
        .filter((t) => t.text.includes(`@${users.get(o.userId)?.username ?? ''}`) && t.author_id !== o.userId && BigInt(t.id) > since)
        .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
      const start = Number(r.query.pagination_token ?? 0);
      const page = all.slice(start, start + max);
      if (!page.length) return { status: 200, body: { meta: { result_count: 0 } } };
      const next = start + max < all.length ? String(start + max) : undefined;
      return {
        status: 200,
        body: {
          data: page,
          includes: { users: [...new Set(page.map((t) => t.author_id))].map((id) => users.get(id)).filter(Boolean) },
          meta: { result_count: page.length, newest_id: page[0]!.id, oldest_id: page.at(-1)!.id, ...(next ? { next_token: next } : {}) },
        },
      };
    }
    if (r.method === 'GET' && r.path === '/2/dm_events') {
      const max = Number(r.query.max_results ?? 100);
      const start = Number(r.query.pagination_token ?? 0);
      const page = dms.slice(start, start + max);
      const next = start + max < dms.length ? String(start + max) : undefined;
      return {
        status: 200,
        body: {
          ...(page.length ? { data: page } : {}),
          includes: { users: [...new Set(page.map((e) => e.sender_id))].map((id) => users.get(id)).filter(Boolean) },
          meta: { result_count: page.length, ...(next ? { next_token: next } : {}) },
        },
      };
    }
    return problem(404, 'Not Found Error', `Could not find ${r.method} ${r.path}`, 'https://api.twitter.com/2/problems/resource-not-found');
  };

  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', origin);
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const r: XRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body };
    requests.push(r);
    const out = responder(r, requests.length) ?? (authOk(req, url) ? handle(r) : unauthorized());
    if (out === 'hang') return;
    res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers }).end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}/2`,
    requests,
    tweets,
    tweetMedia,
    hidden,
    liked,
    dms,
    users,
    dmClosed,
    problem,
    nextId,
    setResponder(fn: typeof responder) {
      responder = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
