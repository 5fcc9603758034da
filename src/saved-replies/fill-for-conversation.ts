import type { Kysely } from 'kysely';
import { conflict } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import type { DB } from '../store/schema.js';
import { fillVariables } from './variables.js';

/**
 * A saved reply's variables filled for one conversation, as the composer fills them for an agent
 * ({{contact.first_name}}, custom attributes, {{agent.name}} for the member applying a macro). A
 * customer must never read "Hi {{contact.first_name}}": a variable with no value stops the send
 * with an error naming it (the rule's log shows it), where an agent would have fixed the text.
 */
export async function fillForConversation(
  db: Kysely<DB>,
  input: { workspaceId: string; conversationId: string; actorUserId: string | null; body: string },
): Promise<string> {
  if (!input.body.includes('{{')) return input.body;
  const contact = await db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select(['contacts.name', 'contacts.email', 'contacts.phone', 'contacts.attributes'])
    .where('conversations.workspace_id', '=', input.workspaceId)
    .where('conversations.id', '=', input.conversationId)
    .executeTakeFirst();
  const agent = input.actorUserId ? await db.selectFrom('users').select('name').where('id', '=', input.actorUserId).executeTakeFirst() : undefined;
  const { text, missing } = fillVariables(input.body, {
    contact: {
      name: contact?.name ?? null,
      email: contact?.email ?? null,
      phone: contact?.phone ?? null,
      attributes: parseJson<Record<string, string | number | boolean>>(contact?.attributes, {}),
    },
    agent: { name: agent?.name ?? '' },
  });
  if (missing.length) throw conflict(`not sent: ${missing.map((m) => `{{${m}}}`).join(', ')} has no value for this conversation`);
  return text;
}
