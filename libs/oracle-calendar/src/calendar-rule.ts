export const FREQUENCIES = [
  'YEARLY',
  'MONTHLY',
  'WEEKLY',
  'DAILY',
  'HOURLY',
  'MINUTELY',
  'SECONDLY',
] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Oracle's weekday names; index + 1 is the ISO weekday (Monday = 1). */
export const WEEKDAY_NAMES = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

export const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
] as const;

/** One BYDAY entry: `2MON` is `{ weekday: 1, ordinal: 2 }`, `FRI` has no ordinal. */
export interface WeekdayEntry {
  weekday: number;
  ordinal: number | null;
}

/** How a BYDATE entry stretches: `+SPAN:n` starts on the date, `-SPAN:n` ends on it. */
export interface DateSpan {
  direction: '+' | '-' | '^';
  days: number;
}

/** One BYDATE entry: `0315`, `20241224`, `0101-OFFSET:1`, `1224+SPAN:3D`. */
export interface DateEntry {
  year: number | null;
  month: number;
  day: number;
  offsetDays: number;
  span: DateSpan | null;
}

/** A parsed calendaring expression. Empty lists mean the clause was not given. */
export interface CalendarRule {
  freq: Frequency;
  interval: number;
  byMonth: number[];
  byWeekNo: number[];
  byYearDay: number[];
  byDate: DateEntry[];
  byMonthDay: number[];
  byDay: WeekdayEntry[];
  byHour: number[];
  byMinute: number[];
  bySecond: number[];
  bySetPos: number[];
}

export const SUB_DAILY: readonly Frequency[] = ['HOURLY', 'MINUTELY', 'SECONDLY'];

export function isSubDaily(freq: Frequency): boolean {
  return SUB_DAILY.includes(freq);
}

/** True when a clause narrows the days of a period (so none is taken from the start date). */
export function hasDayClause(rule: CalendarRule): boolean {
  return (
    rule.byWeekNo.length > 0 ||
    rule.byYearDay.length > 0 ||
    rule.byDate.length > 0 ||
    rule.byMonthDay.length > 0 ||
    rule.byDay.length > 0
  );
}
