import type { ScheduleDriftEvent } from '@rampart/contracts';

import type { SchedulerJobRow } from './scheduler-jobs';
import type { SyncedSchedule } from './synced-schedules';

/**
 * What differs between the jobs the agent registered in one database and those it holds: a
 * job dropped behind the agent's back (`missing`), disabled by hand (`disabled`), given another
 * calendar (`calendar`), or a RAMPART_ job the agent never registered (`unexpected`: left by
 * a deleted strategy or a lost agent, which the console attributes). A schedule registered
 * disabled is expected to stay disabled.
 */
export function scheduleDrift(
  synced: readonly SyncedSchedule[],
  jobs: readonly SchedulerJobRow[],
): ScheduleDriftEvent[] {
  const known = new Set(synced.map((s) => s.jobName.toUpperCase()));
  const unexpected = jobs
    .filter((job) => /^RAMPART_/i.test(job.jobName) && !known.has(job.jobName.toUpperCase()))
    .map((job) => ({
      strategyId: '',
      jobName: job.jobName.toUpperCase(),
      problem: 'unexpected' as const,
      expected: null,
      actual: job.repeatInterval,
    }));
  return [...synced.flatMap((schedule) => driftOf(schedule, jobs)), ...unexpected];
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
