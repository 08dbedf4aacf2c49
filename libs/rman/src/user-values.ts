import {
  ORACLE_IDENTIFIER,
  hostPathSchema,
  isReservedWord,
  rmanTagSchema,
  type StrategyDocument,
} from '@rampart/contracts';

import { error, type Finding } from './findings';

/** Characters that could end a quoted string, a line or a command in RMAN or a parfile. */
const UNSAFE_IN_QUOTES = /['"`\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const SIZE = /^[1-9]\d{0,5}[KMG]$/i;
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const QUALIFIED_TABLE = /^([A-Za-z][A-Za-z0-9_$#]{0,127})\.([A-Za-z][A-Za-z0-9_$#]{0,127})$/;

/** A user value that reached a generator unchecked: a programming error, never user output. */
export class UnsafeValue extends Error {
  constructor(readonly field: string) {
    super(`unsafe value for ${field}`);
    this.name = 'UnsafeValue';
  }
}

/** `'value'` for RMAN and parfile strings; refuses anything that could end the quotes. */
export function quoteString(value: string, field: string): string {
  if (value.length === 0 || UNSAFE_IN_QUOTES.test(value)) throw new UnsafeValue(field);
  return `'${value}'`;
}

/** `"NAME"` for an Oracle identifier that follows the nonquoted-identifier rules. */
export function quoteIdentifier(name: string, field: string): string {
  if (identifierProblem(name) !== null) throw new UnsafeValue(field);
  return `"${name.toUpperCase()}"`;
}

export function identifierProblem(name: unknown): string | null {
  if (typeof name !== 'string' || !ORACLE_IDENTIFIER.test(name)) {
    return 'must be an Oracle identifier: a letter, then letters, digits, _, $ or #, 128 at most';
  }

  return isReservedWord(name) ? 'is an Oracle reserved word' : null;
}

export function runIdProblem(runId: unknown): string | null {
  return typeof runId === 'string' && RUN_ID.test(runId)
    ? null
    : 'must be 1 to 64 letters, digits, _ or -, starting with a letter or digit';
}

export function sizeProblem(size: unknown): string | null {
  return typeof size === 'string' && SIZE.test(size) ? null : 'must be a size like 512M or 32G';
}

export function integerProblem(value: unknown, min: number, max: number): string | null {
  const ok = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  return ok ? null : `must be a whole number from ${min} to ${max}`;
}

export function pathProblem(path: unknown): string | null {
  const parsed = hostPathSchema.safeParse(path);
  if (!parsed.success) return parsed.error.issues[0].message;

  return UNSAFE_IN_QUOTES.test(parsed.data) || parsed.data !== path
    ? 'must not contain quotes, control characters or surrounding blanks'
    : null;
}

export function tagProblem(tag: unknown): string | null {
  const parsed = rmanTagSchema.safeParse(tag);
  return parsed.success && parsed.data === String(tag).toUpperCase()
    ? null
    : 'must be 1 to 30 letters, digits or underscores';
}

export function sbtParmsProblem(parms: unknown): string | null {
  if (typeof parms !== 'string' || parms.trim().length === 0) return 'must not be empty';
  if (parms.length > 1000) return 'must be 1000 characters at most';

  return UNSAFE_IN_QUOTES.test(parms) ? 'must not contain quotes or control characters' : null;
}

export function tableProblem(name: unknown): string | null {
  const match = typeof name === 'string' ? QUALIFIED_TABLE.exec(name) : null;
  if (!match) return 'must be SCHEMA.TABLE, each part an Oracle identifier';

  return isReservedWord(match[1]) || isReservedWord(match[2])
    ? 'uses an Oracle reserved word'
    : null;
}

/** `"HR"."EMPLOYEES"` */
export function quoteTable(name: string, field: string): string {
  if (tableProblem(name) !== null) throw new UnsafeValue(field);
  return name
    .split('.')
    .map((part) => `"${part.toUpperCase()}"`)
    .join('.');
}

/** Checks every value a user typed, again, as the generators will write it out. */
export function checkUserValues(doc: StrategyDocument, runId: unknown): Finding[] {
  const problems: Array<[string, string | null]> = [['runId', runIdProblem(runId)]];

  problems.push(...optionProblems(doc));
  problems.push(...partialProblems(doc));

  return problems
    .filter((p): p is [string, string] => p[1] !== null)
    .map(([field, message]) => error('INVALID_VALUE', field, message));
}

function optionProblems(doc: StrategyDocument): Array<[string, string | null]> {
  const o = doc.options;
  const d = o.destination;
  const problems: Array<[string, string | null]> = [
    ['options.channels', integerProblem(o.channels, 1, 32)],
    ['options.dataPump.directory', identifierProblem(o.dataPump.directory)],
    ['options.dataPump.parallel', integerProblem(o.dataPump.parallel, 1, 32)],
  ];

  if (d.kind === 'disk') problems.push(['options.destination.path', pathProblem(d.path)]);
  if (d.kind === 'sbt' && d.parms !== undefined) {
    problems.push(['options.destination.parms', sbtParmsProblem(d.parms)]);
  }
  if (o.sectionSize !== undefined) {
    problems.push(['options.sectionSize', sizeProblem(o.sectionSize)]);
  }
  if (o.dataPump.fileSize !== undefined) {
    problems.push(['options.dataPump.fileSize', sizeProblem(o.dataPump.fileSize)]);
  }
  if (o.tag !== undefined) problems.push(['options.tag', tagProblem(o.tag)]);
  if (o.archivedLogs.notBackedUpTimes !== undefined) {
    const times = o.archivedLogs.notBackedUpTimes;
    problems.push(['options.archivedLogs.notBackedUpTimes', integerProblem(times, 1, 10)]);
  }
  problems.push(...retentionProblems(doc));

  return problems;
}

function retentionProblems(doc: StrategyDocument): Array<[string, string | null]> {
  const r = doc.options.retention;
  if (r === undefined) return [];

  return r.kind === 'recovery-window'
    ? [['options.retention.days', integerProblem(r.days, 1, 3650)]]
    : [['options.retention.copies', integerProblem(r.copies, 1, 100)]];
}

function partialProblems(doc: StrategyDocument): Array<[string, string | null]> {
  const p = doc.partial;
  if (doc.type !== 'partial' || p === undefined) return [];

  return [
    ...p.tablespaces.map((t, i): [string, string | null] => [
      `partial.tablespaces[${i}]`,
      identifierProblem(t),
    ]),
    ...p.schemas.map((s, i): [string, string | null] => [
      `partial.schemas[${i}]`,
      identifierProblem(s),
    ]),
    ...p.tables.map((t, i): [string, string | null] => [`partial.tables[${i}]`, tableProblem(t)]),
  ];
}
