import type { LogLine, Priority, RunState, RunTrigger, StrategyType } from '@rampart/contracts';

// The REST payloads the dashboard reads, as the console's /api/v1 contract states them.
// TODO: move these DTOs into libs/contracts once the console exports its response types.

export type LogMode = 'ARCHIVELOG' | 'NOARCHIVELOG';

export interface Target {
  id: string;
  name: string;
  logMode: LogMode | null;
  agentId: string | null;
  agentOnline: boolean;
  lastGoodBackupAt: string | null;
}

export interface LastRun {
  id: string;
  status: RunState;
  finishedAt: string | null;
}

export interface StrategySummary {
  id: string;
  name: string;
  targetId: string;
  targetName: string;
  type: StrategyType;
  priority: Priority;
  enabled: boolean;
  scheduleSummary: string | null;
  lastRun: LastRun | null;
}

export interface RunExplanation {
  cause: string;
  nextStep: string;
}

export interface Run {
  id: string;
  strategyId: string;
  strategyName: string;
  targetId: string;
  targetName: string;
  type: StrategyType;
  trigger: RunTrigger;
  priority: Priority;
  status: RunState;
  progress: number | null;
  scheduledAt: string | null;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationSeconds: number | null;
  bytes: number | null;
  pieces: number | null;
  errorCodes: string[];
  primaryError: string | null;
  explanation: RunExplanation | null;
  script: string | null;
}

export interface RunPage {
  items: Run[];
  nextCursor: string | null;
}

export interface RunLog {
  lines: LogLine[];
}

/** Filters of the run list; the same ones drive the CSV and PDF exports. */
export interface RunFilters {
  status?: RunState;
  targetId?: string;
  strategyId?: string;
  type?: StrategyType;
  from?: string;
  to?: string;
}

/** The console's error body (NestJS shape). */
export interface ApiErrorBody {
  statusCode: number;
  message: string | string[];
  error?: string;
}
