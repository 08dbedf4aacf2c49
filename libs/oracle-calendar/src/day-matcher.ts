import { CalendarRule, DateEntry, WeekdayEntry, hasDayClause, isSubDaily } from './calendar-rule';
import { CivilDay, civilDay, epochDayOf, isoWeek } from './civil-day';
import { WallTime } from './time-zone';

export type DayTest = (day: CivilDay) => boolean;

/**
 * Which days of a period a rule keeps. Clauses narrow the days together (all must hold).
 * When no clause names days, DAILY and above take them from the start date: its weekday for
 * WEEKLY, its day of the month for MONTHLY, its month and day for YEARLY.
 */
export function dayMatcher(rule: CalendarRule, start: WallTime): DayTest {
  const tests: DayTest[] = [...explicitDayTests(rule), ...defaultDayTests(rule, start)];
  return (day) => tests.every((test) => test(day));
}

function explicitDayTests(rule: CalendarRule): DayTest[] {
  const tests: DayTest[] = [];
  if (rule.byMonth.length > 0) {
    tests.push((day) => rule.byMonth.includes(day.month));
  }
  if (rule.byWeekNo.length > 0) {
    tests.push((day) => matchesWeekNo(rule.byWeekNo, day));
  }
  if (rule.byYearDay.length > 0) {
    tests.push((day) => matchesCountable(rule.byYearDay, day.dayOfYear, day.daysInYear));
  }
  if (rule.byDate.length > 0) {
    tests.push((day) => rule.byDate.some((entry) => matchesDateEntry(entry, day)));
  }
  if (rule.byMonthDay.length > 0) {
    tests.push((day) => matchesCountable(rule.byMonthDay, day.day, day.daysInMonth));
  }
  if (rule.byDay.length > 0) {
    const inMonth = rule.freq === 'MONTHLY' || rule.byMonth.length > 0;
    tests.push((day) => rule.byDay.some((entry) => matchesWeekday(entry, day, inMonth)));
  }
  return tests;
}

function defaultDayTests(rule: CalendarRule, start: WallTime): DayTest[] {
  if (isSubDaily(rule.freq) || hasDayClause(rule)) {
    return [];
  }

  const startDay = civilDay(epochDayOf(start.year, start.month, start.day));
  switch (rule.freq) {
    case 'WEEKLY':
      return [(day) => day.weekday === startDay.weekday];
    case 'MONTHLY':
      return [(day) => day.day === startDay.day];
    case 'YEARLY':
      return yearlyDefaults(rule, startDay);
    default:
      return [];
  }
}

function yearlyDefaults(rule: CalendarRule, startDay: CivilDay): DayTest[] {
  const sameDay: DayTest = (day) => day.day === startDay.day;
  if (rule.byMonth.length > 0) {
    return [sameDay];
  }
  return [(day) => day.month === startDay.month, sameDay];
}

/** `value` is the position from the start; negative entries count back from the end. */
function matchesCountable(entries: number[], value: number, size: number): boolean {
  return entries.some((entry) => entry === value || entry === value - size - 1);
}

function matchesWeekNo(entries: number[], day: CivilDay): boolean {
  const { week, weeksInYear } = isoWeek(day);
  return matchesCountable(entries, week, weeksInYear);
}

function matchesWeekday(entry: WeekdayEntry, day: CivilDay, inMonth: boolean): boolean {
  if (entry.weekday !== day.weekday) {
    return false;
  }
  if (entry.ordinal === null) {
    return true;
  }

  const position = inMonth ? day.day : day.dayOfYear;
  const size = inMonth ? day.daysInMonth : day.daysInYear;
  const fromStart = Math.floor((position - 1) / 7) + 1;
  const fromEnd = -(Math.floor((size - position) / 7) + 1);
  return entry.ordinal === fromStart || entry.ordinal === fromEnd;
}

/** A BYDATE entry without a year repeats every year, so the years around the day count. */
function matchesDateEntry(entry: DateEntry, day: CivilDay): boolean {
  const years = entry.year === null ? [day.year - 1, day.year, day.year + 1] : [entry.year];
  return years.some((year) => dateRangeHolds(entry, year, day.epochDay));
}

function dateRangeHolds(entry: DateEntry, year: number, epochDay: number): boolean {
  const base = epochDayOf(year, entry.month, entry.day);
  if (civilDay(base).day !== entry.day) {
    return false; // 0229 in a year that has none
  }

  const [first, last] = entryRange(entry, base + entry.offsetDays);
  return epochDay >= first && epochDay <= last;
}

function entryRange(entry: DateEntry, anchor: number): [number, number] {
  const span = entry.span;
  if (!span) {
    return [anchor, anchor];
  }
  if (span.direction === '+') {
    return [anchor, anchor + span.days - 1];
  }
  if (span.direction === '-') {
    return [anchor - span.days + 1, anchor];
  }
  const before = Math.floor((span.days - 1) / 2);
  return [anchor - before, anchor - before + span.days - 1];
}
