import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupCli } from '../cli/backup.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { processJournalBatch } from '../intake/processor.js';
import { runDueJobs } from '../jobs/run-due.js';
import { startScheduler } from '../processes/scheduler.js';
import { openStore } from '../store/db.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp } from '../test/app.js';
import { until } from '../test/child.js';
import { testDialect, testPgUrl } from '../test/store.js';
import { backupFileName, planScheduledBackup, scheduledBackupJob, settleScheduledBackups } from './scheduled-backup.js';

const HOUR = 3_600_000;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'hearken-scheduled-'));
const dir = path.join(scratch, 'backups');
let t: TestApp;
let clock = Date.parse('2026-12-01T03:00:00Z');

const jobs = () =>
  t.app.store.db
    .selectFrom('jobs')
    .select(['id', 'status', 'run_at', 'last_error'])
    .where('name', '=', scheduledBackupJob.name)
    .orderBy('created_at')
    .execute();
/** Runs what is due and waits for the backup it started (backups run beside the worker's batch). */
const runDue = async () => {
  await runDueJobs(t.app);
  await settleScheduledBackups();
};

afterAll(async () => {
  await t?.close();
  rmSync(scratch, { recursive: true, force: true });
});

// Scheduled backups exist in embedded mode only: the SQLite run tests them, the PostgreSQL run tests the refusal.
if (testDialect === 'sqlite')
  describe('scheduled backups with retention (sqlite)', () => {
    beforeAll(async () => {
      t = await buildTestApp({ HEARKEN_BACKUP_DIR: dir, HEARKEN_BACKUP_EVERY_HOURS: '24', HEARKEN_BACKUP_KEEP: '2' });
      t.app.now = () => clock;
      const w = await buildWorkspace(t);
      await deliver(t, w, buildInbound({ text: 'Is my parcel lost?' }));
      while ((await processJournalBatch(t.app)) > 0);
    });

    it('the scheduler plans the first backup at once', async () => {
      const stop = startScheduler(t.app, 20);
      try {
        await until(async () => (await jobs()).length > 0, 'a planned backup', 10_000);
      } finally {
        await stop();
      }
      const [job] = await jobs();
      expect(job).toMatchObject({ status: 'pending', run_at: clock });
      // Planned once: another look finds it pending.
      expect(await planScheduledBackup(t.app)).toBeNull();
      expect(await jobs()).toHaveLength(1);
    });

    it('writes a restorable backup, plans the next one, and keeps only the newest N', async () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'notes.txt'), 'not ours');
      mkdirSync(path.join(dir, 'hearken-20261130T000000Z.tar.gz.staging-abcd1234'));
      writeFileSync(path.join(dir, 'hearken-20261130T000000Z.tar.gz.partial'), 'killed mid-way');
      const first = backupFileName(clock);
      expect(first).toBe('hearken-20261201T030000Z.tar.gz');
      await runDue();
      expect(readdirSync(dir).sort()).toEqual([first, 'notes.txt']);
      const [done, next] = await jobs();
      expect(done.status).toBe('done');
      expect(next).toMatchObject({ status: 'pending', run_at: clock + 24 * HOUR });

      // Not due yet: nothing happens.
      clock += 23 * HOUR;
      await runDue();
      expect(readdirSync(dir)).toHaveLength(2);

      const target = path.join(scratch, 'restored');
      const lines: string[] = [];
      const code = await runBackupCli('restore', [path.join(dir, first)], (l) => lines.push(l), { HEARKEN_DATA_DIR: target });
      expect(lines[0]).toMatch(/^restored the backup of 2026-12-01T03:00:00.000Z/);
      expect(code).toBe(0);
      const restored = openStore(loadConfig({ HEARKEN_DATA_DIR: target }).db);
      try {
        const msgs = await restored.db.selectFrom('messages').select('body').execute();
        expect(msgs.map((m) => m.body)).toContain('Is my parcel lost?');
      } finally {
        await restored.close();
      }

      clock += HOUR;
      await runDue();
      clock += 24 * HOUR;
      await runDue();
      expect(readdirSync(dir).sort()).toEqual(['hearken-20261202T030000Z.tar.gz', 'hearken-20261203T030000Z.tar.gz', 'notes.txt']);
      expect((await jobs()).map((j) => j.status)).toEqual(['done', 'done', 'done', 'pending']);
    });

    it('after a restart plans from the newest archive, and follows a shortened interval', async () => {
      await t.app.store.db.deleteFrom('jobs').where('name', '=', scheduledBackupJob.name).execute();
      const newest = Date.parse('2026-12-03T03:00:00Z');
      expect(await planScheduledBackup(t.app)).toBe(newest + 24 * HOUR);
      t.app.config.backup.everyHours = 6;
      expect(await planScheduledBackup(t.app)).toBeNull();
      expect((await jobs())[0].run_at).toBe(newest + 6 * HOUR);
      t.app.config.backup.everyHours = 24;
    });

    it('a failed backup is kept with its reason and tried again within the hour', async () => {
      await t.app.store.db.deleteFrom('jobs').where('name', '=', scheduledBackupJob.name).execute();
      const blocked = path.join(scratch, 'a-file');
      writeFileSync(blocked, 'x');
      t.app.config.backup.dir = path.join(blocked, 'backups'); // a folder inside a file: cannot be created
      clock += 48 * HOUR;
      try {
        await planScheduledBackup(t.app);
        await runDue();
        const [failed, retry] = await jobs();
        expect(failed.status).toBe('failed');
        expect(failed.last_error).toMatch(/ENOTDIR|not a directory/);
        expect(retry).toMatchObject({ status: 'pending', run_at: clock + HOUR });
      } finally {
        t.app.config.backup.dir = dir;
      }
    });
  });
else
  describe('scheduled backups (postgres)', () => {
    beforeAll(async () => {
      t = await buildTestApp();
    });

    it('are refused at boot: they are for embedded mode', () => {
      const env = { HEARKEN_DATA_DIR: scratch, HEARKEN_DATABASE_URL: testPgUrl, HEARKEN_BACKUP_EVERY_HOURS: '24' };
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/HEARKEN_BACKUP_EVERY_HOURS: scheduled backups are for embedded mode/);
      expect(loadConfig({ ...env, HEARKEN_BACKUP_EVERY_HOURS: '0' }).backup.everyHours).toBe(0);
    });

    it('plan nothing on PostgreSQL, even if asked', async () => {
      t.app.config.backup.everyHours = 24;
      expect(await planScheduledBackup(t.app)).toBeNull();
      expect(await jobs()).toEqual([]);
    });
  });
