import http from 'node:http';

/**
 * The HTTP ceiling: a bare node:http handler that reads the whole body and answers with a small
 * JSON, as the receiver does, but does nothing else (no routing, no signature, no database).
 * Runs as a child process like the Hearken server, so both get the same share of the machine.
 */
let n = 0;
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, journalId: ++n, bytes: body.length }));
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.send?.({ ready: true, port: typeof addr === 'object' && addr ? addr.port : 0 });
});
process.on('message', (m: { stop?: boolean }) => {
  if (m?.stop) server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
