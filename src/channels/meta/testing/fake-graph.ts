import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hmacHex, safeEqual } from '../../../lib/crypto.js';
import { GRAPH_VERSION, INSTAGRAM_MAX_BYTES, MESSENGER_MAX_LENGTH, WHATSAPP_MAX_LENGTH } from '../constants.js';
import { fakeWhatsAppMedia } from './fake-graph-media.js';
import { fakeGraphModeration } from './fake-graph-moderation.js';
import { fakeGraphUploads, parseGraphMultipart } from './fake-graph-uploads.js';

export interface GraphRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string;
  body: any;
}
type Answer = { status: number; body: unknown; headers?: Record<string, string> } | 'hang';

/**
 * A local stand-in for graph.facebook.com / graph.instagram.com that checks what Meta checks —
 * POST only, the path and API version, the Bearer access token, appsecret_proof, the Send API's
 * required fields (recipient, messaging_type, tag, message.text and its length), one private reply
 * per comment, WhatsApp's messaging_product/to/type/text.body — and answers with Meta's
 * documented error body {"error": {message, type, code, error_subcode?, error_data?, fbtrace_id}}.
 * `setResponder` lets a test script an answer (rate limit, blocked user, hang) before the checks pass it.
 */
export async function startFakeGraph(o: { token: string; appSecret: string; accounts: Record<string, 'messenger' | 'instagram' | 'whatsapp'> }) {
  const requests: GraphRequest[] = [];
  const privatelyAnswered = new Set<string>();
  /** Posts and media a test publishes, readable by GET /{id}?fields=… (e.g. the post a comment lives under). */
  const objects = new Map<string, { id: string; node: 'post' | 'media'; fields: Record<string, unknown> }>();
  /** WhatsApp message templates per WhatsApp Business Account id, as GET /{waba-id}/message_templates lists them (templates-sync.ts). */
  const templates = new Map<string, FakeTemplate[]>();
  /** Pages, Instagram accounts and WABAs an app is subscribed to (GET /{id}/subscribed_apps; channels check). */
  const subscribed = new Set<string>();
  let n = 0;
  let responder: (r: GraphRequest, n: number) => Answer | undefined = () => undefined;
  /** WhatsApp media by id: GET /{media-id} and the lookaside download, logged apart (fake-graph-media.ts). */
  const whatsappMedia = fakeWhatsAppMedia({ token: o.token, appSecret: o.appSecret });
  /** Outbound files: Messenger `filedata` uploads, WhatsApp /media and media messages (fake-graph-uploads.ts). */
  const uploads = fakeGraphUploads();
  /** Comments to moderate (hide, delete, like) and people blocked from Pages (fake-graph-moderation.ts). */
  const moderation = fakeGraphModeration();

  const handle = (r: GraphRequest): Answer => {
    if (r.method !== 'POST' && r.method !== 'GET' && r.method !== 'DELETE') return graphError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
    const token = r.authorization.replace(/^Bearer /, '');
    if (!token || !safeEqual(token, o.token)) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException');
    const proof = r.query.appsecret_proof ?? '';
    if (!safeEqual(proof, hmacHex(o.appSecret, o.token)))
      return graphError(400, 100, 'Invalid appsecret_proof provided in the API argument', 'GraphMethodException');
    if (r.method === 'GET') return listTemplates(r) ?? readAccount(r) ?? readObject(r);
    const moderated = moderation.handle(r, o.accounts);
    if (moderated) return moderated;
    if (r.method === 'DELETE') return graphError(400, 100, `Unsupported delete request.`);
    const upload = uploads.handle(r, o.accounts);
    if (upload) return upload;
    const m = new RegExp(`^/${GRAPH_VERSION}/([^/]+)/(messages|comments|replies)$`).exec(r.path);
    if (!m) return graphError(400, 100, `Unknown path components: ${r.path}`);
    const [, id, edge] = m as unknown as [string, string, string];
    const kind = o.accounts[id!];
    const b = r.body ?? {};
    if (edge === 'messages' && (kind === 'messenger' || kind === 'instagram')) return sendApi(kind, b);
    if (edge === 'messages' && kind === 'whatsapp') return whatsapp(b);
    if ((edge === 'comments' || edge === 'replies') && !kind) {
      if (typeof b.message !== 'string' || !b.message) return graphError(400, 100, '(#100) The parameter message is required');
      return { status: 200, body: { id: edge === 'comments' ? `${id}_${900 + ++n}` : `${17_900_000 + ++n}` } };
    }
    return graphError(
      400,
      100,
      `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      'GraphMethodException',
      33,
    );
  };

  // GET /{post-id} and /{media-id}?fields=…: only the fields asked for, and only fields the node type has.
  const readObject = (r: GraphRequest): Answer => {
    const m = new RegExp(`^/${GRAPH_VERSION}/([^/]+)$`).exec(r.path);
    const obj = m ? objects.get(decodeURIComponent(m[1]!)) : undefined;
    if (!obj)
      return graphError(
        400,
        100,
        `Unsupported get request. Object with ID '${m?.[1] ?? r.path}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
        'GraphMethodException',
        33,
      );
    const known = NODE_FIELDS[obj.node];
    const asked = (r.query.fields ?? 'id')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const bad = asked.find((f) => !known.includes(f));
    if (bad) return graphError(400, 100, `(#100) Tried accessing nonexisting field (${bad}) on node type (${obj.node === 'post' ? 'Post' : 'IGMedia'})`);
    return { status: 200, body: Object.fromEntries([['id', obj.id], ...asked.filter((f) => f in obj.fields).map((f) => [f, obj.fields[f]])]) };
  };

  const sendApi = (kind: 'messenger' | 'instagram', b: any): Answer => {
    const rcp = b.recipient ?? {};
    if (!rcp.id === !rcp.comment_id) return graphError(400, 100, '(#100) The parameter recipient is required');
    const text = b.message?.text;
    if (typeof text !== 'string' || !text) return graphError(400, 100, '(#100) The parameter message[text] is required');
    if (kind === 'messenger' && [...text].length > MESSENGER_MAX_LENGTH)
      return graphError(400, 100, `(#100) Length of param message[text] must be less than or equal to ${MESSENGER_MAX_LENGTH}`);
    if (kind === 'instagram' && Buffer.byteLength(text) > INSTAGRAM_MAX_BYTES) return graphError(400, 100, '(#100) Message text is too long');
    if (rcp.id) {
      if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(b.messaging_type)) return graphError(400, 100, '(#100) The parameter messaging_type is required');
      if (b.messaging_type === 'MESSAGE_TAG' && !['HUMAN_AGENT', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE'].includes(b.tag))
        return graphError(400, 100, '(#100) Param tag must be a valid message tag');
      return { status: 200, body: { recipient_id: rcp.id, message_id: `m_fake${++n}` } };
    }
    if (privatelyAnswered.has(rcp.comment_id)) return graphError(400, 10900, 'Activity already replied to');
    privatelyAnswered.add(rcp.comment_id);
    return { status: 200, body: { recipient_id: `psid-of-${rcp.comment_id}`, message_id: `m_fake${++n}` } };
  };

  const whatsapp = (b: any): Answer => {
    if (b.messaging_product !== 'whatsapp') return graphError(400, 100, '(#100) The parameter messaging_product is required.');
    if (typeof b.to !== 'string' || !b.to) return graphError(400, 100, '(#100) The parameter to is required.');
    if (b.type === 'template') return sendTemplate(b);
    const media = uploads.sendMedia(b);
    if (media) return media;
    if (b.type !== 'text') return graphError(400, 131051, 'Unsupported message type', 'OAuthException', undefined, 'Message type is not currently supported.');
    const body = b.text?.body;
    if (typeof body !== 'string' || !body)
      return graphError(400, 131008, 'Required parameter is missing', 'OAuthException', undefined, 'The parameter text[body] is required.');
    if ([...body].length > WHATSAPP_MAX_LENGTH)
      return graphError(
        400,
        100,
        'Invalid parameter',
        'OAuthException',
        undefined,
        `Param text['body'] must be at most ${WHATSAPP_MAX_LENGTH} characters long.`,
      );
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: b.to }], messages: [{ id: `wamid.FAKE${++n}` }] } };
  };

  // GET /{waba-id}/message_templates?fields=…&limit=…&after=…: Meta's paged list ({data, paging.cursors, paging.next}).
  const listTemplates = (r: GraphRequest): Answer | undefined => {
    const m = new RegExp(`^/${GRAPH_VERSION}/([^/]+)/message_templates$`).exec(r.path);
    if (!m) return undefined;
    const list = templates.get(decodeURIComponent(m[1]!));
    if (!list)
      return graphError(
        400,
        100,
        `Unsupported get request. Object with ID '${m[1]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        'GraphMethodException',
        33,
      );
    const fields = (r.query.fields ?? 'id,name,language,status,category').split(',').map((f) => f.trim());
    const bad = fields.find(
      (f) => !['id', 'name', 'language', 'status', 'category', 'components', 'parameter_format', 'quality_score', 'rejected_reason'].includes(f),
    );
    if (bad) return graphError(400, 100, `(#100) Tried accessing nonexisting field (${bad}) on node type (WhatsAppBusinessHSM)`);
    const limit = Math.min(Number(r.query.limit ?? 25) || 25, 100);
    const start = r.query.after ? Number(Buffer.from(r.query.after, 'base64url').toString()) : 0;
    const page = list.slice(start, start + limit).map((t) => Object.fromEntries(Object.entries(t).filter(([k]) => fields.includes(k))));
    const more = start + limit < list.length;
    const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
    return {
      status: 200,
      body: {
        data: page,
        paging: {
          cursors: { before: cursor(start), after: cursor(start + limit) },
          ...(more ? { next: `https://graph.facebook.com${r.path}?after=${cursor(start + limit)}` } : {}),
        },
      },
    };
  };

  // GET /me (the token's own Page or Instagram account), GET /{phone-number-id}, GET /{id}/subscribed_apps — what `channels check` asks.
  const readAccount = (r: GraphRequest): Answer | undefined => {
    const m = new RegExp(`^/${GRAPH_VERSION}/([^/]+)(/subscribed_apps)?$`).exec(r.path);
    if (!m) return undefined;
    const id = decodeURIComponent(m[1]!);
    if (m[2]) {
      if (!o.accounts[id] && !templates.has(id)) return undefined;
      return { status: 200, body: { data: subscribed.has(id) ? [{ id: '1234567890', name: 'Hearken', subscribed_fields: ['messages'] }] : [] } };
    }
    const own = id === 'me' ? Object.keys(o.accounts).find((k) => o.accounts[k] !== 'whatsapp') : o.accounts[id] === 'whatsapp' ? id : undefined;
    if (!own) return undefined;
    const kind = o.accounts[own];
    const all: Record<string, unknown> =
      kind === 'messenger'
        ? { id: own, name: 'Fake Shop Page' }
        : kind === 'instagram'
          ? { id: `17841${own}`, user_id: own, username: 'fakeshop' }
          : { id: own, display_phone_number: '+1 555-078-3881', verified_name: 'Fake Shop', quality_rating: 'GREEN' };
    const asked = (r.query.fields ?? 'id').split(',').map((f) => f.trim());
    const bad = asked.find((f) => !(f in all));
    if (bad)
      return graphError(
        400,
        100,
        `(#100) Tried accessing nonexisting field (${bad}) on node type (${kind === 'messenger' ? 'Page' : kind === 'instagram' ? 'User' : 'WhatsAppBusinessPhoneNumber'})`,
      );
    return { status: 200, body: Object.fromEntries(['id', ...asked].map((f) => [f, all[f]])) };
  };

  // type "template": the template must exist in that language, be approved, and get exactly its body parameters.
  const sendTemplate = (b: any): Answer => {
    const t = b.template ?? {};
    if (typeof t.name !== 'string' || !t.name || typeof t.language?.code !== 'string')
      return graphError(
        400,
        131008,
        'Required parameter is missing',
        'OAuthException',
        undefined,
        'The parameters template[name] and template[language][code] are required.',
      );
    const all = [...templates.values()].flat().filter((x) => x.name === t.name);
    const found = all.find((x) => x.language === t.language.code);
    if (!found)
      return graphError(
        404,
        132001,
        'Template name does not exist in the translation',
        'OAuthException',
        undefined,
        `template name (${t.name}) does not exist in ${t.language.code}`,
      );
    if (found.status === 'PAUSED')
      return graphError(400, 132015, 'Template is Paused', 'OAuthException', undefined, `Template ${t.name} is paused due to low quality.`);
    if (found.status === 'DISABLED')
      return graphError(400, 132016, 'Template is disabled', 'OAuthException', undefined, `Template ${t.name} has been disabled.`);
    if (found.status !== 'APPROVED')
      return graphError(
        404,
        132001,
        'Template name does not exist in the translation',
        'OAuthException',
        undefined,
        `template name (${t.name}) does not exist in ${t.language.code}`,
      );
    const bodyText = found.components.find((c) => c.type === 'BODY')?.text ?? '';
    const expected = new Set([...bodyText.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((x) => x[1])).size;
    const body = (Array.isArray(t.components) ? t.components : []).find((c: any) => String(c?.type).toLowerCase() === 'body');
    const given = Array.isArray(body?.parameters) ? body.parameters.length : 0;
    if (given !== expected)
      return graphError(
        400,
        132000,
        'Number of parameters does not match the expected number of params',
        'OAuthException',
        undefined,
        `body: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
      );
    if (body?.parameters?.some((p: any) => p?.type !== 'text' || typeof p.text !== 'string' || !p.text))
      return graphError(
        400,
        132012,
        'Parameter format does not match format in the created template',
        'OAuthException',
        undefined,
        'body: Format mismatch, expected TEXT',
      );
    return {
      status: 200,
      body: { messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: b.to }], messages: [{ id: `wamid.FAKE${++n}`, message_status: 'accepted' }] },
    };
  };

  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    // A multipart upload: its fields (JSON ones parsed) and files as the body.
    if (/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) body = await parseGraphMultipart(Buffer.concat(chunks), req.headers['content-type']!);
    const r: GraphRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: String(req.headers.authorization ?? ''),
      body,
    };
    if (whatsappMedia.serve(r, res)) return;
    requests.push(r);
    const out = responder(r, requests.length) ?? handle(r);
    if (out === 'hang') return;
    res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers }).end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/${GRAPH_VERSION}`,
    requests,
    objects,
    templates,
    subscribed,
    /** WhatsApp media a test publishes by id, and the lookups and downloads made of them. */
    media: whatsappMedia.media,
    mediaRequests: whatsappMedia.requests,
    /** WhatsApp media uploaded to POST /{phone-number-id}/media, by the id answered. */
    uploads: uploads.uploaded,
    /** Comments a test puts on the network, by comment id, with their moderation state; people blocked per Page. */
    comments: moderation.comments,
    blocked: moderation.blocked,
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

/** Fields a Graph GET may ask of each node type (the subset the fake knows; Meta's reference lists more). */
const NODE_FIELDS = {
  post: ['id', 'message', 'permalink_url', 'from', 'created_time', 'full_picture', 'story', 'status_type'],
  media: ['id', 'caption', 'permalink', 'media_url', 'media_type', 'thumbnail_url', 'timestamp', 'username', 'like_count', 'comments_count'],
};

/** A message template as the Business Management API returns it. */
export interface FakeTemplate {
  id: string;
  name: string;
  language: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  components: Array<{ type: string; text?: string; format?: string }>;
}

/** Meta's documented error body. */
export function graphError(
  status: number,
  code: number,
  message: string,
  type = 'OAuthException',
  subcode?: number,
  details?: string,
): { status: number; body: unknown } {
  return {
    status,
    body: {
      error: {
        message,
        type,
        code,
        ...(subcode ? { error_subcode: subcode } : {}),
        ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
        fbtrace_id: 'AbCdEfFakeTrace',
      },
    },
  };
}
