import type { AddressInfo } from 'node:net';
import hoodiecrow from 'hoodiecrow-imap';
import { ImapFlow } from 'imapflow';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * Real mail servers in-process, for tests: an SMTP server (smtp-server, the library behind many
 * production MTAs in Node) that checks AUTH and answers with real SMTP reply codes, and an IMAP
 * server (hoodiecrow-imap, a scriptable IMAP4rev1 server for client tests) holding one mailbox.
 * Plain connections (security "none"): these listen on 127.0.0.1 only.
 */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export async function startTestSmtp(o: { user: string; pass: string }) {
  const received: ReceivedMail[] = [];
  const rejectRcpt = new Map<string, { code: number; text: string }>();
  let onData: ((n: number) => { code: number; text: string } | undefined) | undefined;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === o.user && auth.password === o.pass) return cb(null, { user: auth.username });
      const e = Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 });
      cb(e);
    },
    onRcptTo(address, _session, cb) {
      const r = rejectRcpt.get(address.address.toLowerCase());
      if (r) return cb(Object.assign(new Error(r.text), { responseCode: r.code }));
      cb();
    },
    onData(stream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const scripted = onData?.(received.length + 1);
        if (scripted) return cb(Object.assign(new Error(scripted.text), { responseCode: scripted.code }));
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    rejectRcpt,
    setOnData(fn: typeof onData) {
      onData = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startTestImap(o: { user: string; pass: string }) {
  const server = hoodiecrow({
    users: { [o.user]: { password: o.pass } },
    plugins: ['ID', 'IDLE', 'UNSELECT', 'LITERALPLUS', 'SASL-IR', 'AUTH-PLAIN'],
    storage: { INBOX: { messages: [] }, '': { separator: '/', folders: {} } },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  /** Delivers a message into INBOX the way an MTA would (IMAP APPEND). */
  async function deliver(raw: string) {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user: o.user, pass: o.pass }, logger: false });
    await c.connect();
    await c.append('INBOX', raw, [], new Date());
    await c.logout();
  }
  return {
    port,
    deliver,
    /** Simulates the server renumbering the mailbox (a restore, a migration). */
    bumpUidValidity() {
      const f = server.folderCache.INBOX!;
      f.uidvalidity += 1;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
