import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { parseJson } from '../lib/json.js';
import type { DB } from '../store/schema.js';

/** A workspace's survey settings (docs/surveys.md). Stored as one JSON row; absent = surveys off. */
export const surveySettingsSchema = z.object({
  kind: z.enum(['off', 'csat', 'nps', 'ces']).default('off'),
  /** Minutes after resolution before asking (0 = at once; at most a week). */
  delayMinutes: z.number().int().min(0).max(10_080).default(60),
  /** Per channel id: false = never ask there. Channels not listed are asked. */
  channels: z.record(z.string().max(64), z.boolean()).default({}),
  /** Your own wording; null = the default question of the kind. */
  question: z.string().trim().min(1).max(500).nullable().default(null),
  /** Days a link (and buttons) stay answerable. */
  linkTtlDays: z.number().int().min(1).max(90).default(7),
});
export type SurveySettings = z.output<typeof surveySettingsSchema>;

export async function loadSurveySettings(db: Kysely<DB>, workspaceId: string): Promise<SurveySettings> {
  const row = await db.selectFrom('survey_settings').select('settings').where('workspace_id', '=', workspaceId).executeTakeFirst();
  const r = surveySettingsSchema.safeParse(parseJson(row?.settings, {}));
  return r.success ? r.data : surveySettingsSchema.parse({});
}

/** Replaces the settings (admin). The change is an event, so who turned surveys on or off is on record. */
export async function saveSurveySettings(app: App, input: { workspaceId: string; actorUserId: string; settings: SurveySettings }): Promise<SurveySettings> {
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const text = JSON.stringify(input.settings);
    const res = await tx
      .updateTable('survey_settings')
      .set({ settings: text, updated_at: now })
      .where('workspace_id', '=', input.workspaceId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0)
      await tx.insertInto('survey_settings').values({ workspace_id: input.workspaceId, settings: text, updated_at: now }).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'survey.settings_changed',
      actorUserId: input.actorUserId,
      data: { kind: input.settings.kind },
      at: now,
    });
  });
  return input.settings;
}
