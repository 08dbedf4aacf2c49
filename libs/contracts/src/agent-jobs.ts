import { z } from 'zod';

import { targetConnectionSchema } from './agent-protocol';
import { scheduleSchema } from './schedule';
import { strategyDocumentSchema } from './strategy';

/**
 * Payloads and results of the agent's jobs other than `backup.run`. The console adds a job to
 * the agent's queue and, for the request/answer jobs, waits for the job's return value.
 */

/** `target.inspect` and `connection.test` need only the target. */
export const targetJobSchema = z.object({ target: targetConnectionSchema });
export type TargetJob = z.infer<typeof targetJobSchema>;

export const LOG_MODES = ['ARCHIVELOG', 'NOARCHIVELOG'] as const;

export const recoveryAreaSchema = z.object({
  name: z.string(),
  limitBytes: z.number().nonnegative(),
  usedBytes: z.number().nonnegative(),
  reclaimableBytes: z.number().nonnegative(),
  files: z.number().int().nonnegative(),
});

/** What the wizard's pickers and the overview need to know about a database. */
export const targetInspectionSchema = z.object({
  inspectedAt: z.string(),
  databaseName: z.string(),
  dbid: z.string(),
  version: z.string().nullable(),
  logMode: z.enum(LOG_MODES),
  openMode: z.string(),
  role: z.string(),
  recoveryArea: recoveryAreaSchema.nullable(),
  tablespaces: z.array(z.object({ name: z.string(), contents: z.string(), status: z.string() })),
  schemas: z.array(z.string()),
  tables: z.array(z.object({ owner: z.string(), name: z.string() })),
});
export type TargetInspection = z.infer<typeof targetInspectionSchema>;

export const connectionTestResultSchema = z.object({
  ok: z.boolean(),
  /** What happened, and what to do when it failed. */
  message: z.string(),
  databaseName: z.string().nullable(),
  logMode: z.enum(LOG_MODES).nullable(),
  elapsedMs: z.number().nonnegative(),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

/** `archivelog.enable`: restarts the database; the console sends it only when confirmed. */
export const archivelogEnableJobSchema = z.object({
  target: targetConnectionSchema,
  confirmed: z.literal(true),
  requestedBy: z.string(),
});
export type ArchivelogEnableJob = z.infer<typeof archivelogEnableJobSchema>;

export const archivelogEnableResultSchema = z.object({
  before: z.enum(LOG_MODES),
  after: z.enum(LOG_MODES),
  /** The SQL*Plus output of each step, for the audit trail. */
  output: z.array(z.string()),
  /** A level 0 is needed after the switch: earlier backups cannot roll forward across it. */
  needsLevel0: z.boolean(),
});
export type ArchivelogEnableResult = z.infer<typeof archivelogEnableResultSchema>;

/** `schedule.sync`: create or replace the strategy's Oracle Scheduler job, enabled or not. */
export const scheduleSyncJobSchema = z.object({
  strategyId: z.string(),
  jobName: z.string().regex(/^RAMPART_[A-Z0-9_]{1,100}$/),
  strategy: strategyDocumentSchema,
  schedule: scheduleSchema,
  target: targetConnectionSchema,
  /**
   * The OS account Oracle Scheduler runs the external job as (Oracle 12c+ needs one): the
   * password sealed for this agent alone (`@rampart/agent-seal`, purpose
   * `schedulerCredentialPurpose(targetId)`). Null runs the job without a credential.
   */
  credential: z
    .object({ username: z.string().min(1).max(128), sealedPassword: z.string().min(1) })
    .nullable()
    .default(null),
});
export type ScheduleSyncJob = z.infer<typeof scheduleSyncJobSchema>;

/** The one credential Rampart keeps in each database for its Scheduler jobs. */
export const SCHEDULER_CREDENTIAL_NAME = 'RAMPART_OS';

/** What a sealed OS password is for: it opens for nothing else. */
export function schedulerCredentialPurpose(targetId: string): string {
  return `scheduler-credential:${targetId}`;
}

export const scheduleRemoveJobSchema = z.object({
  strategyId: z.string(),
  jobName: z.string().regex(/^RAMPART_[A-Z0-9_]{1,100}$/),
  target: targetConnectionSchema,
});
export type ScheduleRemoveJob = z.infer<typeof scheduleRemoveJobSchema>;

/** The Scheduler job name of a strategy: stable, and a valid Oracle identifier. */
export function schedulerJobName(strategyId: string): string {
  return `RAMPART_${strategyId.replace(/-/g, '').toUpperCase().slice(0, 24)}`;
}

/** Console → agent on `/agents`: stop a run (interrupt, then terminate after a grace). */
export const CONSOLE_TO_AGENT_EVENTS = {
  runCancel: 'run.cancel',
} as const;

export const runCancelRequestSchema = z.object({ runId: z.string() });

/** Agent → console: Oracle Scheduler fired a strategy; the console answers with the run. */
export const runRequestEventSchema = z.object({
  strategyId: z.string(),
  plannedAt: z.string(),
});
export type RunRequestEvent = z.infer<typeof runRequestEventSchema>;

export const scheduleDriftEventSchema = z.object({
  strategyId: z.string(),
  jobName: z.string(),
  problem: z.enum(['missing', 'disabled', 'calendar', 'unexpected']),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
});
export type ScheduleDriftEvent = z.infer<typeof scheduleDriftEventSchema>;
