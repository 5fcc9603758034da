import http, { type ServerResponse } from 'node:http';

/**
 * The soak's ceiling: a bare node:http server that takes the same signed webhook POSTs and fans
 * each event out as one Server-Sent Events frame to the streams of its workspace — the least any
 * server must do to deliver the soak's traffic (parse the body, answer, frame and write to every
 * subscriber). No signature check, no database, no routing framework. BENCH_SSE_MAP (JSON) says
 * which bearer token belongs to which workspace, and which channel id feeds which workspace.
 */
const map = JSON.parse(process.env.BENCH_SSE_MAP ?? '{}') as { tokens: Record<string, number>; channels: Record<string, number> };
const streams = new Map<number, Set<ServerResponse>>();
let eventId = 0;

const server = http.createServer((req, res) => {
  const url = req.url ?? '';
  if (req.method === 'GET' && url.startsWith('/api/v1/stream')) {
    const ws = map.tokens[(req.headers.authorization ?? '').replace(/^Bearer /, '')];
    if (ws === undefined) {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(`event: ready\nid: ${eventId}\nretry: 2000\ndata: {"cursor":${eventId}}\n\n`);
    let set = streams.get(ws);
    if (!set) streams.set(ws, (set = new Set()));
    set.add(res);
    req.on('close', () => set.delete(res));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const ws = map.channels[url.replace('/webhooks/', '')];
    if (ws === undefined) {
      res.writeHead(404).end();
      return;
    }
    const ev = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, journalId: eventId + 1 }));
    const id = ++eventId;
    const view = { id, type: 'message.received', conversationId: null, actorUserId: null, data: { externalId: ev.id, kind: 'dm' }, createdAt: Date.now() };
    const frame = `event: message.received\nid: ${id}\ndata: ${JSON.stringify(view)}\n\n`;
    for (const s of streams.get(ws) ?? []) s.write(frame);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.send?.({ ready: true, port: typeof addr === 'object' && addr ? addr.port : 0 });
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('message', (m: { stop?: boolean }) => {
  if (m?.stop) stop();
});
process.on('disconnect', stop);
