import { Readable } from 'node:stream';

import { EXPORT_COLUMNS, type ExportColumn, type RunExportRow } from './run-export-rows';

/** Characters that make a spreadsheet read a cell as a formula (CWE-1236). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell holding one of these is quoted, its quotes doubled (RFC 4180). */
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell that must change: the two tests above in one pass, for the common case. */
const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;

/**
 * How a column's cells are written: `text` neutralised then quoted as needed; `as-is` for the
 * ISO 8601 timestamps and integers PostgreSQL writes (a number keeps its sign); `real` as
 * JavaScript writes the number (1000000 where PostgreSQL writes a real as 1e+06).
 */
type CellKind = 'text' | 'as-is' | 'real';

const CELL_KINDS: readonly CellKind[] = EXPORT_COLUMNS.map(kindOf);

export const CSV_HEADER = `${EXPORT_COLUMNS.join(',')}\n`;

/** A cell a spreadsheet shows as text: a leading formula character gets a `'` before it. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A text cell as CSV: neutralised against formulas, then quoted if it must be. */
export function csvText(text: string): string {
  const cell = neutraliseFormula(text);
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Scratch space for one record's cells, reused run after run (csvLine never yields). */
const CELLS = new Array<string>(CELL_KINDS.length);

/**
 * One run as one CSV record, without its line feed: a single flat string, so a batch of runs
 * leaves no trail of concatenations for the garbage collector.
 */
export function csvLine(run: RunExportRow): string {
  for (let i = 0; i < CELLS.length; i++) CELLS[i] = csvCell(run[i], CELL_KINDS[i] as CellKind);
  return CELLS.join(',');
}

/**
 * Records in, CSV text out (UTF-8), one chunk per batch: back-pressure holds the next database
 * batch until the client has taken this one, so memory stays flat whatever the row count.
 */
export function runsCsvStream(records: AsyncIterable<string[]>): Readable {
  return Readable.from(csvChunks(records), { objectMode: false });
}

async function* csvChunks(records: AsyncIterable<string[]>) {
  yield CSV_HEADER;

  for await (const batch of records) yield `${batch.join('\n')}\n`;
}

function csvCell(value: string | null | undefined, kind: CellKind): string {
  if (value === null || value === undefined) return '';
  if (kind === 'text') return NEEDS_CARE.test(value) ? csvText(value) : value;
  if (kind === 'real') return String(Number(value));
  return value;
}

function kindOf(column: ExportColumn): CellKind {
  switch (column) {
    case 'scheduled_at':
    case 'queued_at':
    case 'started_at':
    case 'finished_at':
    case 'pieces':
      return 'as-is';
    case 'duration_seconds':
      return 'real';
    default:
      return 'text';
  }
}
