import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { createChannel } from '../channel-admin/create-channel.js';
import { appendEvent } from '../events/append.js';
import { journalDelivery } from '../intake/journal.js';
import { processJournalBatch } from '../intake/processor.js';
import { newId } from '../lib/ids.js';
import { indexMessage } from '../search/index-message.js';
import { UNANALYSED } from '../store/row-defaults.js';
import type { DB } from '../store/schema.js';
import { readTwcs, type Thread, type Tweet } from './twcs-threads.js';

/** API channel events per journaled delivery (the API channel's own limit). */
const PER_DELIVERY = 1000;
const CHUNK = 500;

export interface TwcsSummary {
  rows: number;
  threads: number;
  brands: number;
  channelsCreated: number;
  customerTweetsImported: number;
  repliesImported: number;
  skipped: ReturnType<typeof readTwcs>['skipped'] & { repliesWithoutCustomer: number; failedDeliveries: number };
}

/**
 * Loads a TWCS archive into a workspace (docs/metrics.md "Importing history"). Customer tweets go
 * through the product's own intake — journal, then the processor's parse, dedupe, contact and
 * threading — as API-channel events with the tweet time as network time. Brand tweets were
 * already sent, so they are written straight to the store as human replies with status "sent",
 * never through the outbox. Idempotent: what is already stored is skipped, so a second import
 * changes nothing.
 */
export async function importTwcs(app: App, input: { workspaceId: string; csv: string }): Promise<TwcsSummary> {
  const parsed = readTwcs(input.csv);
  const db = app.store.db;
  const brands = [...new Set(parsed.threads.map((t) => t.brand))].sort();
  const channels = new Map<string, string>();
  let channelsCreated = 0;
  for (const brand of brands) {
    const existing = await findBrandChannel(db, input.workspaceId, brand);
    if (existing) channels.set(brand, existing);
    else {
      const ch = await createChannel(app, { workspaceId: input.workspaceId, type: 'api', name: `@${brand}`, settings: { network: 'x' } });
      channels.set(brand, ch.id);
      channelsCreated++;
    }
  }

  // 1. Customer tweets not stored yet, through intake, oldest first so threading sees them in order.
  let customerTweetsImported = 0;
  for (const brand of brands) {
    const channelId = channels.get(brand)!;
    const threads = parsed.threads.filter((t) => t.brand === brand);
    const wanted = threads.flatMap((t) => t.tweets.filter((tw) => tw.inbound).map((tw) => ({ tw, root: t.root })));
    const stored = await storedIds(
      db,
      channelId,
      wanted.map((x) => x.tw.id),
    );
    const todo = wanted.filter((x) => !stored.has(x.tw.id)).sort((a, b) => a.tw.at - b.tw.at);
    for (let i = 0; i < todo.length; i += PER_DELIVERY) {
      const events = todo.slice(i, i + PER_DELIVERY).map(({ tw, root }) => ({
        type: 'message',
        id: tw.id,
        from: { id: tw.author, handle: tw.author },
        text: tw.text,
        timestamp: tw.at,
        conversation: { kind: 'mention', visibility: 'public', thread: root },
        ...(tw.parent ? { reply_to: tw.parent } : {}),
      }));
      await journalDelivery(db, {
        workspaceId: input.workspaceId,
        channelId,
        headers: { 'x-hearken-import': 'twcs' },
        body: JSON.stringify({ events }),
        receivedAt: app.now(),
      });
    }
    customerTweetsImported += todo.length;
  }
  while ((await processJournalBatch(app, 500)) > 0) {}
  const failed = await db
    .selectFrom('journal')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', input.workspaceId)
    .where('status', '=', 'failed')
    .where('headers', 'like', '%twcs%')
    .executeTakeFirstOrThrow();

  // 2. Brand tweets, straight into the conversation intake made for their thread.
  let repliesImported = 0;
  let repliesWithoutCustomer = 0;
  for (const brand of brands) {
    const channelId = channels.get(brand)!;
    const threads = parsed.threads.filter((t) => t.brand === brand);
    for (let i = 0; i < threads.length; i += CHUNK) {
      const r = await importReplies(app, input.workspaceId, channelId, threads.slice(i, i + CHUNK));
      repliesImported += r.imported;
      repliesWithoutCustomer += r.withoutCustomer;
    }
  }
  return {
    rows: parsed.rows,
    threads: parsed.threads.length,
    brands: brands.length,
    channelsCreated,
    customerTweetsImported,
    repliesImported,
    skipped: { ...parsed.skipped, repliesWithoutCustomer, failedDeliveries: Number(failed.n) },
  };
}

