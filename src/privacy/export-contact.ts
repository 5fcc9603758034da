import type { App } from '../app.js';
import type { AuditActor } from '../audit/record-audit.js';
import { recordAudit } from '../audit/record-audit.js';
import { conflict, notFound } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { chunks, contactFamily } from './contact-family.js';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

export interface ExportedFile {
  /** Path inside the archive. */
  path: string;
  key: string;
  contentType: string | undefined;
}

export interface ContactExport {
  /** data.json: everything Hearken holds about the person, in plain words. */
  document: Record<string, unknown>;
  files: ExportedFile[];
}

const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'application/pdf': 'pdf',
};

/**
 * Everything about one person (GDPR art. 15 and 20: access and portability): the contact and
 * the contacts merged into it, their identities, every conversation with its messages (theirs,
 * the replies, the internal notes — notes are personal data about them too), tags, survey
 * answers, and the files they sent or were sent. Recorded in the audit log, since an export
 * hands personal data out of the system.
 */
export async function exportContact(app: App, input: { workspaceId: string; contactId: string; actor: AuditActor }): Promise<ContactExport> {
  const { workspaceId, contactId } = input;
  const db = app.store.db;
  const row = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', contactId).executeTakeFirst();
  if (!row) throw notFound('contact');
  if (row.merged_into_id) throw conflict(`this contact was merged into ${row.merged_into_id}: export that contact, which holds this one's data too`);
  const family = await contactFamily(db, workspaceId, contactId);
  const contacts = await db.selectFrom('contacts').selectAll().where('id', 'in', family).orderBy('created_at').execute();
  const identities = await db
    .selectFrom('identities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', 'in', family)
    .orderBy('created_at')
    .execute();
  const convs = await db
    .selectFrom('conversations')
    .innerJoin('channels', 'channels.id', 'conversations.channel_id')
    .selectAll('conversations')
    .select(['channels.name as channel_name', 'channels.type as channel_type'])
    .where('conversations.workspace_id', '=', workspaceId)
    .where('conversations.contact_id', 'in', family)
    .orderBy('conversations.created_at')
    .execute();
  // Authors of replies and notes are this workspace's members: their names, not every account's.
  const members = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.name'])
    .where('memberships.workspace_id', '=', workspaceId)
    .execute();
  const users = new Map(members.map((u) => [u.id, u.name]));
  const files: ExportedFile[] = [];
  const seen = new Set<string>();
  const conversations = [];
  for (const part of chunks(convs, 200)) {
    const ids = part.map((c) => c.id);
    const msgs = await db.selectFrom('messages').selectAll().where('conversation_id', 'in', ids).orderBy('created_at').orderBy('id').execute();
    const tags = await db.selectFrom('conversation_tags').select(['conversation_id', 'tag']).where('conversation_id', 'in', ids).execute();
    const surveys = await db
      .selectFrom('surveys')
      .select(['conversation_id', 'kind', 'score', 'comment', 'answered_at'])
      .where('conversation_id', 'in', ids)
      .where('status', '=', 'answered')
      .execute();
    for (const c of part) {
      conversations.push({
        id: c.id,
        channel: { name: c.channel_name, type: c.channel_type },
        kind: c.kind,
        visibility: c.visibility,
        status: c.status,
        subject: c.subject,
        createdAt: iso(c.created_at),
        resolvedAt: iso(c.resolved_at),
        tags: tags.filter((t) => t.conversation_id === c.id).map((t) => t.tag),
        surveyAnswers: surveys
          .filter((s) => s.conversation_id === c.id)
          .map((s) => ({ kind: s.kind, score: s.score, comment: s.comment, answeredAt: iso(s.answered_at) })),
        messages: msgs
          .filter((m) => m.conversation_id === c.id)
          .map((m) => {
            const attachments = parseJson<Array<{ type?: string; url?: string; name?: string; stored?: string; contentType?: string }>>(m.attachments, []).map(
              (a) => {
                let file: string | undefined;
                if (a.stored) {
                  file = `attachments/${a.stored}${EXT[a.contentType ?? ''] ? `.${EXT[a.contentType ?? '']}` : ''}`;
                  if (!seen.has(a.stored)) {
                    seen.add(a.stored);
                    files.push({ path: file, key: a.stored, contentType: a.contentType });
                  }
                }
                return { type: a.type ?? a.contentType ?? null, name: a.name ?? null, url: a.url ?? null, file: file ?? null };
              },
            );
            return {
              at: iso(m.created_at),
              from: m.direction === 'in' ? 'customer' : m.author_kind === 'human' ? (users.get(m.author_user_id ?? '') ?? 'agent') : m.author_kind,
              kind: ({ in: 'message', out: 'reply', note: 'internal note', activity: 'activity' } as const)[m.direction],
              visibility: m.visibility,
              text: m.body,
              attachments,
              edited: iso(m.edited_at),
              deleted: iso(m.deleted_at),
              erased: iso(m.erased_at),
              language: m.language,
              sentiment: m.sentiment,
              intent: m.intent,
            };
          }),
      });
    }
  }
  const main = contacts.find((c) => c.id === contactId)!;
  const document = {
    exportedAt: iso(app.now()),
    contact: {
      id: main.id,
      name: main.name,
      email: main.email ?? null,
      phone: main.phone ?? null,
      attributes: parseJson(main.attributes, {}),
      createdAt: iso(main.created_at),
      erasedAt: iso(main.erased_at),
      mergedFrom: contacts
        .filter((c) => c.id !== contactId)
        .map((c) => ({ id: c.id, name: c.name, attributes: parseJson(c.attributes, {}), createdAt: iso(c.created_at) })),
    },
    identities: identities.map((i) => ({ network: i.network, id: i.external_id, handle: i.handle, firstSeen: iso(i.created_at) })),
    conversations,
  };
  await recordAudit(db, {
    workspaceId,
    actor: input.actor,
    action: 'contact.exported',
    targetType: 'contact',
    targetId: contactId,
    data: { conversations: conversations.length, files: files.length },
    now: app.now(),
  });
  return { document, files };
}
