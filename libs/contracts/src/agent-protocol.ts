import { z } from 'zod';

import { LOG_STREAMS, RUN_STATES, RUN_TRIGGERS, runVerdictSchema } from './run';
import { strategyDocumentSchema } from './strategy';

/** BullMQ queue of one agent. */
export function agentQueueName(agentId: string): string {
  return `agent.${agentId}`;
}

export const JOB_NAMES = {
  backupRun: 'backup.run',
  scheduleSync: 'schedule.sync',
  scheduleRemove: 'schedule.remove',
  targetInspect: 'target.inspect',
  archivelogEnable: 'archivelog.enable',
  connectionTest: 'connection.test',
} as const;

/**
 * How the agent reaches one database. A password, when the target uses one, travels only
 * sealed for the target's agent (`@rampart/agent-seal`, purpose `targetPasswordPurpose`).
 */
export const targetConnectionSchema = z.object({
  targetId: z.string(),
  name: z.string(),
  oracleHome: z.string().nullable(),
  oracleSid: z.string().nullable(),
  auth: z.enum(['os', 'password']),
  connectString: z.string().nullable(),
  username: z.string().nullable(),
  sealedPassword: z.string().optional(),
});
export type TargetConnection = z.infer<typeof targetConnectionSchema>;

/** What a sealed database password is for: it opens for nothing else. */
export function targetPasswordPurpose(targetId: string): string {
  return `target-password:${targetId}`;
}

export const backupRunJobSchema = z.object({
  runId: z.string(),
  strategyId: z.string(),
  trigger: z.enum(RUN_TRIGGERS),
  strategy: strategyDocumentSchema,
  target: targetConnectionSchema,
});
export type BackupRunJob = z.infer<typeof backupRunJobSchema>;

export const AGENT_EVENTS = {
  runState: 'run.state',
  runProgress: 'run.progress',
  runLog: 'run.log',
  heartbeat: 'agent.heartbeat',
  scheduleDrift: 'schedule.drift',
  runRequest: 'run.request',
} as const;

/** Every agent → console event about a run carries the run's own sequence number. */
const runEventBase = { runId: z.string(), seq: z.number().int().positive() };

export const runStateEventSchema = z.object({
  ...runEventBase,
  ts: z.string(),
  state: z.enum(RUN_STATES),
  verdict: runVerdictSchema.optional(),
  script: z.string().optional(),
  message: z.string().max(4000).optional(),
  /** The database's log mode as the agent read it before the run. */
  logMode: z.enum(['ARCHIVELOG', 'NOARCHIVELOG']).optional(),
});
export type RunStateEvent = z.infer<typeof runStateEventSchema>;

export const runProgressEventSchema = z.object({
  ...runEventBase,
  ts: z.string(),
  percent: z.number().min(0).max(100),
  detail: z.string().max(500).optional(),
});
export type RunProgressEvent = z.infer<typeof runProgressEventSchema>;

export const logLineSchema = z.object({
  seq: z.number().int().positive(),
  ts: z.string(),
  stream: z.enum(LOG_STREAMS),
  text: z.string().max(8000),
});
export type LogLine = z.infer<typeof logLineSchema>;

export const runLogEventSchema = z.object({
  runId: z.string(),
  lines: z.array(logLineSchema).min(1).max(1000),
});
export type RunLogEvent = z.infer<typeof runLogEventSchema>;

export const heartbeatEventSchema = z.object({
  ts: z.string(),
  version: z.string(),
  platform: z.string(),
  runningRunIds: z.array(z.string()),
});
export type HeartbeatEvent = z.infer<typeof heartbeatEventSchema>;

/** The console's answer to a run event: the highest contiguous sequence it has stored. */
export interface RunEventAck {
  runId: string;
  ackedSeq: number;
}
