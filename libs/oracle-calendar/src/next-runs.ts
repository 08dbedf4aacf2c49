import { DateTime, Zone } from 'luxon';

import { CalendarError } from './calendar-error';
import { CalendarRule, Frequency, isSubDaily } from './calendar-rule';
import { CivilDay, civilDay, daysInMonth, epochDayOf, mondayOf } from './civil-day';
import { DayTest, dayMatcher } from './day-matcher';
import { parseCalendar } from './parse-calendar';
import {
  WallTime,
  formatInstant,
  parseWallTime,
  resolveZone,
  wallAt,
  wallToMillis,
} from './time-zone';

export interface NextRunsOptions {
  /** Local wall time of the job's start_date, `YYYY-MM-DDTHH:MM[:SS]`. */
  start: string;
  /** IANA region, or a fixed offset such as `-04:00` or `fixed:-04:00`. */
  tz: string;
  count: number;
  /** ISO instant with an offset: only runs strictly after it are returned. */
  after?: string;
}

export const MAX_COUNT = 10_000;

/**
 * Periods in a row without a run before the search gives up, as Oracle does (ORA-27419).
 * For DAILY and above this is 400 years, the length of the Gregorian cycle, so a rule that
 * finds nothing in that span never matches.
 */
const BARREN_LIMIT: Record<Frequency, number> = {
  YEARLY: 400,
  MONTHLY: 4_800,
  WEEKLY: 20_871,
  DAILY: 146_097,
  HOURLY: 20_000,
  MINUTELY: 20_000,
  SECONDLY: 20_000,
};

/** How far ahead a sub-daily rule looks for a day its day clauses allow: 400 years. */
const DAY_SEARCH_LIMIT = 146_097;

const UNIT_MS: Partial<Record<Frequency, number>> = {
  HOURLY: 3_600_000,
  MINUTELY: 60_000,
  SECONDLY: 1_000,
};

interface Evaluation {
  rule: CalendarRule;
  zone: Zone;
  start: WallTime;
  startMs: number;
  afterMs: number | null;
  count: number;
}

/**
 * The next `count` run times of a calendar, at or after `start` (and strictly after `after`
 * when given), as ISO-8601 instants with the offset in force. Sub-daily frequencies keep exact
 * elapsed time across DST changes; DAILY and above keep the wall-clock time.
 */
export function nextRuns(ruleOrExpr: CalendarRule | string, opts: NextRunsOptions): string[] {
  const rule = typeof ruleOrExpr === 'string' ? parseCalendar(ruleOrExpr) : ruleOrExpr;
  const evaluation = evaluationOf(rule, opts);

  const periods = isSubDaily(rule.freq) ? subDailyPeriods(evaluation) : calendarPeriods(evaluation);
  const runs = collectRuns(evaluation, periods);

  return runs.map((ms) => formatInstant(ms, evaluation.zone));
}

function evaluationOf(rule: CalendarRule, opts: NextRunsOptions): Evaluation {
  if (!Number.isInteger(opts.count) || opts.count < 0 || opts.count > MAX_COUNT) {
    throw new CalendarError('INVALID_ARGUMENT', `count must be an integer 0 to ${MAX_COUNT}`);
  }

  const zone = resolveZone(opts.tz);
  const start = parseWallTime(opts.start, 'start');
  return {
    rule,
    zone,
    start,
    startMs: wallToMillis(start, zone),
    afterMs: opts.after === undefined ? null : parseInstant(opts.after),
    count: opts.count,
  };
}

function parseInstant(text: string): number {
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text) || !parsed.isValid) {
    throw new CalendarError(
      'INVALID_ARGUMENT',
      `after ${JSON.stringify(text)} is not an ISO-8601 instant with an offset`,
    );
  }
  return parsed.toMillis();
}

function collectRuns(evaluation: Evaluation, periods: Iterable<number[]>): number[] {
  const runs: number[] = [];
  if (evaluation.count === 0) {
    return runs;
  }

  let barren = 0;
  for (const period of periods) {
    const fresh = period.filter((ms) => isWanted(evaluation, ms));
    if (fresh.length === 0) {
      barren = failWhenBarren(evaluation.rule, barren + 1);
      continue;
    }

    barren = 0;
    runs.push(...fresh.slice(0, evaluation.count - runs.length));
    if (runs.length === evaluation.count) {
      return runs;
    }
  }
  return runs;
}

function isWanted(evaluation: Evaluation, ms: number): boolean {
  const { startMs, afterMs } = evaluation;
  return ms >= startMs && (afterMs === null || ms > afterMs);
}

