import type { RunFilter } from './runs.repository';

/** One run as the evidence exports read it: the logs_backup columns a DBA audits. */
export interface RunExportRow {
  id: string;
  target_name: string;
  target_id: string;
  strategy_name: string;
  strategy_id: string | null;
  type: string;
  trigger: string;
  priority: string;
  status: string;
  scheduled_at: Date | null;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  duration_seconds: number | null;
  bytes: string | null;
  pieces: number | null;
  error_codes: string[];
  warning_codes: string[];
  primary_error: string | null;
  message: string | null;
}

export const EXPORT_COLUMNS: (keyof RunExportRow)[] = [
  'id',
  'target_name',
  'target_id',
  'strategy_name',
  'strategy_id',
  'type',
  'trigger',
  'priority',
  'status',
  'scheduled_at',
  'queued_at',
  'started_at',
  'finished_at',
  'duration_seconds',
  'bytes',
  'pieces',
  'error_codes',
  'warning_codes',
  'primary_error',
  'message',
];

/** Filters in words, for the report's header and the audit trail. */
export function describeFilter(filter: RunFilter): string[] {
  const lines: string[] = [];
  if (filter.status?.length) lines.push(`status: ${filter.status.join(', ')}`);
  if (filter.targetId) lines.push(`target: ${filter.targetId}`);
  if (filter.strategyId) lines.push(`strategy: ${filter.strategyId}`);
  if (filter.type) lines.push(`type: ${filter.type}`);
  return lines.length ? lines : ['none (every run)'];
}

export function describePeriod(filter: RunFilter): string {
  return `${filter.from ?? 'the first run'} to ${filter.to ?? 'now'} (queued time, to exclusive)`;
}
