import { useMemo } from 'react';
import { useContact } from '../api/queries';
import type { ConversationDetail } from '../api/types';
import type { VariableContext } from '../lib/variables';

/**
 * What saved-reply variables are filled from. The contact comes from the contact query — the one
 * the contact panel edits and invalidates, and realtime `contact.*` events refresh — not from the
 * conversation's copy, which kept the details as they were when the conversation was loaded (a
 * detail added in the panel stayed "unfilled" until a reload).
 */
export function useVariableContext(c: ConversationDetail, agentName: string): VariableContext {
  const contact = useContact(c.contact.id).data;
  const name = contact ? contact.name : c.contact.name;
  const attributes = contact?.attributes ?? c.contact.attributes;
  const email = contact?.email ?? null;
  const phone = contact?.phone ?? null;
  return useMemo(() => ({ contact: { name, email, phone, attributes }, agent: { name: agentName } }), [name, email, phone, attributes, agentName]);
}