function failWhenBarren(rule: CalendarRule, barren: number): number {
  const limit = BARREN_LIMIT[rule.freq];
  if (barren > limit) {
    throw new CalendarError(
      'ORA-27419',
      `unable to determine a valid execution date: no run in ${limit} consecutive ` +
        `${rule.freq} periods; the clauses may contradict each other ` +
        '(such as BYMONTH=FEB;BYMONTHDAY=31)',
    );
  }
  return barren;
}

/* DAILY, WEEKLY, MONTHLY, YEARLY: periods of local calendar days, wall-clock times. */

function* calendarPeriods(evaluation: Evaluation): Generator<number[]> {
  const { rule, start, zone } = evaluation;
  const keepDay = dayMatcher(rule, start);
  const times = timesOfDay(rule, start);

  for (let index = firstCalendarIndex(evaluation); ; index++) {
    const days = periodDays(rule, start, index).filter(keepDay);
    const walls = days.flatMap((day) => times.map((time) => ({ ...dateOf(day), ...time })));
    const chosen = applySetPos(walls, rule.bySetPos);
    yield ascendingUnique(chosen.map((wall) => wallToMillis(wall, zone)));
  }
}

type TimeOfDay = Pick<WallTime, 'hour' | 'minute' | 'second'>;

function timesOfDay(rule: CalendarRule, start: WallTime): TimeOfDay[] {
  const hours = sortedOr(rule.byHour, start.hour);
  const minutes = sortedOr(rule.byMinute, start.minute);
  const seconds = sortedOr(rule.bySecond, start.second);
  return hours.flatMap((hour) =>
    minutes.flatMap((minute) => seconds.map((second) => ({ hour, minute, second }))),
  );
}

function sortedOr(values: number[], fallback: number): number[] {
  return values.length > 0 ? [...values].sort((a, b) => a - b) : [fallback];
}

function dateOf(day: CivilDay): Pick<WallTime, 'year' | 'month' | 'day'> {
  return { year: day.year, month: day.month, day: day.day };
}

/** The days of period `index`, counting periods of INTERVAL units from the start's own. */
function periodDays(rule: CalendarRule, start: WallTime, index: number): CivilDay[] {
  const startDay = epochDayOf(start.year, start.month, start.day);
  const step = index * rule.interval;
  switch (rule.freq) {
    case 'DAILY':
      return [civilDay(startDay + step)];
    case 'WEEKLY':
      return dayRange(mondayOf(startDay) + 7 * step, 7);
    case 'MONTHLY':
      return monthDays(start.year, start.month - 1 + step);
    default:
      return yearDays(start.year + step);
  }
}

function monthDays(year: number, monthIndex: number): CivilDay[] {
  const y = year + Math.floor(monthIndex / 12);
  const m = (monthIndex % 12) + 1;
  return dayRange(epochDayOf(y, m, 1), daysInMonth(y, m));
}

function yearDays(year: number): CivilDay[] {
  const first = epochDayOf(year, 1, 1);
  return dayRange(first, epochDayOf(year + 1, 1, 1) - first);
}

function dayRange(first: number, length: number): CivilDay[] {
  return Array.from({ length }, (_, i) => civilDay(first + i));
}

/** Skips the periods that end before `after`, so a preview far from the start stays fast. */
function firstCalendarIndex(evaluation: Evaluation): number {
  const { afterMs, start, zone, rule } = evaluation;
  if (afterMs === null) {
    return 0;
  }

  const after = wallAt(afterMs, zone);
  const afterDay = epochDayOf(after.year, after.month, after.day);
  const startDay = epochDayOf(start.year, start.month, start.day);
  const units: Record<string, number> = {
    DAILY: afterDay - startDay,
    WEEKLY: (mondayOf(afterDay) - mondayOf(startDay)) / 7,
    MONTHLY: after.year * 12 + after.month - (start.year * 12 + start.month),
    YEARLY: after.year - start.year,
  };
  return Math.max(0, Math.floor(units[rule.freq] / rule.interval) - 1);
}

/** BYSETPOS picks by position among a period's runs: 1 is the first, -1 the last. */
function applySetPos<T>(items: T[], positions: number[]): T[] {
  if (positions.length === 0) {
    return items;
  }

  const indexes = positions
    .map((position) => (position > 0 ? position - 1 : items.length + position))
    .filter((index) => index >= 0 && index < items.length);
  return [...new Set(indexes)].sort((a, b) => a - b).map((index) => items[index]);
}

