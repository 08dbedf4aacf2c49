import { z } from 'zod';

export const RUN_STATES = [
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
] as const;
export type RunState = (typeof RUN_STATES)[number];

export const TERMINAL_RUN_STATES: readonly RunState[] = [
  'succeeded',
  'succeeded_with_warnings',
  'failed',
  'interrupted',
  'cancelled',
  'missed',
  'skipped',
];

export function isTerminalRunState(state: RunState): boolean {
  return TERMINAL_RUN_STATES.includes(state);
}

/** The transitions a run may make; anything else is refused and logged. */
const NEXT_STATES: Record<RunState, readonly RunState[]> = {
  queued: ['dispatched', 'running', 'cancelled', 'missed', 'skipped', 'interrupted', 'failed'],
  dispatched: ['running', 'cancelled', 'interrupted', 'failed'],
  running: ['succeeded', 'succeeded_with_warnings', 'failed', 'interrupted', 'cancelled'],
  succeeded: [],
  succeeded_with_warnings: [],
  failed: [],
  interrupted: [],
  cancelled: [],
  missed: [],
  skipped: [],
};

export function canTransition(from: RunState, to: RunState): boolean {
  return NEXT_STATES[from].includes(to);
}

export const RUN_TRIGGERS = ['manual', 'scheduler', 'console-clock', 'api'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const LOG_STREAMS = ['stdout', 'stderr', 'agent'] as const;
export type LogStream = (typeof LOG_STREAMS)[number];

/** The verdict of a finished RMAN or Data Pump run, as `libs/rman` derives it. */
export const runVerdictSchema = z.object({
  status: z.enum(['success', 'warnings', 'failed', 'interrupted']),
  errorCodes: z.array(z.string()),
  warningCodes: z.array(z.string()),
  primaryError: z.string().nullable(),
  pieces: z.number().int().nonnegative(),
  handles: z.array(z.string()),
  tags: z.array(z.string()),
  bytes: z.number().nonnegative().nullable(),
  partialOutput: z.boolean(),
});
export type RunVerdict = z.infer<typeof runVerdictSchema>;

/** Maps a parser verdict to the run state stored in `logs_backup`. */
export function runStateForVerdict(verdict: Pick<RunVerdict, 'status'>): RunState {
  switch (verdict.status) {
    case 'success':
      return 'succeeded';
    case 'warnings':
      return 'succeeded_with_warnings';
    case 'failed':
      return 'failed';
    case 'interrupted':
      return 'interrupted';
  }
}
