import type { Run } from '../../core/api/api.types';
import { runTime } from '../../core/api/runs.service';

export type RunSortColumn =
  'status' | 'strategy' | 'target' | 'type' | 'trigger' | 'queued' | 'duration' | 'size';

export interface RunSort {
  column: RunSortColumn;
  direction: 'asc' | 'desc';
}

const KEYS: Record<RunSortColumn, (run: Run) => string | number | null> = {
  status: (run) => run.status,
  strategy: (run) => run.strategyName.toLowerCase(),
  target: (run) => run.targetName.toLowerCase(),
  type: (run) => run.type,
  trigger: (run) => run.trigger,
  queued: (run) => runTime(run),
  duration: (run) => run.durationSeconds,
  size: (run) => run.bytes,
};

/**
 * The loaded runs in the chosen order; runs without a value (not finished, no size) go last
 * whichever the direction, and ties keep the console's newest-first order.
 */
export function sortRuns(runs: readonly Run[], sort: RunSort | null): Run[] {
  if (!sort) return [...runs];

  const key = KEYS[sort.column];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return runs
    .map((run, index) => ({ run, index, value: key(run) }))
    .sort((a, b) => compareValues(a.value, b.value, sign) || a.index - b.index)
    .map((entry) => entry.run);
}

function compareValues(a: string | number | null, b: string | number | null, sign: number) {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a < b ? -1 : 1) * sign;
}
