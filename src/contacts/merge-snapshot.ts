import type { Attributes } from './attributes.js';

export interface ContactDetails {
  name: string | null;
  attributes: Attributes;
  email: string | null;
  phone: string | null;
}

/**
 * What one merge moved (contact_merges.snapshot), enough to undo it: the rows that moved from the
 * merged contact to the survivor, the tombstones that were re-pointed, and the survivor's details
 * before and right after (an unmerge reverts only what still holds the merge's value, so an edit
 * made after the merge is kept).
 */
export interface MergeSnapshot {
  v: 1;
  identityIds: string[];
  conversationIds: string[];
  redirectedIds: string[];
  survivorBefore: ContactDetails;
  survivorAfter: ContactDetails;
}

/** The survivor's details once a merge is undone: each field the merge changed and nobody changed since goes back. */
export function revertDetails(now: ContactDetails, snap: MergeSnapshot): ContactDetails {
  const { survivorBefore: before, survivorAfter: after } = snap;
  const attributes: Attributes = { ...now.attributes };
  for (const k of Object.keys(after.attributes)) {
    if (Object.hasOwn(before.attributes, k) || attributes[k] !== after.attributes[k]) continue;
    delete attributes[k];
  }
  const back = <T>(cur: T, b: T, a: T) => (cur === a && a !== b ? b : cur);
  return {
    name: back(now.name, before.name, after.name),
    attributes,
    email: back(now.email, before.email, after.email),
    phone: back(now.phone, before.phone, after.phone),
  };
}
