import { z } from 'zod';

/**
 * A conversation's priority, as the API, the web app and SLA policies name it. The database keeps
 * the rank (conversations.priority: 0 none … 4 urgent) so that "sort by priority" and "at least
 * high" stay plain integer comparisons; names are the contract everywhere else. Clients written
 * before the names existed sent the rank as a number: the schemas below still accept 0–4.
 */
export const PRIORITY_NAMES = ['none', 'low', 'normal', 'high', 'urgent'] as const;
export type PriorityName = (typeof PRIORITY_NAMES)[number];

/** The stored rank of a name (urgent = 4). */
export const priorityRank = (name: PriorityName): number => PRIORITY_NAMES.indexOf(name);

/** The name of a stored rank; an out-of-range rank (never written by Hearken) reads as the nearest level. */
export const priorityName = (rank: number): PriorityName => PRIORITY_NAMES[Math.max(0, Math.min(4, Math.trunc(rank)))]!;

const legacyRank = z.number().int().min(0).max(4);
const named = z.enum(PRIORITY_NAMES, { error: `must be one of ${PRIORITY_NAMES.join(', ')} (or the old number 0–4, 4 = urgent)` });

/** A priority in a JSON body: a name, or the old rank 0–4. Parses to the name. */
export const priorityInput = z.union([named, legacyRank.transform(priorityName)], {
  error: `must be one of ${PRIORITY_NAMES.join(', ')} (or the old number 0–4, 4 = urgent)`,
});

/** A priority in a query string ("high", or the old "3"). Parses to the name. */
export const priorityParam = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(
    z.union(
      [
        named,
        z
          .string()
          .regex(/^[0-4]$/)
          .transform((s) => priorityName(Number(s))),
      ],
      {
        error: `must be one of ${PRIORITY_NAMES.join(', ')} (or the old number 0–4, 4 = urgent)`,
      },
    ),
  );
