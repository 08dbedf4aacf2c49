import { CalendarError } from './calendar-error';
import {
  CalendarRule,
  DateEntry,
  FREQUENCIES,
  Frequency,
  MONTH_NAMES,
  WEEKDAY_NAMES,
  WeekdayEntry,
} from './calendar-rule';

/** Oracle stores repeat_interval in a VARCHAR2(4000). */
export const MAX_EXPRESSION_LENGTH = 4000;

const LIST_CLAUSES = [
  'BYMONTH',
  'BYWEEKNO',
  'BYYEARDAY',
  'BYDATE',
  'BYMONTHDAY',
  'BYDAY',
  'BYHOUR',
  'BYMINUTE',
  'BYSECOND',
  'BYSETPOS',
] as const;
type ListClause = (typeof LIST_CLAUSES)[number];

/** Clauses Oracle knows but that refer to named schedules, which Rampart cannot evaluate. */
const NAMED_SCHEDULE_CLAUSES = ['INCLUDE', 'EXCLUDE', 'INTERSECT', 'PERIODS', 'BYPERIOD'];

interface Clause {
  name: string;
  value: string;
}

/**
 * Parses and validates an Oracle calendaring expression (`repeat_interval`), refusing what
 * Oracle refuses with the ORA-274xx code it uses. Case-insensitive and whitespace tolerant.
 */
export function parseCalendar(expr: string): CalendarRule {
  const clauses = splitClauses(expr);

  requireFrequencyFirst(clauses);

  const rule = emptyRule(parseFrequency(clauses[0].value));
  const seen = new Set<string>();
  for (const clause of clauses.slice(1)) {
    rejectRepeated(clause, seen);
    applyClause(rule, clause);
  }

  checkCombinations(rule);
  return rule;
}

function splitClauses(expr: string): Clause[] {
  const text = expr.trim();
  if (text === '') {
    throw new CalendarError('ORA-27411', 'an empty string is not a valid repeat interval');
  }
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new CalendarError(
      'ORA-27413',
      `the repeat interval is ${text.length} characters; at most ${MAX_EXPRESSION_LENGTH}`,
    );
  }

  const parts = text.split(';').map((part) => part.trim());
  if (parts.length > 1 && parts[parts.length - 1] === '') {
    parts.pop();
  }
  return parts.map(toClause);
}

function toClause(part: string): Clause {
  const match = /^([A-Za-z_]+)\s*=\s*(.*)$/s.exec(part);
  if (part === '' || !match) {
    const shown = part === '' ? 'an empty clause' : `"${part}"`;
    throw new CalendarError('ORA-27418', `${shown} is not of the form NAME=VALUE`);
  }
  return { name: match[1].toUpperCase(), value: match[2].trim().toUpperCase() };
}

function requireFrequencyFirst(clauses: Clause[]): void {
  if (clauses[0].name !== 'FREQ') {
    throw new CalendarError(
      'ORA-27415',
      `the repeat interval must start with FREQ=..., not with ${clauses[0].name}`,
    );
  }
}

function parseFrequency(value: string): Frequency {
  const freq = FREQUENCIES.find((candidate) => candidate === value);
  if (freq) {
    return freq;
  }
  if (/^[A-Z][A-Z0-9_$#.]*$/.test(value)) {
    throw new CalendarError(
      'ORA-27412',
      `FREQ=${value}: invalid identifier ${value}; use ${FREQUENCIES.join(', ')} ` +
        '(frequencies defined by named schedules are not supported)',
    );
  }
  throw new CalendarError('ORA-27418', `FREQ=${value} is not a frequency`);
}

function emptyRule(freq: Frequency): CalendarRule {
  return {
    freq,
    interval: 1,
    byMonth: [],
    byWeekNo: [],
    byYearDay: [],
    byDate: [],
    byMonthDay: [],
    byDay: [],
    byHour: [],
    byMinute: [],
    bySecond: [],
    bySetPos: [],
  };
}

function rejectRepeated(clause: Clause, seen: Set<string>): void {
  if (seen.has(clause.name) || clause.name === 'FREQ') {
    throw new CalendarError('ORA-27418', `the ${clause.name} clause appears more than once`);
  }
  seen.add(clause.name);
}

function applyClause(rule: CalendarRule, clause: Clause): void {
  if (clause.name === 'INTERVAL') {
    rule.interval = parseInterval(clause.value);
    return;
  }
  if (NAMED_SCHEDULE_CLAUSES.includes(clause.name)) {
    // TODO: named schedules (INCLUDE/EXCLUDE/INTERSECT, PERIODS) need the database's schedules.
    throw new CalendarError(
      'UNSUPPORTED',
      `the ${clause.name} clause refers to named schedules, which Rampart cannot evaluate`,
    );
  }
  if (!isListClause(clause.name)) {
    throw new CalendarError(
      'ORA-27412',
      `invalid identifier ${clause.name}: not a calendaring clause`,
    );
  }

  const items = splitList(clause);
  applyList(rule, clause.name, items);
}

function isListClause(name: string): name is ListClause {
  return (LIST_CLAUSES as readonly string[]).includes(name);
}

function parseInterval(value: string): number {
  const interval = parseInteger('INTERVAL', value);
  if (interval < 1 || interval > 99) {
    throw new CalendarError(
      'ORA-27414',
      `invalid INTERVAL clause value ${interval}: INTERVAL must be 1 to 99`,
    );
  }
  return interval;
}

function splitList(clause: Clause): string[] {
  const items = clause.value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw new CalendarError('ORA-27418', `the ${clause.name} clause has an empty list item`);
  }
  return items;
}

