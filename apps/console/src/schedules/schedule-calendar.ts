import { DateTime } from 'luxon';

import type { Schedule, ScheduleSpec } from '@rampart/contracts';
import { nextRuns, type OracleCalendar, scheduleToCalendar } from '@rampart/oracle-calendar';

/**
 * The schedule with its start date fixed: the wizard may leave it out, and a calendar whose
 * start moves with the clock has no past. The strategy's creation time stands in for it, so
 * the console and the agent's Scheduler job count the same slots.
 */
export function anchoredSchedule(schedule: Schedule, createdAt: Date): Schedule {
  if (schedule.spec.startDate) return schedule;
  const startDate = DateTime.fromJSDate(createdAt)
    .setZone(zoneOf(schedule.spec))
    .toFormat("yyyy-MM-dd'T'HH:mm");
  return { ...schedule, spec: { ...schedule.spec, startDate } as ScheduleSpec };
}

export function calendarOf(schedule: Schedule): OracleCalendar {
  return scheduleToCalendar(schedule.spec);
}

/** Planned starts strictly after `after` and at or before `until`, oldest first. */
export function slotsBetween(calendar: OracleCalendar, after: Date, until: Date): Date[] {
  const slots: Date[] = [];
  let cursor = after;
  for (let page = 0; page < 20; page += 1) {
    const runs = nextRuns(calendar.expression, {
      start: calendar.startDate,
      tz: calendar.timezone,
      count: 100,
      after: cursor.toISOString(),
    }).map((iso) => new Date(iso));
    slots.push(...runs.filter((d) => d.getTime() <= until.getTime()));
    const last = runs[runs.length - 1];
    if (!last || last.getTime() > until.getTime() || runs.length < 100) return slots;
    cursor = last;
  }
  return slots;
}

/** luxon reads `+02:00` as `UTC+2`; IANA names pass as they are. */
function zoneOf(spec: ScheduleSpec): string {
  return /^[+-]\d{2}:\d{2}$/.test(spec.timezone) ? `UTC${spec.timezone}` : spec.timezone;
}
