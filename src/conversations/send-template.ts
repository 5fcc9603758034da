import type { App } from '../app.js';
import { templatesOf } from '../channel-admin/sync-templates.js';
import type { TemplateComponent } from '../channels/contract/templates.js';
import { AppError, invalid, notFound } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { queueOutbound, wakeSender } from '../outbox/queue-outbound.js';
import { loadConversation } from './load-conversation.js';

/** Meta's limit on one template parameter's text. */
export const TEMPLATE_PARAM_MAX = 1024;

/**
 * Queues an approved template message — on WhatsApp the only thing accepted once the 24-hour
 * customer-service window has closed (it is allowed inside the window too). Checked before
 * anything is queued: the template is this channel's, approved, and gets exactly the parameters
 * it has. The message (its text as the customer will read it) and its outbox job are written in
 * one transaction through the outbox door, like every reply. The network's template rules come
 * from its adapter (`templates`); the network is only spoken to by the sender.
 */
export async function sendTemplateMessage(
  app: App,
  input: { workspaceId: string; conversationId: string; actorUserId: string | null; templateId: string; params: string[] },
) {
  const now = app.now();
  const message = await app.store.db.transaction().execute(async (tx) => {
    const conv = await loadConversation(tx, input.workspaceId, input.conversationId);
    const channel = await tx.selectFrom('channels').select(['type']).where('id', '=', conv.channel_id).executeTakeFirstOrThrow();
    const templates = templatesOf(channel.type);
    const tpl = await tx
      .selectFrom('channel_templates')
      .selectAll()
      .where('workspace_id', '=', input.workspaceId)
      .where('channel_id', '=', conv.channel_id)
      .where('id', '=', input.templateId)
      .executeTakeFirst();
    if (!tpl) throw notFound('template');
    if (tpl.status !== 'APPROVED')
      throw invalid('templateId', `template "${tpl.name}" (${tpl.language}) is ${tpl.status.toLowerCase()}, not approved: only approved templates can be sent`);
    const components = parseJson<TemplateComponent[]>(tpl.components, []);
    const gap = templates.unsupported(components);
    if (gap) throw new AppError('capability_unsupported', `template "${tpl.name}" cannot be sent from Hearken yet: ${gap} (only body parameters are filled)`);
    const names = templates.variables(components);
    if (input.params.length !== names.length)
      throw invalid('params', `template "${tpl.name}" needs ${names.length} body parameter${names.length === 1 ? '' : 's'}, got ${input.params.length}`);
    input.params.forEach((p, i) => {
      if (!p.trim()) throw invalid(`params.${i}`, 'must not be empty');
    });
    // Always a person's message (templates are chosen in the agent app), always private (a template
    // goes to one person), never threaded under a customer message (a template opens or reopens
    // the thread); the descriptor in attachments is what tells the sender to send a template.
    return queueOutbound(tx, app.store.dialect, {
      conversation: conv,
      authorKind: 'human',
      authorUserId: input.actorUserId,
      text: templates.render(components, input.params),
      visibility: 'private',
      attachments: [templates.descriptor({ name: tpl.name, language: tpl.language, components }, input.params)],
      eventTags: { template: tpl.name },
      now,
    });
  });
  wakeSender(app, input.workspaceId);
  return message;
}