function applyList(rule: CalendarRule, name: ListClause, items: string[]): void {
  switch (name) {
    case 'BYMONTH':
      rule.byMonth = unique(items.map(parseMonth));
      return;
    case 'BYWEEKNO':
      rule.byWeekNo = unique(items.map((item) => signedInRange(name, item, 53)));
      return;
    case 'BYYEARDAY':
      rule.byYearDay = unique(items.map((item) => signedInRange(name, item, 366)));
      return;
    case 'BYDATE':
      rule.byDate = items.map(parseDateEntry);
      return;
    case 'BYMONTHDAY':
      rule.byMonthDay = unique(items.map((item) => signedInRange(name, item, 31)));
      return;
    case 'BYDAY':
      rule.byDay = items.map(parseWeekdayEntry);
      return;
    case 'BYHOUR':
      rule.byHour = unique(items.map((item) => timeUnit(name, item, 24)));
      return;
    case 'BYMINUTE':
      rule.byMinute = unique(items.map((item) => timeUnit(name, item, 60)));
      return;
    case 'BYSECOND':
      rule.bySecond = unique(items.map((item) => timeUnit(name, item, 60)));
      return;
    case 'BYSETPOS':
      rule.bySetPos = unique(items.map((item) => signedInRange(name, item, 9999)));
      return;
  }
}

function unique(values: number[]): number[] {
  return [...new Set(values)];
}

function parseInteger(clause: string, item: string): number {
  if (/^[+-]?\d{1,6}$/.test(item)) {
    return Number(item);
  }
  if (/^[A-Z]/.test(item)) {
    throw new CalendarError('ORA-27412', `invalid identifier ${item} in the ${clause} clause`);
  }
  throw new CalendarError('ORA-27418', `"${item}" in the ${clause} clause is not a number`);
}

function outOfRange(clause: string, item: string, allowed: string): CalendarError {
  return new CalendarError(
    'ORA-27414',
    `invalid ${clause} clause value ${item}: allowed values are ${allowed}`,
  );
}

/** Values such as BYMONTHDAY: 1..max, or -max..-1 counting back from the end. */
function signedInRange(clause: string, item: string, max: number): number {
  const value = parseInteger(clause, item);
  if (value === 0 || Math.abs(value) > max) {
    throw outOfRange(clause, item, `1 to ${max} or -${max} to -1`);
  }
  return value;
}

/**
 * BYHOUR, BYMINUTE, BYSECOND: 0..size-1. Oracle documents no count-back for these fixed
 * ranges, but accepts it (-1 is the last hour), so -size..-1 is read the same way.
 */
function timeUnit(clause: string, item: string, size: number): number {
  const value = parseInteger(clause, item);
  if (value < -size || value >= size) {
    throw outOfRange(clause, item, `0 to ${size - 1}`);
  }
  return value < 0 ? value + size : value;
}

