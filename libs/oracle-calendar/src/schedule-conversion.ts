import { DateTime } from 'luxon';

import type { ScheduleSpec, Weekday } from '@rampart/contracts';

import { CalendarError } from './calendar-error';
import { CalendarRule, WEEKDAY_NAMES } from './calendar-rule';
import { nextRuns } from './next-runs';
import { parseCalendar } from './parse-calendar';
import { parseWallTime, resolveZone, wallKey } from './time-zone';

export interface OracleCalendar {
  expression: string;
  /** Local wall time `YYYY-MM-DDTHH:MM:SS` of the job's start_date. */
  startDate: string;
  timezone: string;
}

/**
 * The wizard's schedule as an Oracle calendaring expression. Every generated expression sets
 * BYMINUTE and BYSECOND, so nothing is silently taken from the start date. Without a
 * startDate in the spec, the start is `now` in the schedule's zone, to the minute.
 */
export function scheduleToCalendar(spec: ScheduleSpec, now: Date = new Date()): OracleCalendar {
  resolveZone(spec.timezone);
  const expression = expressionOf(spec);

  const startDate = startDateOf(spec, now);
  if (spec.kind === 'calendar') {
    nextRuns(expression, { start: startDate, tz: spec.timezone, count: 1 });
  }
  return { expression, startDate, timezone: spec.timezone };
}

function expressionOf(spec: ScheduleSpec): string {
  switch (spec.kind) {
    case 'daily':
      return `FREQ=DAILY;${timeClauses(spec.time)}`;
    case 'weekly':
      return `FREQ=WEEKLY;BYDAY=${weekdayList(spec.days)};${timeClauses(spec.time)}`;
    case 'monthly':
      return (
        `FREQ=MONTHLY;BYMONTHDAY=${monthDayList(spec.days, spec.lastDay)};` + timeClauses(spec.time)
      );
    case 'everyHours':
      return (
        `FREQ=HOURLY;INTERVAL=${interval(spec.hours, 'hours')};` +
        `BYMINUTE=${spec.minute};BYSECOND=0`
      );
    case 'everyDays':
      return `FREQ=DAILY;INTERVAL=${interval(spec.days, 'days')};${timeClauses(spec.time)}`;
    case 'calendar':
      parseCalendar(spec.expression);
      return spec.expression.trim();
  }
}

function timeClauses(time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return `BYHOUR=${hour};BYMINUTE=${minute};BYSECOND=0`;
}

function weekdayList(days: readonly Weekday[]): string {
  return WEEKDAY_NAMES.filter((name) => days.includes(name)).join(',');
}

function monthDayList(days: readonly number[], lastDay: boolean): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  return [...sorted, ...(lastDay ? [-1] : [])].join(',');
}

/** Oracle's INTERVAL stops at 99; the wizard allows more. */
function interval(value: number, unit: string): number {
  if (value > 99) {
    // TODO: the contracts schema allows up to 999; Oracle cannot express more than 99.
    throw new CalendarError(
      'ORA-27414',
      `invalid INTERVAL clause value ${value}: every ${value} ${unit} is more than Oracle's 99`,
    );
  }
  return value;
}

function startDateOf(spec: ScheduleSpec, now: Date): string {
  if (spec.startDate) {
    return wallKey(parseWallTime(spec.startDate, 'startDate'));
  }

  const local = DateTime.fromJSDate(now, { zone: resolveZone(spec.timezone) });
  return local.startOf('minute').toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/**
 * Back to the wizard's shape when the expression is exactly one the wizard writes (in any
 * letter case, spacing or clause order); null for anything else a DBA may have typed.
 */
export function calendarToSchedule(expression: string, timezone: string): ScheduleSpec | null {
  const rule = parseCalendar(expression);
  if (!usesOnly(rule, allowedClauses(rule))) {
    return null;
  }

  switch (rule.freq) {
    case 'DAILY':
      return dailyShape(rule, timezone);
    case 'WEEKLY':
      return weeklyShape(rule, timezone);
    case 'MONTHLY':
      return monthlyShape(rule, timezone);
    case 'HOURLY':
      return hourlyShape(rule, timezone);
    default:
      return null;
  }
}

type ListKey = Exclude<keyof CalendarRule, 'freq' | 'interval'>;

const LIST_KEYS: ListKey[] = [
  'byMonth',
  'byWeekNo',
  'byYearDay',
  'byDate',
  'byMonthDay',
  'byDay',
  'byHour',
  'byMinute',
  'bySecond',
  'bySetPos',
];

function allowedClauses(rule: CalendarRule): ListKey[] {
  const time: ListKey[] = ['byHour', 'byMinute', 'bySecond'];
  if (rule.freq === 'WEEKLY') {
    return [...time, 'byDay'];
  }
  return rule.freq === 'MONTHLY' ? [...time, 'byMonthDay'] : time;
}

function usesOnly(rule: CalendarRule, allowed: ListKey[]): boolean {
  return LIST_KEYS.every((key) => allowed.includes(key) || rule[key].length === 0);
}

/** `HH:MM` when the rule names exactly one hour, one minute and second 0. */
function timeOf(rule: CalendarRule): string | null {
  const single = [rule.byHour, rule.byMinute].every((values) => values.length === 1);
  if (!single || rule.bySecond.length !== 1 || rule.bySecond[0] !== 0) {
    return null;
  }
  return `${pad2(rule.byHour[0])}:${pad2(rule.byMinute[0])}`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function dailyShape(rule: CalendarRule, timezone: string): ScheduleSpec | null {
  const time = timeOf(rule);
  if (time === null) {
    return null;
  }
  if (rule.interval === 1) {
    return { kind: 'daily', time, timezone };
  }
  return { kind: 'everyDays', days: rule.interval, time, timezone };
}

function weeklyShape(rule: CalendarRule, timezone: string): ScheduleSpec | null {
  const time = timeOf(rule);
  const plain = rule.byDay.length > 0 && rule.byDay.every((entry) => entry.ordinal === null);
  if (time === null || !plain || rule.interval !== 1) {
    return null;
  }

  const days = WEEKDAY_NAMES.filter((_, i) => rule.byDay.some((e) => e.weekday === i + 1));
  return { kind: 'weekly', days, time, timezone };
}

function monthlyShape(rule: CalendarRule, timezone: string): ScheduleSpec | null {
  const time = timeOf(rule);
  const fits = rule.byMonthDay.every((day) => day > 0 || day === -1);
  if (time === null || !fits || rule.byMonthDay.length === 0 || rule.interval !== 1) {
    return null;
  }

  const days = rule.byMonthDay.filter((day) => day > 0).sort((a, b) => a - b);
  const lastDay = rule.byMonthDay.includes(-1);
  return { kind: 'monthly', days, lastDay, time, timezone };
}

function hourlyShape(rule: CalendarRule, timezone: string): ScheduleSpec | null {
  const minuteOnly = rule.byHour.length === 0 && rule.byMinute.length === 1;
  if (!minuteOnly || rule.bySecond.length !== 1 || rule.bySecond[0] !== 0) {
    return null;
  }
  return { kind: 'everyHours', hours: rule.interval, minute: rule.byMinute[0], timezone };
}
