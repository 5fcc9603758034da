import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { enqueueJob } from '../../jobs/queue.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { parseJson } from '../../lib/json.js';
import { loadConversation } from '../../conversations/load-conversation.js';
import { sendJob } from '../../outbox/send-message.js';
import { indexMessage } from '../../search/index-message.js';
import { UNANALYSED } from '../../store/row-defaults.js';
import type { MessageTable } from '../../store/schema.js';
import { bodyVariables, renderBody, unsupportedParts } from './templates-params.js';
import type { TemplateSend } from './templates-payload.js';
import { templatesDb, type TemplateComponent } from './templates-table.js';

/** Meta's limit on one template parameter's text. */
export const TEMPLATE_PARAM_MAX = 1024;

/**
 * Queues an approved WhatsApp template message — the only thing WhatsApp accepts once the
 * 24-hour customer-service window has closed (it is allowed inside the window too). Checked
 * before anything is queued: the template is this channel's, approved, and gets exactly the body
 * parameters it has. The message (its text as the customer will read it) and its outbox job are
 * written in one transaction, like every reply.
 */
export async function sendTemplateMessage(
  app: App,
  input: { workspaceId: string; conversationId: string; actorUserId: string | null; templateId: string; params: string[] },
) {
  const now = app.now();
  const message = await app.store.db.transaction().execute(async (tx) => {
    const conv = await loadConversation(tx, input.workspaceId, input.conversationId);
    const channel = await tx.selectFrom('channels').select(['type']).where('id', '=', conv.channel_id).executeTakeFirstOrThrow();
    if (channel.type !== 'whatsapp') throw new AppError('capability_unsupported', 'template messages can only be sent on WhatsApp conversations');
    const tpl = await templatesDb(tx)
      .selectFrom('channel_templates')
      .selectAll()
      .where('workspace_id', '=', input.workspaceId)
      .where('channel_id', '=', conv.channel_id)
      .where('id', '=', input.templateId)
      .executeTakeFirst();
    if (!tpl) throw notFound('template');
    if (tpl.status !== 'APPROVED')
      throw invalid(
        'templateId',
        `template "${tpl.name}" (${tpl.language}) is ${tpl.status.toLowerCase()}, not approved: WhatsApp only sends approved templates`,
      );
    const components = parseJson<TemplateComponent[]>(tpl.components, []);
    const gap = unsupportedParts(components);
    if (gap) throw new AppError('capability_unsupported', `template "${tpl.name}" cannot be sent from Hearken yet: ${gap} (only body parameters are filled)`);
    const names = bodyVariables(components);
    if (input.params.length !== names.length)
      throw invalid('params', `template "${tpl.name}" needs ${names.length} body parameter${names.length === 1 ? '' : 's'}, got ${input.params.length}`);
    input.params.forEach((p, i) => {
      if (!p.trim()) throw invalid(`params.${i}`, 'must not be empty');
    });
    const send: TemplateSend = {
      type: 'whatsapp_template',
      name: tpl.name,
      language: tpl.language,
      params: input.params,
      ...(names.some((n) => !/^\d+$/.test(n)) ? { names } : {}),
    };
    const row: MessageTable = {
      id: newId(now),
      workspace_id: conv.workspace_id,
      conversation_id: conv.id,
      channel_id: conv.channel_id,
      direction: 'out',
      author_kind: 'human',
      author_user_id: input.actorUserId,
      visibility: 'private',
      body: renderBody(components, input.params),
      attachments: JSON.stringify([{ ...send, name: `Template: ${tpl.name} (${tpl.language})`, template: tpl.name }]),
      external_id: null,
      reply_to_external_id: null,
      network_ts: null,
      received_at: now,
      delivery_status: 'queued',
      delivery_error: null,
      edited_at: null,
      deleted_at: null,
      created_at: now,
      ...UNANALYSED,
    };
    await tx.insertInto('messages').values(row).execute();
    await enqueueJob(tx, sendJob, { payload: { messageId: row.id }, workspaceId: conv.workspace_id, runAt: now, now });
    await indexMessage(tx, app.store.dialect, { id: row.id, workspaceId: conv.workspace_id, text: row.body });
    await tx.updateTable('conversations').set({ last_message_at: now, updated_at: now, waiting_since: null, unread: 0 }).where('id', '=', conv.id).execute();
    await appendEvent(tx, {
      workspaceId: conv.workspace_id,
      type: 'message.created',
      conversationId: conv.id,
      actorUserId: input.actorUserId,
      data: { messageId: row.id, direction: 'out', authorKind: 'human', visibility: 'private', template: tpl.name },
      at: now,
    });
    return row;
  });
  app.bus.poke(input.workspaceId);
  app.bus.poke('__jobs__');
  return message;
}
