import { formatOracleDate } from '../common/oracle-date';
import { SqlColumn, SqlPlusSettings, SqlResult, SqlValue } from './sql-result';

/** NUMBER as SQL*Plus prints it in NUMWIDTH: too wide → scientific (1.6106E+11). */
export function formatNumber(value: number, width: number): string {
  const plain = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  if (plain.length <= width) return plain;
  const digits = Math.max(1, width - 6);
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
  const exp = Number(exponent);
  const power = String(Math.abs(exp)).padStart(2, '0');
  return `${mantissa.replace(/\.?0+$/, '')}E${exp < 0 ? '-' : '+'}${power}`;
}

function columnWidth(column: SqlColumn, settings: SqlPlusSettings): number {
  if (column.type === 'number') return settings.numwidth;
  if (column.type === 'date') return Math.max(settings.dateMask.length, 9);
  return column.width;
}

function cell(
  value: SqlValue,
  column: SqlColumn,
  width: number,
  settings: SqlPlusSettings,
): string {
  if (value === null) return ''.padEnd(width);
  if (column.type === 'number' && typeof value === 'number')
    return formatNumber(value, width).padStart(width);
  if (value instanceof Date) return formatOracleDate(value, settings.dateMask).padEnd(width);
  return String(value).slice(0, width).padEnd(width);
}

/** Rows (and headings, unless PAGESIZE 0 / HEADING OFF) and feedback, as SQL*Plus prints them. */
export function renderResult(result: SqlResult, settings: SqlPlusSettings): string[] {
  const widths = result.columns.map((c) => columnWidth(c, settings));
  const lines: string[] = [];
  const showHeading = settings.heading && settings.pagesize > 0;

  if (result.rows.length === 0) {
    return settings.feedback > 0 ? ['', 'no rows selected', ''] : [];
  }
  if (showHeading) {
    lines.push('');
    lines.push(
      result.columns
        .map((c, i) => {
          const name = c.name.toUpperCase().slice(0, widths[i]);
          return c.type === 'number' ? name.padStart(widths[i]) : name.padEnd(widths[i]);
        })
        .join(settings.colsep),
    );
    lines.push(widths.map((w) => '-'.repeat(w)).join(settings.colsep));
  }
  for (const row of result.rows) {
    lines.push(
      row.map((v, i) => cell(v, result.columns[i], widths[i], settings)).join(settings.colsep),
    );
  }
  if (settings.feedback > 0 && result.rows.length >= settings.feedback) {
    lines.push('', `${result.rows.length} row${result.rows.length === 1 ? '' : 's'} selected.`);
  }
  if (showHeading || settings.feedback > 0) lines.push('');
  return lines.map((line) => line.trimEnd());
}
