import type { App } from '../app.js';
import { bodyVariables, renderBody, unsupportedParts } from '../channels/meta/templates-params.js';
import type { TemplateSend } from '../channels/meta/templates-payload.js';
import type { TemplateComponent } from '../channels/meta/templates-table.js';
import { AppError, invalid, notFound } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import { queueOutbound, wakeSender } from '../outbox/queue-outbound.js';
import { loadConversation } from './load-conversation.js';

/** Meta's limit on one template parameter's text. */
export const TEMPLATE_PARAM_MAX = 1024;

/**
 * Queues an approved WhatsApp template message — the only thing WhatsApp accepts once the
 * 24-hour customer-service window has closed (it is allowed inside the window too). Checked
 * before anything is queued: the template is this channel's, approved, and gets exactly the body
 * parameters it has. The message (its text as the customer will read it) and its outbox job are
 * written in one transaction through the outbox door, like every reply. A use-case of the
 * conversation (WhatsApp's template rules are read from channels/meta), not network code: the
 * network is only spoken to by the sender.
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
    const tpl = await tx
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
    // Always a person's message (templates are chosen in the agent app), always private (WhatsApp
    // has nothing public), never threaded under a customer message (a template opens or reopens
    // the thread); the descriptor in attachments is what tells the sender to send a template.
    return queueOutbound(tx, app.store.dialect, {
      conversation: conv,
      authorKind: 'human',
      authorUserId: input.actorUserId,
      text: renderBody(components, input.params),
      visibility: 'private',
      attachments: [{ ...send, name: `Template: ${tpl.name} (${tpl.language})`, template: tpl.name }],
      eventTags: { template: tpl.name },
      now,
    });
  });
  wakeSender(app, input.workspaceId);
  return message;
}
