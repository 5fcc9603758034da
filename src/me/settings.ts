import { z } from 'zod';
import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { parseJson } from '../lib/json.js';

/** A member's own preferences in a workspace. Defaults live here, so old rows read complete. */
export const settingsSchema = z.object({
  notifications: z.object({ assignments: z.boolean(), mentions: z.boolean() }),
  signature: z.object({ enabled: z.boolean() }),
  /** 'system' follows the device's light/dark setting; the other two pin it. */
  appearance: z.object({ theme: z.enum(['system', 'light', 'dark']) }),
});
export type MemberSettings = z.infer<typeof settingsSchema>;
const defaults: MemberSettings = { notifications: { assignments: true, mentions: true }, signature: { enabled: false }, appearance: { theme: 'system' } };

export const settingsPatchSchema = z.object({
  notifications: settingsSchema.shape.notifications.partial().optional(),
  signature: settingsSchema.shape.signature.partial().optional(),
  appearance: settingsSchema.shape.appearance.partial().optional(),
});

export async function getSettings(app: App, p: Principal): Promise<MemberSettings> {
  const row = await app.store.db
    .selectFrom('memberships')
    .select('settings')
    .where('workspace_id', '=', p.workspaceId)
    .where('user_id', '=', p.userId)
    .executeTakeFirst();
  const stored = parseJson<Partial<MemberSettings>>(row?.settings, {});
  return {
    notifications: { ...defaults.notifications, ...stored.notifications },
    signature: { ...defaults.signature, ...stored.signature },
    appearance: { ...defaults.appearance, ...stored.appearance },
  };
}

export async function updateSettings(app: App, p: Principal, patch: z.infer<typeof settingsPatchSchema>): Promise<MemberSettings> {
  const cur = await getSettings(app, p);
  const next: MemberSettings = {
    notifications: { ...cur.notifications, ...patch.notifications },
    signature: { ...cur.signature, ...patch.signature },
    appearance: { ...cur.appearance, ...patch.appearance },
  };
  await app.store.db
    .updateTable('memberships')
    .set({ settings: JSON.stringify(next) })
    .where('workspace_id', '=', p.workspaceId)
    .where('user_id', '=', p.userId)
    .execute();
  return next;
}
