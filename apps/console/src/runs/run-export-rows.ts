import type { RunFilter } from './runs.repository';

/** The logs_backup columns a DBA audits, in the order the exports write them. */
export const EXPORT_COLUMNS = [
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
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/**
 * One run as the evidence exports read it: one cell per EXPORT_COLUMNS entry, in that order, as
 * PostgreSQL writes it in text (timestamps in ISO 8601 UTC with milliseconds, numbers in
 * decimal, codes space-separated), null where the run has no value.
 */
export type RunExportRow = (string | null)[];

const CELL_INDEX = Object.fromEntries(EXPORT_COLUMNS.map((column, i) => [column, i])) as Record<
  ExportColumn,
  number
>;

/** One cell of a run, '' where the run has no value. */
export function exportCell(row: RunExportRow, column: ExportColumn): string {
  return row[CELL_INDEX[column]] ?? '';
}

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