function parseMonth(item: string): number {
  const named = MONTH_NAMES.findIndex((name) => name === item);
  if (named >= 0) {
    return named + 1;
  }
  if (/^[A-Z]+$/.test(item)) {
    throw new CalendarError(
      'ORA-27412',
      `invalid identifier ${item} in the BYMONTH clause; use 1 to 12 or JAN to DEC`,
    );
  }

  const month = timeUnit('BYMONTH', item, 13);
  if (month === 0) {
    throw outOfRange('BYMONTH', item, '1 to 12 or JAN to DEC');
  }
  return month;
}

function parseWeekdayEntry(item: string): WeekdayEntry {
  const match = /^([+-]?\d+)?\s*([A-Z]+)$/.exec(item);
  const weekday = match ? WEEKDAY_NAMES.findIndex((name) => name === match[2]) + 1 : 0;
  if (!match || weekday === 0) {
    throw new CalendarError(
      'ORA-27416',
      `BYDAY value ${item} is not a weekday; use MON, TUE, WED, THU, FRI, SAT or SUN, ` +
        'optionally with an occurrence such as 2MON or -1FRI',
    );
  }

  const ordinal = match[1] === undefined ? null : Number(match[1]);
  if (ordinal !== null && (ordinal === 0 || Math.abs(ordinal) > 53)) {
    throw outOfRange('BYDAY', item, 'occurrences 1 to 53 or -53 to -1 before the weekday');
  }
  return { weekday, ordinal };
}

const DATE_ENTRY = /^(\d{4})?(\d{2})(\d{2})(?:\s*([+^-])\s*(OFFSET|SPAN)\s*:\s*(\d{1,3})D?)?$/;

function parseDateEntry(item: string): DateEntry {
  const match = DATE_ENTRY.exec(item);
  if (!match) {
    throw new CalendarError(
      'ORA-27418',
      `BYDATE value ${item} is not MMDD or YYYYMMDD (optionally +OFFSET:n, -OFFSET:n, ` +
        '+SPAN:n, -SPAN:n or ^SPAN:n)',
    );
  }

  const entry: DateEntry = {
    year: match[1] === undefined ? null : Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    offsetDays: 0,
    span: null,
  };
  checkCalendarDate(item, entry);
  applyDateModifier(item, entry, match[4], match[5], match[6]);
  return entry;
}

function checkCalendarDate(item: string, entry: DateEntry): void {
  const year = entry.year ?? 2000; // a leap year, so 0229 is allowed without a year
  const last = new Date(Date.UTC(year, entry.month, 0)).getUTCDate();
  if (entry.month < 1 || entry.month > 12 || entry.day < 1 || entry.day > last) {
    throw outOfRange('BYDATE', item, 'existing dates as MMDD or YYYYMMDD');
  }
}

function applyDateModifier(
  item: string,
  entry: DateEntry,
  sign: string | undefined,
  kind: string | undefined,
  amount: string | undefined,
): void {
  if (sign === undefined || kind === undefined || amount === undefined) {
    return;
  }

  const days = Number(amount);
  if (kind === 'OFFSET' && sign !== '^') {
    entry.offsetDays = sign === '-' ? -days : days;
    return;
  }
  if (kind === 'SPAN' && days >= 1) {
    entry.span = { direction: sign as '+' | '-' | '^', days };
    return;
  }
  throw new CalendarError('ORA-27418', `BYDATE modifier in ${item} is not valid`);
}

function checkCombinations(rule: CalendarRule): void {
  if (rule.byWeekNo.length > 0 && rule.freq !== 'YEARLY') {
    throw new CalendarError(
      'ORA-27417',
      `the BYWEEKNO clause requires FREQ=YEARLY, not FREQ=${rule.freq}`,
    );
  }

  const numbered = rule.byDay.find((entry) => entry.ordinal !== null);
  if (numbered && rule.freq !== 'MONTHLY' && rule.freq !== 'YEARLY') {
    // TODO: reasoned from the grammar (occurrences are defined for MONTHLY and YEARLY only).
    throw new CalendarError(
      'ORA-27414',
      `invalid BYDAY clause value ${numbered.ordinal}${WEEKDAY_NAMES[numbered.weekday - 1]}: ` +
        'an occurrence number needs FREQ=MONTHLY or FREQ=YEARLY',
    );
  }
  const beyondMonth = rule.byDay.find((entry) => Math.abs(entry.ordinal ?? 0) > 5);
  if (beyondMonth && rule.freq === 'MONTHLY') {
    throw outOfRange('BYDAY', `${beyondMonth.ordinal}`, '1 to 5 or -5 to -1 with FREQ=MONTHLY');
  }
}
