import { nextRuns } from '@rampart/oracle-calendar';

import type { SyncedSchedule } from './synced-schedules';

const MINUTE_MS = 60_000;

/**
 * The planned time of a fire: the calendar slot nearest to `now` within the strategy's grace
 * on either side (Oracle starts a job at or after its slot; a simulated clock may run ahead),
 * else `now` to the second. An external job is not told its own slot, so the agent works it
 * out from the calendar it registered.
 */
export function plannedTimeFor(schedule: SyncedSchedule | null, now: Date): string {
  const fallback = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
  if (!schedule) return fallback;

  const window = schedule.graceMinutes * MINUTE_MS;
  const slots = slotsAround(schedule, now, window);
  const nearest = slots
    .map((slot) => ({ slot, distance: Math.abs(Date.parse(slot) - now.getTime()) }))
    .filter((s) => s.distance <= window)
    .sort((a, b) => a.distance - b.distance)[0];

  return nearest ? new Date(Date.parse(nearest.slot)).toISOString() : fallback;
}

function slotsAround(schedule: SyncedSchedule, now: Date, window: number): string[] {
  try {
    return nextRuns(schedule.expression, {
      start: schedule.startDate,
      tz: schedule.timezone,
      count: 50,
      after: new Date(now.getTime() - window - 1).toISOString(),
    }).filter((slot) => Date.parse(slot) <= now.getTime() + window);
  } catch {
    return [];
  }
}
