import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { conflict, invalid, notFound } from '../lib/errors.js';
import { newId } from '../lib/ids.js';
import type { ToneRuleTable } from '../store/schema.js';
import { toneCueKey, type ToneKind } from './tone-rules.js';
import { isBuiltIn, presentToneRule, type ToneRuleView } from './workspace-tone-rules.js';

export interface ToneRuleInput {
  language?: string;
  kind?: ToneKind;
  phrase?: string;
  reason?: string | null;
  enabled?: boolean;
}

/**
 * Adds a rule, or changes one when `id` is given. A phrase is unique per language + kind in a
 * workspace: adding a built-in phrase again is how its reason is set or it is switched off.
 */
export async function saveToneRule(app: App, input: ToneRuleInput & { workspaceId: string; actorUserId: string; id?: string }): Promise<ToneRuleView> {
  const now = app.now();
  const row = await app.store.db.transaction().execute(async (tx) => {
    let current: ToneRuleTable | undefined;
    if (input.id) {
      current = await tx.selectFrom('tone_rules').selectAll().where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
      if (!current) throw notFound('tone rule');
    }
    const language = input.language ?? current?.language;
    const kind = input.kind ?? current?.kind;
    const phrase = input.phrase !== undefined ? toneCueKey(input.phrase) : current?.phrase;
    if (!language) throw invalid('language', 'is required');
    if (!kind) throw invalid('kind', 'is required');
    if (!phrase || phrase === '*') throw invalid('phrase', 'must contain at least one word');
    const clash = await tx
      .selectFrom('tone_rules')
      .select('id')
      .where('workspace_id', '=', input.workspaceId)
      .where('language', '=', language)
      .where('kind', '=', kind)
      .where('phrase', '=', phrase)
      .executeTakeFirst();
    if (clash && clash.id !== current?.id) throw conflict(`a ${kind} rule for "${phrase}" in ${language} already exists: edit it instead`);
    const next: ToneRuleTable = {
      id: current?.id ?? newId(now),
      workspace_id: input.workspaceId,
      language,
      kind,
      phrase,
      reason: input.reason !== undefined ? input.reason?.trim() || null : (current?.reason ?? null),
      enabled: (input.enabled ?? (current ? current.enabled === 1 : true)) ? 1 : 0,
      created_by: current?.created_by ?? input.actorUserId,
      created_at: current?.created_at ?? now,
      updated_at: now,
    };
    if (current)
      await tx
        .updateTable('tone_rules')
        .set({ language, kind, phrase, reason: next.reason, enabled: next.enabled, updated_at: now })
        .where('id', '=', next.id)
        .execute();
    else await tx.insertInto('tone_rules').values(next).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: current ? 'tone_rule.updated' : 'tone_rule.created',
      actorUserId: input.actorUserId,
      data: { toneRuleId: next.id, language, kind, phrase, enabled: next.enabled === 1 },
      at: now,
    });
    return next;
  });
  return presentToneRule(row, isBuiltIn(row.language, row.kind, row.phrase));
}

/** Removes a workspace rule; for a built-in phrase this restores the built-in behaviour. */
export async function deleteToneRule(app: App, input: { workspaceId: string; actorUserId: string; id: string }): Promise<void> {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom('tone_rules').where('workspace_id', '=', input.workspaceId).where('id', '=', input.id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('tone rule');
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'tone_rule.deleted',
      actorUserId: input.actorUserId,
      data: { toneRuleId: input.id },
      at: now,
    });
  });
}
