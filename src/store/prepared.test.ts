import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../test/store.js';
import { prepared } from './prepared.js';

describe('prepared queries', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const insertWorkspace = prepared((db, id: string, name: string, at: number) => db.insertInto('workspaces').values({ id, name, created_at: at }));
  // A constant ('%') beside the arguments, and one argument bound twice.
  const findByIdOrName = prepared((db, key: string) =>
    db
      .selectFrom('workspaces')
      .select(['id', 'name', 'created_at'])
      .where((eb) => eb.or([eb('id', '=', key), eb('name', '=', key), eb('name', 'like', '%')]))
      .where('id', '=', key)
      .orderBy('id'),
  );

  it('runs one compiled query with new values every time, on either dialect', async () => {
    for (let i = 0; i < 3; i++) await insertWorkspace(t.store.db, `w${i}`, `Workspace ${i}`, 1000 + i);
    for (let i = 0; i < 3; i++)
      expect((await findByIdOrName(t.store.db, `w${i}`)).rows).toEqual([{ id: `w${i}`, name: `Workspace ${i}`, created_at: 1000 + i }]);
    expect((await findByIdOrName(t.store.db, 'nope')).rows).toEqual([]);
  });

  it('works inside a transaction and sees its uncommitted rows', async () => {
    await t.store.db.transaction().execute(async (tx) => {
      await insertWorkspace(tx, 'wt', 'In tx', 5);
      expect((await findByIdOrName(tx, 'wt')).rows).toHaveLength(1);
    });
  });

  it('refuses an argument used as more than a bound value', async () => {
    const bad = prepared((db, name: string) => db.selectFrom('workspaces').select('id').where('name', '=', `${name}!`));
    await expect(bad(t.store.db, 'x')).rejects.toThrow(/more than a bound value/);
  });
});
