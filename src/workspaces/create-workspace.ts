import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/passwords.js';
import { randomToken } from '../lib/crypto.js';
import { newId } from '../lib/ids.js';
import type { DB } from '../store/schema.js';

export interface CreatedWorkspace {
  workspaceId: string;
  ownerId: string;
  ownerEmail: string;
  /** Present only when generated here: printed once, never stored in clear. */
  generatedPassword?: string;
}

/** Creates a workspace with its owner. An existing user (same email) becomes owner of the new workspace. */
export async function createWorkspace(
  db: Kysely<DB>,
  input: { name: string; ownerEmail: string; ownerName: string; password?: string; now: number },
): Promise<CreatedWorkspace> {
  const generatedPassword = input.password ? undefined : randomToken(12);
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  return db.transaction().execute(async (tx) => {
    const workspaceId = newId(input.now);
    await tx.insertInto('workspaces').values({ id: workspaceId, name: input.name, created_at: input.now }).execute();
    const email = input.ownerEmail.toLowerCase();
    let user = await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (!user) {
      user = { id: newId(input.now) };
      await tx
        .insertInto('users')
        .values({
          id: user.id,
          email,
          name: input.ownerName,
          password_hash: passwordHash,
          created_at: input.now,
          must_change_password: generatedPassword ? 1 : 0,
        })
        .execute();
    }
    await tx.insertInto('memberships').values({ workspace_id: workspaceId, user_id: user.id, role: 'owner', created_at: input.now }).execute();
    return { workspaceId, ownerId: user.id, ownerEmail: email, generatedPassword };
  });
}
