import { formatOracleDate } from '../common/oracle-date';
import { DatabaseState } from '../database/database-state';
import { DictionaryView, findView } from './dictionary-views';
import { SqlColumn, SqlResult, SqlValue } from './sql-result';

/** An Oracle error raised by a statement: `ORA-00942: table or view does not exist`. */
export class OracleError extends Error {
  constructor(
    readonly code: number,
    readonly lines: string[],
  ) {
    super(lines[0]);
  }
}

export function oraError(code: number, text: string, more: string[] = []): OracleError {
  return new OracleError(code, [`ORA-${String(code).padStart(5, '0')}: ${text}`, ...more]);
}

type Row = Record<string, SqlValue>;

function splitTopLevel(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';

  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth += 1;
    if (!quoted && ch === ')') depth -= 1;
    const rest = text.slice(i);
    const match = !quoted && depth === 0 ? separator.exec(rest) : null;
    if (match && match.index === 0) {
      parts.push(current.trim());
      current = '';
      i += match[0].length - 1;
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts.filter((p) => p.length > 0);
}

function column(view: DictionaryView, name: string): SqlColumn {
  const found = view.columns.find((c) => c.name === name.toLowerCase());
  if (!found) throw oraError(904, `"${name.toUpperCase()}": invalid identifier`);
  return found;
}

interface Projection {
  column: SqlColumn;
  value: (row: Row) => SqlValue;
}

function literal(text: string): SqlValue | undefined {
  if (/^'.*'$/s.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return undefined;
}

function operand(view: DictionaryView, text: string): (row: Row) => SqlValue {
  const value = literal(text.trim());
  if (value !== undefined) return () => value;
  const name = text.trim().toLowerCase();
  column(view, name);
  return (row) => row[name] ?? null;
}

/** Arithmetic on columns: `sofar/totalwork*100`. */
function arithmetic(view: DictionaryView, text: string): (row: Row) => number | null {
  const tokens = text
    .split(/([*/+-])/)
    .map((s) => s.trim())
    .filter(Boolean);
  const values = tokens.filter((_, i) => i % 2 === 0).map((tok) => operand(view, tok));
  const ops = tokens.filter((_, i) => i % 2 === 1);

  return (row) => {
    let result = Number(values[0](row));
    for (const [i, op] of ops.entries()) {
      const next = Number(values[i + 1](row));
      if (op === '*') result *= next;
      if (op === '/') result = next === 0 ? NaN : result / next;
      if (op === '+') result += next;
      if (op === '-') result -= next;
    }
    return Number.isFinite(result) ? result : null;
  };
}

function toChar(value: SqlValue, mask: string): string | null {
  if (value === null) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  const offset = -date.getTimezoneOffset();
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const tzh = `${offset < 0 ? '-' : '+'}${hours}`;
  const tzm = String(Math.abs(offset) % 60).padStart(2, '0');
  return formatOracleDate(date, mask.replace(/TZH/g, `"${tzh}"`).replace(/TZM/g, `"${tzm}"`));
}

function projection(view: DictionaryView, item: string): Projection[] {
  if (item === '*')
    return view.columns.map((c) => ({ column: c, value: (row) => row[c.name] ?? null }));

  const aliased = /^(.*?)(?:\s+as)?\s+("?[a-z_][\w$#]*"?)$/is.exec(item);
  const hasAlias = aliased && !/^[\w$#.]+$/.test(item) && !/\)$/.test(item);
  const expr = hasAlias ? aliased[1].trim() : item;
  const alias = hasAlias ? aliased[2].replace(/"/g, '') : null;

  const round = /^round\s*\((.+),\s*(\d+)\s*\)$/is.exec(expr);
  if (round) {
    const calc = arithmetic(view, round[1]);
    const digits = Number(round[2]);
    return [
      {
        column: { name: alias ?? expr, type: 'number', width: 10 },
        value: (row) => {
          const v = calc(row);
          return v === null ? null : Number(v.toFixed(digits));
        },
      },
    ];
  }
  const toCharCall = /^to_char\s*\(\s*([\w$#]+)\s*,\s*'(.*)'\s*\)$/is.exec(expr);
  if (toCharCall) {
    const source = operand(view, toCharCall[1]);
    return [
      {
        column: {
          name: alias ?? expr,
          type: 'text',
          width: Math.max(toCharCall[2].length + 8, 10),
        },
        value: (row) => toChar(source(row), toCharCall[2]),
      },
    ];
  }
  if (/^count\s*\(\s*\*\s*\)$/i.test(expr))
    return [
      { column: { name: alias ?? 'COUNT(*)', type: 'number', width: 10 }, value: () => null },
    ];
  const lit = literal(expr);
  if (lit !== undefined) {
    return [
      {
        column: {
          name: alias ?? expr,
          type: typeof lit === 'number' ? 'number' : 'text',
          width: String(lit).length,
        },
        value: () => lit,
      },
    ];
  }

  const base = column(view, expr);
  return [
    { column: { ...base, name: alias ?? base.name }, value: (row) => row[base.name] ?? null },
  ];
}

function likeToRegex(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 's');
}

function condition(view: DictionaryView, text: string): (row: Row) => boolean {
  const nullTest = /^([\w$#]+)\s+is\s+(not\s+)?null$/is.exec(text);
  if (nullTest) {
    const get = operand(view, nullTest[1]);
    return (row) => (get(row) === null) === !nullTest[2];
  }
  const list = /^([\w$#]+)\s+(not\s+)?in\s*\((.*)\)$/is.exec(text);
  if (list) {
    const get = operand(view, list[1]);
    const values = splitTopLevel(list[3], /^,/).map((v) => literal(v));
    return (row) => values.includes(get(row) as SqlValue) !== Boolean(list[2]);
  }
  const like = /^([\w$#]+)\s+(not\s+)?like\s+('.*')$/is.exec(text);
  if (like) {
    const get = operand(view, like[1]);
    const re = likeToRegex(String(literal(like[3])));
    return (row) => re.test(String(get(row) ?? '')) !== Boolean(like[2]);
  }
  const compare = /^(.+?)\s*(<>|!=|>=|<=|=|>|<)\s*(.+)$/s.exec(text);
  if (!compare) throw oraError(920, 'invalid relational operator');
  const left = operand(view, compare[1]);
  const right = operand(view, compare[3]);
  return (row) => compareValues(left(row), compare[2], right(row));
}

function compareValues(a: SqlValue, op: string, b: SqlValue): boolean {
  if (a === null || b === null) return false;
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  switch (op) {
    case '=':
      return x === y;
    case '<>':
    case '!=':
      return x !== y;
    case '>':
      return x > y;
    case '<':
      return x < y;
    case '>=':
      return x >= y;
    default:
      return x <= y;
  }
}

function sorter(
  projections: Projection[],
  orderBy: string,
  view: DictionaryView,
): (a: Row, b: Row) => number {
  const keys = splitTopLevel(orderBy, /^,/).map((key) => {
    const [, expr, dir] = /^(.+?)(?:\s+(asc|desc))?$/is.exec(key.trim()) as RegExpExecArray;
    const get = /^\d+$/.test(expr) ? projections[Number(expr) - 1].value : operand(view, expr);
    return { get, desc: dir?.toLowerCase() === 'desc' };
  });
  return (a, b) => {
    for (const { get, desc } of keys) {
      const x = get(a);
      const y = get(b);
      if (x === y) continue;
      const less = x === null ? false : y === null ? true : x < y;
      return (less ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  };
}

const SELECT =
  /^select\s+(.+?)\s+from\s+([\w$#.]+)(?:\s+where\s+(.+?))?(?:\s+order\s+by\s+(.+?))?$/is;

/** Runs a single-view SELECT (the statements of src/sqlplus/README.md). */
export function runSelect(home: string, sid: string, state: DatabaseState, sql: string): SqlResult {
  const match = SELECT.exec(sql.trim());
  if (!match) throw oraError(933, 'SQL command not properly ended');
  const [, list, from, where, orderBy] = match;

  const view = findView(home, sid, state, from);
  if (!view) throw oraError(942, 'table or view does not exist');
  if (!view.fixed && state.instanceStatus !== 'OPEN') {
    throw oraError(
      1219,
      'database or pluggable database not open: queries allowed on fixed tables or views only',
    );
  }

  const projections = splitTopLevel(list, /^,/).flatMap((item) => projection(view, item));
  const conditions = where
    ? splitTopLevel(where, /^\s+and\s+/i).map((c) => condition(view, c))
    : [];
  let rows = view.rows.filter((row) => conditions.every((c) => c(row)));
  if (orderBy) rows = [...rows].sort(sorter(projections, orderBy, view));

  if (
    projections.length === 1 &&
    /^count/i.test(projections[0].column.name) &&
    /count\s*\(/i.test(list)
  ) {
    return { columns: [projections[0].column], rows: [[rows.length]] };
  }
  return {
    columns: projections.map((p) => p.column),
    rows: rows.map((row) => projections.map((p) => p.value(row))),
  };
}
