import { ImapFlow } from 'imapflow';
import type { ChannelAccess, JournalContext } from '../contract/context.js';
import { parseJson } from '../../lib/json.js';
import { BACKFILL_DAYS, MAX_MESSAGES_PER_POLL } from './constants.js';
import { extractMail, journalBody } from './extract.js';

export interface EmailPollResult {
  fetched: number;
  skipped?: string;
  error?: string;
}

/**
 * Reads new mail from the mailbox by IMAP (imapflow): UIDs above the last one journaled under the
 * mailbox's current UIDVALIDITY, oldest first, at most MAX_MESSAGES_PER_POLL. Each message is
 * journaled (raw source + extraction) together with its UID cursor in ONE transaction, so a crash
 * loses nothing and repeats nothing; the Message-ID dedupes anything fetched again. On the first
 * poll, or when UIDVALIDITY changed (the server renumbered the mailbox), mail of the last
 * BACKFILL_DAYS days is read. The mailbox is opened read-only: flags are never changed.
 */
export async function pollOnce(ctx: JournalContext, ch: ChannelAccess): Promise<EmailPollResult> {
  const channel = ch.row;
  if (channel.status !== 'active') return { fetched: 0, skipped: 'channel is disabled' };
  const s = ch.settings as Record<string, any>;
  const pass = ch.secrets.password;
  if (!pass) return { fetched: 0, error: 'channel has no mailbox password' };
  const client = new ImapFlow({
    host: s.imapHost,
    port: s.imapPort,
    secure: s.imapSecurity === 'tls',
    doSTARTTLS: s.imapSecurity === 'starttls' ? true : s.imapSecurity === 'none' ? false : undefined,
    auth: { user: s.username ?? s.address, pass },
    logger: false,
    connectionTimeout: ctx.timeoutMs,
    greetingTimeout: ctx.timeoutMs,
    socketTimeout: ctx.timeoutMs * 3,
  });
  client.on('error', () => {}); // surfaced by the awaited calls below
  let fetched = 0;
  try {
    await client.connect();
  } catch (err) {
    const e = err as { authenticationFailed?: boolean; responseText?: string; message: string; code?: string };
    return {
      fetched: 0,
      error: e.authenticationFailed
        ? `the IMAP server refused the login${e.responseText ? `: ${e.responseText}` : ''}`
        : `IMAP server unreachable: ${e.message}${e.code ? ` (${e.code})` : ''}`,
    };
  }
  try {
    const mailbox = String(s.mailbox ?? 'INBOX');
    const mb = await client.mailboxOpen(mailbox, { readOnly: true });
    const uidValidity = String(mb.uidValidity);
    const known = s.imapUidValidity === uidValidity && typeof s.imapLastUid === 'number';
    let uids: number[];
    if (known) {
      const last = s.imapLastUid as number;
      uids =
        mb.uidNext !== undefined && mb.uidNext <= last + 1
          ? []
          : ((await client.search({ uid: `${last + 1}:*` }, { uid: true })) || []).filter((u) => u > last);
    } else {
      uids = (await client.search({ since: new Date(ctx.now() - BACKFILL_DAYS * 86_400_000) }, { uid: true })) || [];
    }
    uids.sort((a, b) => a - b);
    for (const uid of uids.slice(0, MAX_MESSAGES_PER_POLL)) {
      const msg = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (!msg || !msg.source) continue;
      const mail = await extractMail(msg.source);
      const body = journalBody({ self: String(s.address), mailbox, uidValidity, uid, raw: msg.source, mail });
      await ctx.db.transaction().execute(async (tx) => {
        await ctx.journal(tx, {
          workspaceId: channel.workspace_id,
          channelId: channel.id,
          headers: { 'x-hearken-source': 'imap' },
          body,
          receivedAt: ctx.now(),
        });
        const row = await tx.selectFrom('channels').select('settings').where('id', '=', channel.id).executeTakeFirstOrThrow();
        await tx
          .updateTable('channels')
          .set({ settings: JSON.stringify({ ...parseJson<Record<string, unknown>>(row.settings, {}), imapUidValidity: uidValidity, imapLastUid: uid }) })
          .where('id', '=', channel.id)
          .execute();
      });
      fetched++;
    }
    // Nothing new after a (re)start: still remember where the mailbox stands.
    if (!known && !uids.length) {
      const row = await ctx.db.selectFrom('channels').select('settings').where('id', '=', channel.id).executeTakeFirstOrThrow();
      await ctx.db
        .updateTable('channels')
        .set({
          settings: JSON.stringify({
            ...parseJson<Record<string, unknown>>(row.settings, {}),
            imapUidValidity: uidValidity,
            imapLastUid: Math.max(0, (mb.uidNext ?? 1) - 1),
          }),
        })
        .where('id', '=', channel.id)
        .execute();
      ctx.channelChanged(channel.id);
    }
    if (fetched) ctx.wakeIntake();
    return { fetched };
  } catch (err) {
    return { fetched, error: `IMAP: ${(err as Error).message}` };
  } finally {
    // The cursor is in the settings: once per poll, not per message (see channel-admin/directory.ts).
    if (fetched) ctx.channelChanged(channel.id);
    await client.logout().catch(() => client.close());
  }
}
