import { oraError } from './sql-select';

/** A value in a PL/SQL call argument. */
export type PlsqlValue = string | number | boolean | null | { timestamp: string; tz: string };

/** Splits on a separator outside quotes and parentheses. */
export function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;

  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth += 1;
    else if (!quoted && ch === ')') depth -= 1;
    else if (!quoted && depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function unquote(text: string): string {
  return text.slice(1, -1).replace(/''/g, "'");
}

/** `TO_TIMESTAMP_TZ('2024-03-08 02:30:00 Europe/Paris', 'YYYY-MM-DD HH24:MI:SS TZR')`. */
function timestampTz(args: string[]): PlsqlValue {
  const text = evaluate(args[0]);
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(?:\s+(\S+))?$/.exec(
    String(text).trim(),
  );
  if (!match)
    throw oraError(1830, 'date format picture ends before converting entire input string');
  return {
    timestamp: `${match[1]}T${match[2].length === 5 ? `${match[2]}:00` : match[2]}`,
    tz: match[3] ?? 'UTC',
  };
}

function systimestamp(): PlsqlValue {
  const now = new Date();
  const offset = -now.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  const local = new Date(now.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return { timestamp: local, tz: `${sign}${hh}:${mm}` };
}

function call(name: string, argsText: string): PlsqlValue {
  const args = splitOutside(argsText, ',');
  switch (name) {
    case 'chr':
      return String.fromCharCode(Number(evaluate(args[0])));
    case 'to_timestamp_tz':
      return timestampTz(args);
    case 'numtodsinterval':
      return `+${evaluate(args[0])} ${String(evaluate(args[1])).toUpperCase()}`;
    default:
      throw oraError(
        6550,
        `line 1, column 1:\nPLS-00201: identifier '${name.toUpperCase()}' must be declared`,
      );
  }
}

/** Evaluates literals, `||` concatenation, CHR, TO_TIMESTAMP_TZ, SYSTIMESTAMP, TRUE/FALSE/NULL. */
export function evaluate(text: string): PlsqlValue {
  const parts = splitOutside(text.trim(), '||');
  if (parts.length > 1) return parts.map((p) => String(evaluate(p) ?? '')).join('');

  const value = parts[0] ?? '';
  if (/^'.*'$/s.test(value)) return unquote(value);
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  if (lower === 'null') return null;
  if (lower === 'systimestamp' || lower === 'current_timestamp') return systimestamp();
  const fn = /^([\w.]+)\s*\(([\s\S]*)\)$/.exec(value);
  if (fn) return call(fn[1].toLowerCase(), fn[2]);
  return value.toUpperCase();
}
