import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A local SMTP server that keeps what it receives (plain, 127.0.0.1, no auth): for system-mail tests. */
export async function startCaptureSmtp() {
  const received: Array<{ to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** Waits for a mail to `to` and answers the link in it (quoted-printable soft breaks undone). */
    async linkFor(to: string, path: string, timeoutMs = 5000): Promise<string> {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const m = received.find((r) => r.to.includes(to));
        if (m) {
          const body = m.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
          const found = new RegExp(`https?://[^\\s]*${path.replace(/\//g, '\\/')}#token=[A-Za-z0-9_%-]+`).exec(body);
          if (found) return found[0];
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no mail with a ${path} link for ${to}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
