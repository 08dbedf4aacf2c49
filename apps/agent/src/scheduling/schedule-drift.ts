import type { ScheduleDriftEvent } from '@rampart/contracts';

import type { SchedulerJobRow } from './scheduler-jobs';
import type { SyncedSchedule } from './synced-schedules';

/**
 * What differs between the jobs the agent registered and those the database holds: a job
 * dropped behind the agent's back (`missing`), disabled by hand (`disabled`), or given another
 * calendar (`calendar`). A schedule registered disabled is expected to stay disabled.
 */
export function scheduleDrift(
  synced: readonly SyncedSchedule[],
  jobs: readonly SchedulerJobRow[],
): ScheduleDriftEvent[] {
  return synced.flatMap((schedule) => driftOf(schedule, jobs));
}

function driftOf(schedule: SyncedSchedule, jobs: readonly SchedulerJobRow[]): ScheduleDriftEvent[] {
  const base = { strategyId: schedule.strategyId, jobName: schedule.jobName };
  const job = jobs.find((j) => j.jobName.toUpperCase() === schedule.jobName.toUpperCase());
  if (!job) {
    return [{ ...base, problem: 'missing', expected: schedule.expression, actual: null }];
  }

  const drift: ScheduleDriftEvent[] = [];
  if (schedule.enabled && !job.enabled) {
    drift.push({ ...base, problem: 'disabled', expected: 'TRUE', actual: 'FALSE' });
  }
  if (normalised(job.repeatInterval) !== normalised(schedule.expression)) {
    drift.push({
      ...base,
      problem: 'calendar',
      expected: schedule.expression,
      actual: job.repeatInterval,
    });
  }
  return drift;
}

/** Oracle keeps the text as typed; case, spaces and a trailing `;` carry no meaning. */
function normalised(expression: string | null): string {
  return (expression ?? '').replace(/\s+/g, '').replace(/;+$/, '').toUpperCase();
}
