import type { BusinessHoursTable } from '../store/schema.js';
import type { ScheduleVersion, WeeklyHours } from './schedule.js';

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
