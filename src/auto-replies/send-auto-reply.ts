import type { App } from '../app.js';
import { reply } from '../conversations/reply.js';
import { channelTimeline, loadHoursRows } from '../hours/load-schedules.js';
import { analyzeMessage } from '../enrich/analyze.js';
import { TROLL_LEANING } from '../enrich/troll.js';
import { AppError } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { customerText, isDefaultText, pickLanguage } from '../lib/customer-texts/index.js';
import { replyLanguage } from '../conversations/reply-language.js';
import { workspaceLanguage } from '../workspaces/workspace-language.js';
import { newId } from '../lib/ids.js';
import { messageTime } from '../metrics/timeline.js';
import { fillTemplate, isOpenAt, nextOpening, renderHours, renderWhen, versionAt } from './render.js';
import { settingsFor } from './settings.js';

/** Messages older than this get no auto-reply: backfills, imports and a worker that was down. */
export const MAX_AGE_MS = 15 * 60_000;

export type AutoReplyOutcome = { sent: 'ack' | 'away'; messageId: string } | { skipped: string };

/**
 * Decides and sends the auto-reply (if any) for one customer message (rules: docs/sla.md):
 * during business hours an acknowledgement to the customer's first message of the conversation
 * (or of a reopen); outside them an away message with the opening hours, once per closed period.
 * Each is claimed in auto_reply_sends before it is queued, so it is sent at most once per
 * conversation and period however many messages the customer writes or workers run; it goes
 * through the normal reply command (capabilities, message window, privacy guard), and so through
 * the outbox door (outbox/queue-outbound.ts), with author kind `automation`, which never counts
 * as a response.
 */
export async function sendAutoReply(app: App, input: { workspaceId: string; conversationId: string; messageId: string }): Promise<AutoReplyOutcome> {
  const db = app.store.db;
  const now = app.now();
  const msg = await db.selectFrom('messages').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.messageId).executeTakeFirst();
  if (!msg || msg.direction !== 'in' || msg.conversation_id !== input.conversationId) return { skipped: 'not a customer message' };
  const conv = await db.selectFrom('conversations').selectAll().where('id', '=', msg.conversation_id).executeTakeFirstOrThrow();
  const { settings } = await settingsFor(db, input.workspaceId, conv.channel_id);
  if (!settings.enabled) return { skipped: 'auto-replies are off' };
  const at = messageTime(msg);
  if (now - at > MAX_AGE_MS) return { skipped: 'message too old' };
  if (conv.visibility === 'public' && !settings.publicReplies) return { skipped: 'public item' };
  // Answering a troll automatically feeds it; a person decides. The stored analysis when triage
  // has run, else the same analysis here (this job may run before the enrichment worker).
  const troll = parseJson<{ troll?: { score?: number } } | null>(msg.analysis, null)?.troll?.score ?? analyzeMessage(msg.body ?? '').troll.score;
  if (troll >= TROLL_LEANING) return { skipped: 'troll' };
  // A person (or the brand on the network) already answered: nothing to acknowledge.
  const answered = await db
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', conv.id)
    .where('direction', '=', 'out')
    .where('author_kind', 'in', ['human', 'outside'])
    .where('created_at', '>=', msg.created_at)
    .executeTakeFirst();
  if (answered) return { skipped: 'already answered' };

  const versions = channelTimeline(await loadHoursRows(db, input.workspaceId), conv.channel_id);
  // Hearken's own default text is written in the customer's language; a text the team wrote is
  // theirs, and its {{variables}} follow the workspace's language (lib/customer-texts).
  const customerLang = await replyLanguage(db, conv, { text: msg.body });
  const teamLang = pickLanguage(await workspaceLanguage(db, input.workspaceId));
  const own = (key: 'autoReply.acknowledge' | 'autoReply.away', text: string) =>
    isDefaultText(key, text) ? { text: customerText(key, customerLang), lang: customerLang } : { text, lang: teamLang };
  let lang = teamLang;
  let kind: 'ack' | 'away';
  let periodKey: string;
  let text: string;
  if (isOpenAt(versions, at)) {
    if (!settings.acknowledge.enabled) return { skipped: 'acknowledgement off' };
    // The customer's first message of the conversation, or of its latest reopen.
    const reopen = await db
      .selectFrom('events')
      .select('created_at')
      .where('conversation_id', '=', conv.id)
      .where('type', '=', 'conversation.reopened')
      .where('created_at', '<=', msg.received_at)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const cycleStart = reopen?.created_at ?? 0;
    const earlier = await db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', conv.id)
      .where('direction', '=', 'in')
      .where('received_at', '>=', cycleStart)
      .where((eb) => eb.or([eb('received_at', '<', msg.received_at), eb.and([eb('received_at', '=', msg.received_at), eb('id', '<', msg.id)])]))
      .executeTakeFirst();
    if (earlier) return { skipped: 'not the first message' };
    kind = 'ack';
    periodKey = `cycle:${cycleStart}`;
    ({ text, lang } = own('autoReply.acknowledge', settings.acknowledge.text));
  } else {
    if (!settings.away.enabled) return { skipped: 'away message off' };
    const opens = nextOpening(versions, at);
    const v = versionAt(versions, at)!;
    kind = 'away';
    periodKey = `until:${opens ?? 'never'}`;
    ({ text, lang } = own('autoReply.away', settings.away.text));
    text = fillTemplate(text, {
      hours: renderHours(v, lang),
      nextOpen: opens === null ? customerText('autoReply.asSoonAsWeCan', lang) : renderWhen(opens, versionAt(versions, opens)!.timeZone, at, lang),
      links: settings.away.links,
    });
  }
  if (kind === 'ack')
    text = fillTemplate(text, {
      hours: versions.length ? renderHours(versionAt(versions, at)!, lang) : customerText('autoReply.aroundTheClock', lang),
      nextOpen: customerText('autoReply.now', lang),
      links: [],
    });

  // Claim first: a crash between claim and queue loses one auto-reply rather than sending two.
  const claimId = newId(now);
  const claim = await db
    .insertInto('auto_reply_sends')
    .values({
      id: claimId,
      workspace_id: input.workspaceId,
      conversation_id: conv.id,
      kind,
      period_key: periodKey,
      message_id: null,
      outcome: 'pending',
      reason: null,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['conversation_id', 'kind', 'period_key']).doNothing())
    .executeTakeFirst();
  if (Number(claim.numInsertedOrUpdatedRows ?? 0n) === 0) return { skipped: `${kind} already sent in this period` };
  try {
    const r = await reply(app, {
      workspaceId: input.workspaceId,
      conversationId: conv.id,
      actorUserId: null,
      authorKind: 'automation',
      text,
      visibility: conv.visibility,
      replyToMessageId: msg.id,
    });
    await db.updateTable('auto_reply_sends').set({ outcome: 'sent', message_id: r.message.id }).where('id', '=', claimId).execute();
    return { sent: kind, messageId: r.message.id };
  } catch (err) {
    // The channel refuses (no private messages, window closed, too long): kept with the reason, not retried.
    if (!(err instanceof AppError)) {
      // Anything else (the database): release the claim so the job's retry can try again.
      await db.deleteFrom('auto_reply_sends').where('id', '=', claimId).execute();
      throw err;
    }
    await db.updateTable('auto_reply_sends').set({ outcome: 'skipped', reason: err.message }).where('id', '=', claimId).execute();
    return { skipped: err.message };
  }
}
