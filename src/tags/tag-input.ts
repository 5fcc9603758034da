import { z } from 'zod';
import { normalizeTag } from '../conversations/update-tags.js';

/** The input shapes of the tag list, shared by the routes and the use-cases. */
export const tagName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform(normalizeTag)
  .refine((s) => s.length > 0, 'must not be empty');
export const tagColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f8a70')
  .transform((s) => s.toLowerCase());
export const tagDescription = z.string().trim().max(300);

export const createTagBody = z.object({ name: tagName, color: tagColor.optional(), description: tagDescription.default('') });
export const updateTagBody = z
  .object({ name: tagName.optional(), color: tagColor.optional(), description: tagDescription.optional() })
  .refine((b) => b.name !== undefined || b.color !== undefined || b.description !== undefined, { message: 'give name, color and/or description' });
export const mergeTagsBody = z.object({ from: tagName, into: tagName });
export const tagSettingsBody = z.object({ managedOnly: z.boolean() });

/** Colours a new tag gets when none is given: picked by name, so a tag keeps its colour everywhere. */
const PALETTE = ['#1f6feb', '#1a7f37', '#9a6700', '#cf222e', '#8250df', '#bf3989', '#0a7ea4', '#57606a', '#d4a72c', '#2da44e'];
export function defaultColor(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}