function ascendingUnique(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/* HOURLY, MINUTELY, SECONDLY: periods of exact elapsed time from the start's own unit. */

function* subDailyPeriods(evaluation: Evaluation): Generator<number[]> {
  const { rule, start, zone } = evaluation;
  const unit = UNIT_MS[rule.freq] as number;
  const step = unit * rule.interval;
  const origin = wallToMillis(truncateWall(start, rule.freq), zone);
  const offsets = offsetsInUnit(rule, start);
  const keepDay = dayMatcher(rule, start);
  const keep = subDailyTest(rule, zone, keepDay);

  let index = firstSubDailyIndex(evaluation, origin, step);
  while (true) {
    const base = origin + index * step;
    const skipTo = skipTarget(rule, zone, keepDay, base);
    if (skipTo !== null) {
      yield [];
      index = Math.max(index + 1, Math.ceil((skipTo - origin) / step));
      continue;
    }

    const instants = offsets.map((offset) => base + offset).filter(keep);
    yield applySetPos(instants, rule.bySetPos);
    index++;
  }
}

function truncateWall(wall: WallTime, freq: Frequency): WallTime {
  if (freq === 'HOURLY') {
    return { ...wall, minute: 0, second: 0 };
  }
  return freq === 'MINUTELY' ? { ...wall, second: 0 } : wall;
}

/** Within one unit: the minutes and seconds (HOURLY) or seconds (MINUTELY) of a run. */
function offsetsInUnit(rule: CalendarRule, start: WallTime): number[] {
  const seconds = sortedOr(rule.bySecond, start.second);
  if (rule.freq === 'SECONDLY') {
    return [0];
  }
  if (rule.freq === 'MINUTELY') {
    return seconds.map((second) => second * 1000);
  }

  const minutes = sortedOr(rule.byMinute, start.minute);
  return minutes.flatMap((minute) => seconds.map((second) => minute * 60_000 + second * 1000));
}

/** BYHOUR, BYMINUTE, BYSECOND and the day clauses only filter sub-daily runs. */
function subDailyTest(rule: CalendarRule, zone: Zone, keepDay: DayTest): (ms: number) => boolean {
  const filters = timeFilters(rule);
  return (ms) => {
    const wall = wallAt(ms, zone);
    return keepDay(dayOfWall(wall)) && filters.every(([key, values]) => values.includes(wall[key]));
  };
}

function timeFilters(rule: CalendarRule): Array<[keyof WallTime, number[]]> {
  const filters: Array<[keyof WallTime, number[]]> = [['hour', rule.byHour]];
  if (rule.freq !== 'HOURLY') {
    filters.push(['minute', rule.byMinute]);
  }
  if (rule.freq === 'SECONDLY') {
    filters.push(['second', rule.bySecond]);
  }
  return filters.filter(([, values]) => values.length > 0);
}

function dayOfWall(wall: WallTime): CivilDay {
  return civilDay(epochDayOf(wall.year, wall.month, wall.day));
}

/**
 * When the day (or hour, or minute) at the start of a period is excluded, the next possible
 * run is on the next allowed day (hour, minute): jump there instead of walking every period.
 */
function skipTarget(rule: CalendarRule, zone: Zone, keepDay: DayTest, base: number): number | null {
  const wall = wallAt(base, zone);
  const today = epochDayOf(wall.year, wall.month, wall.day);
  if (!keepDay(civilDay(today))) {
    return startOfDay(nextAllowedDay(rule, keepDay, today), zone);
  }
  if (rule.byHour.length > 0 && !rule.byHour.includes(wall.hour)) {
    return startOfNext(wall, 'hour', zone);
  }
  if (
    rule.freq === 'SECONDLY' &&
    rule.byMinute.length > 0 &&
    !rule.byMinute.includes(wall.minute)
  ) {
    return startOfNext(wall, 'minute', zone);
  }
  return null;
}

function nextAllowedDay(rule: CalendarRule, keepDay: DayTest, today: number): number {
  for (let day = today + 1; day <= today + DAY_SEARCH_LIMIT; day++) {
    if (keepDay(civilDay(day))) {
      return day;
    }
  }
  return failWhenBarren(rule, Number.POSITIVE_INFINITY);
}

function startOfDay(epochDay: number, zone: Zone): number {
  const day = civilDay(epochDay);
  const midnight = {
    year: day.year,
    month: day.month,
    day: day.day,
    hour: 0,
    minute: 0,
    second: 0,
  };
  return wallToMillis(midnight, zone);
}

function startOfNext(wall: WallTime, unit: 'hour' | 'minute', zone: Zone): number {
  const next = DateTime.fromObject(wall, { zone: 'UTC' })
    .startOf(unit)
    .plus({ [unit]: 1 });
  const { year, month, day, hour, minute, second } = next;
  return wallToMillis({ year, month, day, hour, minute, second }, zone);
}

function firstSubDailyIndex(evaluation: Evaluation, origin: number, step: number): number {
  if (evaluation.afterMs === null) {
    return 0;
  }
  return Math.max(0, Math.floor((evaluation.afterMs - origin) / step) - 1);
}
