/**
 * Calendar days without any time zone: Gregorian arithmetic on day numbers (days since
 * 1970-01-01). Zones only come in when a day and a time of day become an instant.
 */
export interface CivilDay {
  epochDay: number;
  year: number;
  month: number;
  day: number;
  /** ISO weekday, Monday = 1 ... Sunday = 7. */
  weekday: number;
  dayOfYear: number;
  daysInMonth: number;
  daysInYear: number;
}

const DAY_MS = 86_400_000;

export function epochDayOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function civilDay(epochDay: number): CivilDay {
  const date = new Date(epochDay * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  return {
    epochDay,
    year,
    month,
    day: date.getUTCDate(),
    weekday: ((date.getUTCDay() + 6) % 7) + 1,
    dayOfYear: epochDay - epochDayOf(year, 1, 1) + 1,
    daysInMonth: daysInMonth(year, month),
    daysInYear: isLeapYear(year) ? 366 : 365,
  };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** ISO-8601 weeks: Monday first; week 1 holds the year's first Thursday. */
export function isoWeeksInYear(year: number): number {
  const janFirst = civilDay(epochDayOf(year, 1, 1)).weekday;
  const longYear = janFirst === 4 || (janFirst === 3 && isLeapYear(year));
  return longYear ? 53 : 52;
}

/** ISO week of a day, with the number of weeks of the ISO year it belongs to. */
export function isoWeek(day: CivilDay): { week: number; weeksInYear: number } {
  const week = Math.floor((day.dayOfYear - day.weekday + 10) / 7);
  if (week < 1) {
    const weeks = isoWeeksInYear(day.year - 1);
    return { week: weeks, weeksInYear: weeks };
  }

  const weeks = isoWeeksInYear(day.year);
  if (week > weeks) {
    return { week: 1, weeksInYear: isoWeeksInYear(day.year + 1) };
  }
  return { week, weeksInYear: weeks };
}

/** Epoch day of the Monday that starts the week holding `epochDay`. */
export function mondayOf(epochDay: number): number {
  return epochDay - (civilDay(epochDay).weekday - 1);
}
