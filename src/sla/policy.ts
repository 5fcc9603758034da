import { z } from 'zod';
import { parseJson } from '../lib/json.js';
import { priorityInput, priorityName, type PriorityName } from '../lib/priority.js';
import type { ConversationKind, SlaPolicyTable, SlaTarget, SlaTimeMode } from '../store/schema.js';

/**
 * An SLA policy as the API speaks it. Policies are ordered: for a conversation the FIRST enabled
 * policy whose match fits (channel, kind, priority) sets its targets (docs/sla.md).
 */

const KINDS = ['dm', 'comment', 'mention', 'review', 'email', 'chat'] as const;
/** Up to a year, in whole minutes. */
const minutes = z.number().int().min(1).max(525_600).nullable();

export const policyMatchSchema = z.object({
  channelIds: z.array(z.string().min(1).max(64)).max(100).default([]),
  kinds: z.array(z.enum(KINDS)).max(KINDS.length).default([]),
  priorities: z.array(priorityInput).max(5).default([]).describe('names (urgent, high, normal, low, none); the old numbers 0–4 are accepted'),
});
export type PolicyMatch = z.infer<typeof policyMatchSchema>;

const targetsSchema = z
  .object({ firstResponseMinutes: minutes.default(null), nextResponseMinutes: minutes.default(null), resolutionMinutes: minutes.default(null) })
  .refine((t) => t.firstResponseMinutes !== null || t.nextResponseMinutes !== null || t.resolutionMinutes !== null, { message: 'set at least one target' });

export const policyCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().default(true),
  match: policyMatchSchema.default({ channelIds: [], kinds: [], priorities: [] }),
  timeMode: z.enum(['business', 'calendar']).default('business'),
  targets: targetsSchema,
  warnPercent: z.number().int().min(1).max(99).default(75).describe('a warning event when this share of a target has passed'),
  position: z.number().int().min(0).optional().describe('0 = first; default last'),
});
export const policyPatchSchema = z.object({
  name: policyCreateSchema.shape.name.optional(),
  enabled: z.boolean().optional(),
  match: policyMatchSchema.optional(),
  timeMode: z.enum(['business', 'calendar']).optional(),
  targets: targetsSchema.optional(),
  warnPercent: z.number().int().min(1).max(99).optional(),
  position: z.number().int().min(0).optional(),
});
export type PolicyCreate = z.infer<typeof policyCreateSchema>;
export type PolicyPatch = z.infer<typeof policyPatchSchema>;

const toMinutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 60_000));

export interface Policy {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  match: PolicyMatch;
  timeMode: SlaTimeMode;
  targetMs: Record<SlaTarget, number | null>;
  warnPercent: number;
  /** A policy applies to clocks still running when it was created, and to every clock started later. */
  createdAt: number;
}

export function toPolicy(r: SlaPolicyTable): Policy {
  return {
    id: r.id,
    name: r.name,
    position: r.position,
    enabled: r.enabled === 1,
    match: readMatch(r.match),
    timeMode: r.time_mode,
    targetMs: { first_response: r.first_response_ms, next_response: r.next_response_ms, resolution: r.resolution_ms },
    warnPercent: r.warn_percent,
    createdAt: r.created_at,
  };
}

/** Policies saved before priorities had names hold their ranks (0–4): read either. */
function readMatch(json: string | null): PolicyMatch {
  const m = parseJson<Partial<Omit<PolicyMatch, 'priorities'>> & { priorities?: Array<PriorityName | number> }>(json, {});
  return {
    channelIds: m.channelIds ?? [],
    kinds: m.kinds ?? [],
    priorities: (m.priorities ?? []).map((x) => (typeof x === 'number' ? priorityName(x) : x)),
  };
}

export const presentPolicy = (p: Policy) => ({
  id: p.id,
  name: p.name,
  position: p.position,
  enabled: p.enabled,
  match: p.match,
  timeMode: p.timeMode,
  targets: {
    firstResponseMinutes: toMinutes(p.targetMs.first_response),
    nextResponseMinutes: toMinutes(p.targetMs.next_response),
    resolutionMinutes: toMinutes(p.targetMs.resolution),
  },
  warnPercent: p.warnPercent,
});

/** The first enabled policy (in order) that matches; an empty list in a match means "any". */
export function matchPolicy(policies: readonly Policy[], conv: { channel_id: string; kind: ConversationKind; priority: number }): Policy | undefined {
  return [...policies]
    .sort((a, b) => a.position - b.position)
    .find(
      (p) =>
        p.enabled &&
        (p.match.channelIds.length === 0 || p.match.channelIds.includes(conv.channel_id)) &&
        (p.match.kinds.length === 0 || p.match.kinds.includes(conv.kind)) &&
        (p.match.priorities.length === 0 || p.match.priorities.includes(priorityName(conv.priority))),
    );
}
