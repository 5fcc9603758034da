import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyBody } from '../channels/api/signature.js';

export interface ReceivedCallback {
  idempotencyKey: string;
  body: any;
}

/**
 * A local stand-in for a custom source's callback endpoint that checks what a real receiver
 * would: the Hearken signature, the idempotency key (a retry with a known key is acknowledged,
 * not accepted twice). `respond` lets a test script failures.
 */
export async function startFakeCallback(secret: () => string) {
  const accepted = new Map<string, ReceivedCallback>();
  const requests: ReceivedCallback[] = [];
  let respond: (r: ReceivedCallback, n: number) => { status: number; body?: unknown } | 'hang' = () => ({ status: 200 });
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    try {
      verifyBody(secret(), headers, raw, Date.now());
    } catch (e) {
      res.writeHead(401).end(JSON.stringify({ error: (e as Error).message }));
      return;
    }
    const r: ReceivedCallback = { idempotencyKey: headers['idempotency-key'] ?? '', body: JSON.parse(raw) };
    requests.push(r);
    const out = respond(r, requests.length);
    if (out === 'hang') return; // never answer: the sender times out
    if (out.status >= 200 && out.status < 300) {
      const prev = accepted.get(r.idempotencyKey);
      if (!prev) accepted.set(r.idempotencyKey, r);
    }
    res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.body ?? { id: `net-${r.idempotencyKey}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    accepted,
    requests,
    setResponder(fn: typeof respond) {
      respond = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
