import type { RunState } from '@rampart/contracts';

// Kept here rather than imported as values from @rampart/contracts so the zod schemas of the
// contracts barrel stay out of the browser bundle; the type ties the list to the contract.
export const RUN_STATE_OPTIONS: readonly RunState[] = [
  'queued',
  'dispatched',
  'running',
  'succeeded',
  'succeeded_with_warnings',
  'failed',
  'interrupted',
  'cancelled',
  'missed',
  'skipped',
];

export const ACTIVE_RUN_STATES: readonly RunState[] = ['queued', 'dispatched', 'running'];

export const FAILED_RUN_STATES: readonly RunState[] = ['failed', 'interrupted', 'missed'];

export function isActiveRunState(state: RunState): boolean {
  return ACTIVE_RUN_STATES.includes(state);
}

export function isFailedRunState(state: RunState): boolean {
  return FAILED_RUN_STATES.includes(state);
}

const LABELS: Record<RunState, string> = {
  queued: 'Queued',
  dispatched: 'Dispatched',
  running: 'Running',
  succeeded: 'Succeeded',
  succeeded_with_warnings: 'Succeeded with warnings',
  failed: 'Failed',
  interrupted: 'Interrupted',
  cancelled: 'Cancelled',
  missed: 'Missed',
  skipped: 'Skipped',
};

export function runStateLabel(state: RunState): string {
  return LABELS[state];
}
