import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { canSendMail } from '../auth/system-mail.js';
import { appendEvent } from '../events/append.js';
import { enqueueJob } from '../jobs/queue.js';
import { newId } from '../lib/ids.js';
import { readSettings } from '../me/settings.js';
import type { DB } from '../store/schema.js';
import { notificationEmailJob } from './email-job.js';
import { KIND_PREFERENCE, type NotificationKind } from './kinds.js';

export interface NewNotifications {
  workspaceId: string;
  conversationId: string | null;
  kind: NotificationKind;
  /** Whom; anyone no longer a member is left out, and so is anyone whose preferences say no. */
  userIds: Iterable<string>;
  /** The rule that sent it (kind 'rule'). */
  ruleId?: string | null;
  /** The rule's own text (kind 'rule'); the other kinds are rendered from `params` by the reader's app. */
  text?: string;
  params?: Record<string, string | number | null>;
  /** The event a reactor answers: a member is notified once per event, however often it is read. */
  sourceEventId?: number | null;
  /**
   * 'always': each notified member gets a mail too (a rule's "also by e-mail"); 'preference': those
   * whose settings ask for mail; 'never'. Only when Hearken can send mail at all (HEARKEN_SMTP_URL).
   */
  email: 'always' | 'preference' | 'never';
}

/**
 * Writes one notification row per member, with a `notification.created` event (realtime carries
 * it to the member's app at once) and, where wanted, a `notification.email` job: the mail goes
 * out from the job (retried with backoff), never from the caller's transaction. Runs in the
 * caller's transaction `tx`. Answers the ids written.
 */
export async function createNotifications(app: App, tx: Kysely<DB>, n: NewNotifications): Promise<string[]> {
  const wanted = [...new Set(n.userIds)];
  if (!wanted.length) return [];
  const members = await tx
    .selectFrom('memberships')
    .select(['user_id', 'settings'])
    .where('workspace_id', '=', n.workspaceId)
    .where('user_id', 'in', wanted)
    .execute();
  const already = new Set<string>();
  if (n.sourceEventId != null)
    for (const r of await tx
      .selectFrom('notifications')
      .select('user_id')
      .where('source_event_id', '=', n.sourceEventId)
      .where('user_id', 'in', wanted)
      .execute())
      already.add(r.user_id);
  const now = app.now();
  const mail = n.email !== 'never' && canSendMail(app);
  const ids: string[] = [];
  // In the order asked for: rows (and their events) come out the same on both databases.
  members.sort((a, b) => wanted.indexOf(a.user_id) - wanted.indexOf(b.user_id));
  for (const m of members) {
    const prefs = readSettings(m.settings).notifications;
    if (!prefs[KIND_PREFERENCE[n.kind]] || already.has(m.user_id)) continue;
    const id = newId(now);
    await tx
      .insertInto('notifications')
      .values({
        id,
        workspace_id: n.workspaceId,
        user_id: m.user_id,
        conversation_id: n.conversationId,
        rule_id: n.ruleId ?? null,
        kind: n.kind,
        text: n.text ?? '',
        params: n.params ? JSON.stringify(n.params) : null,
        source_event_id: n.sourceEventId ?? null,
        created_at: now,
        read_at: null,
      })
      .execute();
    await appendEvent(tx, {
      workspaceId: n.workspaceId,
      type: 'notification.created',
      conversationId: n.conversationId,
      data: { notificationId: id, userId: m.user_id, text: n.text ?? '', ruleId: n.ruleId ?? null, kind: n.kind },
      at: now,
    });
    if (mail && (n.email === 'always' || prefs.email))
      await enqueueJob(tx, notificationEmailJob, { payload: { notificationId: id }, workspaceId: n.workspaceId, runAt: now, now });
    ids.push(id);
  }
  return ids;
}