/** A brand's channel: the API channel named "@Brand" with network "x". */
async function findBrandChannel(db: Kysely<DB>, workspaceId: string, brand: string): Promise<string | undefined> {
  const rows = await db
    .selectFrom('channels')
    .select(['id', 'settings'])
    .where('workspace_id', '=', workspaceId)
    .where('type', '=', 'api')
    .where('name', '=', `@${brand}`)
    .execute();
  return rows.find((r) => JSON.parse(r.settings).network === 'x')?.id;
}

async function storedIds(db: Kysely<DB>, channelId: string, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('messages')
      .select('external_id')
      .where('channel_id', '=', channelId)
      .where('external_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) if (r.external_id) out.add(r.external_id);
  }
  return out;
}

async function importReplies(app: App, workspaceId: string, channelId: string, threads: Thread[]) {
  let imported = 0;
  let withoutCustomer = 0;
  await app.store.db.transaction().execute(async (tx) => {
    const keys = threads.map((t) => `${channelId}:t:${t.root}`);
    const convs = await tx
      .selectFrom('conversations')
      .select(['id', 'thread_key', 'last_message_at'])
      .where('workspace_id', '=', workspaceId)
      .where('thread_key', 'in', keys)
      .orderBy('created_at')
      .execute();
    const convOf = new Map(convs.map((c) => [c.thread_key, c]));
    const stored = await storedIds(
      tx,
      channelId,
      threads.flatMap((t) => t.tweets.filter((tw) => !tw.inbound).map((tw) => tw.id)),
    );
    const now = app.now();
    for (const t of threads) {
      const replies = t.tweets.filter((tw) => !tw.inbound && !stored.has(tw.id));
      if (replies.length === 0) continue;
      const conv = convOf.get(`${channelId}:t:${t.root}`);
      if (!conv) {
        withoutCustomer += replies.length;
        continue;
      }
      for (const tw of replies) {
        const id = newId(tw.at);
        await tx
          .insertInto('messages')
          .values({
            id,
            workspace_id: workspaceId,
            conversation_id: conv.id,
            channel_id: channelId,
            direction: 'out',
            author_kind: 'human',
            author_user_id: null,
            visibility: 'public',
            body: tw.text,
            attachments: '[]',
            external_id: tw.id,
            reply_to_external_id: tw.parent,
            network_ts: tw.at,
            received_at: tw.at,
            delivery_status: 'sent',
            delivery_error: null,
            edited_at: null,
            deleted_at: null,
            created_at: tw.at,
            ...UNANALYSED,
          })
          .execute();
        await indexMessage(tx, app.store.dialect, { id, workspaceId, text: tw.text });
        await appendEvent(tx, {
          workspaceId,
          type: 'message.created',
          conversationId: conv.id,
          data: { messageId: id, direction: 'out', authorKind: 'human', visibility: 'public', imported: 'twcs' },
          at: now,
        });
        imported++;
      }
      await tx
        .updateTable('conversations')
        .set({ last_message_at: Math.max(conv.last_message_at, ...t.tweets.map((tw) => tw.at)), waiting_since: waitingSince(t.tweets), updated_at: now })
        .where('id', '=', conv.id)
        .execute();
    }
  });
  return { imported, withoutCustomer };
}

/** The customer's oldest message after the last brand reply (the queue's "waiting since"), or null. */
function waitingSince(tweets: Tweet[]): number | null {
  let since: number | null = null;
  for (const tw of tweets) since = tw.inbound ? (since ?? tw.at) : null;
  return since;
}
