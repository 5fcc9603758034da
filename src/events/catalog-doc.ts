import type { z } from 'zod';
import { eventCatalog, eventTypes } from './catalog.js';

/**
 * README "Events", generated from the catalog so the two cannot drift: one row per type with
 * when it happens and its payload fields (`?` = may be absent). catalog.test.ts compares it with
 * the README and prints the block to paste when they differ.
 */
export function eventListMarkdown(): string {
  const rows = eventTypes.map((type) => {
    const spec = eventCatalog[type];
    const shape = (spec.payload as unknown as { shape: Record<string, z.ZodType> }).shape;
    const fields = Object.entries(shape).map(([k, f]) => `\`${k}${f.safeParse(undefined).success ? '?' : ''}\``);
    return `| \`${type}\` | ${spec.doc} | ${fields.join(', ')} |`;
  });
  return ['| type | when | `data` |', '|---|---|---|', ...rows].join('\n');
}

export const README_EVENTS_START = '<!-- events:start (generated from src/events/catalog.ts; catalog.test.ts checks it) -->';
export const README_EVENTS_END = '<!-- events:end -->';
