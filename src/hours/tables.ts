import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { ScheduleVersion, WeeklyHours } from './schedule.js';

/** Row type of business_hours (migration 0004), kept beside the code that owns the table. */
export interface BusinessHoursTable {
  id: string;
  workspace_id: string;
  /** null = the workspace default. */
  channel_id: string | null;
  effective_from: number;
  /** JSON WeeklyHours; null = a channel goes back to the workspace default from effective_from. */
  hours: string | null;
  created_by: string | null;
  created_at: number;
}

export type HoursDB = DB & { business_hours: BusinessHoursTable };

export const hoursDb = (db: Kysely<DB>): Kysely<HoursDB> => db.withTables<{ business_hours: BusinessHoursTable }>();

export interface HoursRow {
  id: string;
  channelId: string | null;
  effectiveFrom: number;
  hours: WeeklyHours | null;
  createdAt: number;
}

export const toHoursRow = (r: BusinessHoursTable): HoursRow => ({
  id: r.id,
  channelId: r.channel_id,
  effectiveFrom: r.effective_from,
  hours: r.hours === null ? null : (JSON.parse(r.hours) as WeeklyHours),
  createdAt: r.created_at,
});

export const toVersion = (r: HoursRow): ScheduleVersion => ({ ...r.hours!, effectiveFrom: r.effectiveFrom });
