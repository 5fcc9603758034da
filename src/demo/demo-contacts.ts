import type { App } from '../app.js';
import { newId } from '../lib/ids.js';

const PEOPLE = [
  { name: 'Amelia Hart', email: 'amelia.hart@example.com', phone: '+442079460958', plan: 'pro' },
  { name: 'Kenji Watanabe', email: 'kenji.w@example.jp', phone: '+81312345678', plan: 'free' },
  { name: 'Lucía Fernández', email: 'lucia.fernandez@example.es', phone: '+34912345678', plan: 'business' },
  { name: 'Jonas Becker', email: 'jonas.becker@example.de', phone: '+4915112345678', plan: 'free' },
];

/**
 * A demo workspace's directory is not empty on day one: a "plan" attribute (a choice) and a few
 * customers with e-mail and phone. Idempotent: runs on every boot, adds only what is missing.
 */
export async function seedDemoContacts(app: App, workspaceId: string): Promise<void> {
  const db = app.store.db;
  const now = app.now();
  await db.transaction().execute(async (tx) => {
    const def = await tx.selectFrom('contact_attribute_defs').select('id').where('workspace_id', '=', workspaceId).where('key', '=', 'plan').executeTakeFirst();
    if (!def) {
      await tx
        .insertInto('contact_attribute_defs')
        .values({
          id: newId(now),
          workspace_id: workspaceId,
          key: 'plan',
          label: 'Plan',
          type: 'select',
          options: JSON.stringify(['free', 'pro', 'business']),
          description: 'The customer’s subscription (demo)',
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    for (const p of PEOPLE) {
      const found = await tx.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('email', '=', p.email).executeTakeFirst();
      if (found) continue;
      await tx
        .insertInto('contacts')
        .values({
          id: newId(now),
          workspace_id: workspaceId,
          name: p.name,
          email: p.email,
          phone: p.phone,
          attributes: JSON.stringify({ plan: p.plan }),
          merged_into_id: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  });
}
