import { z } from 'zod';

/**
 * Contact attributes: a flat bag of custom fields (plan, order number, VIP…). The limits live here
 * so the API and the web app's editor agree on them.
 */
export const ATTRIBUTE_LIMITS = {
  maxKeys: 50,
  keyPattern: /^[a-z][a-z0-9_]{0,39}$/,
  maxStringLength: 500,
} as const;

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

/** A PATCH of attributes: each key is set, or deleted when its value is null. */
export const attributesPatchSchema = z.record(
  z.string().regex(ATTRIBUTE_LIMITS.keyPattern),
  z.union(
    [z.string().max(ATTRIBUTE_LIMITS.maxStringLength, `strings are at most ${ATTRIBUTE_LIMITS.maxStringLength} characters`), z.number(), z.boolean(), z.null()],
    { error: 'must be a string, number, boolean or null (null deletes the key)' },
  ),
  {
    error: (iss) => (iss.code === 'invalid_key' ? 'keys are lowercase letters, digits and _, start with a letter, and are at most 40 characters' : undefined),
  },
);

export type AttributesPatch = z.output<typeof attributesPatchSchema>;

/** Shallow merge; null deletes. Returns a new object. */
export function applyAttributePatch(current: Attributes, patch: AttributesPatch): Attributes {
  const next: Attributes = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}
