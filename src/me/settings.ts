import { z } from 'zod';
import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { parseJson } from '../lib/json.js';

/**
 * A member's own preferences in a workspace. Defaults live here, so old rows read complete.
 * notifications: one switch per kind of notification (README "Notifications"); `email` also
 * mails the non-rule kinds (a rule's own "also by e-mail" decides for its notifications).
 */
export const settingsSchema = z.object({
  notifications: z.object({
    assignments: z.boolean(),
    mentions: z.boolean(),
    slaBreaches: z.boolean(),
    approvals: z.boolean(),
    rules: z.boolean(),
    email: z.boolean(),
  }),
  signature: z.object({ enabled: z.boolean() }),
  /** 'system' follows the device's light/dark setting; the other two pin it. */
  appearance: z.object({ theme: z.enum(['system', 'light', 'dark']) }),
});
export type MemberSettings = z.infer<typeof settingsSchema>;
const defaults: MemberSettings = {
  notifications: { assignments: true, mentions: true, slaBreaches: true, approvals: true, rules: true, email: false },
  signature: { enabled: false },
  appearance: { theme: 'system' },
};

export const settingsPatchSchema = z.object({
  notifications: settingsSchema.shape.notifications.partial().optional(),
  signature: settingsSchema.shape.signature.partial().optional(),
  appearance: settingsSchema.shape.appearance.partial().optional(),
});

/** A membership's stored settings (JSON text, possibly written by older code), completed with the defaults. */
export function readSettings(json: string | null | undefined): MemberSettings {
  const stored = parseJson<Partial<MemberSettings>>(json, {});
  return {
    notifications: { ...defaults.notifications, ...stored.notifications },
    signature: { ...defaults.signature, ...stored.signature },
    appearance: { ...defaults.appearance, ...stored.appearance },
  };
}

export async function getSettings(app: App, p: Principal): Promise<MemberSettings> {
  const row = await app.store.db
    .selectFrom('memberships')
    .select('settings')
    .where('workspace_id', '=', p.workspaceId)
    .where('user_id', '=', p.userId)
    .executeTakeFirst();
  return readSettings(row?.settings);
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
