import fc from 'fast-check';
import { DateTime } from 'luxon';

import { CalendarError, nextRuns, parseCalendar } from '../src';

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof CalendarError ? error.code : 'not a CalendarError';
  }
}

describe(nextRuns.name, () => {
  const daily = 'FREQ=DAILY;BYHOUR=2;BYMINUTE=0;BYSECOND=0';

  it('accepts a parsed rule as well as an expression', () => {
    const opts = { start: '2024-05-06T00:00', tz: 'Europe/Berlin', count: 2 };

    expect(nextRuns(parseCalendar(daily), opts)).toEqual(nextRuns(daily, opts));
  });

  it('counts the start itself when it matches the calendar', () => {
    const runs = nextRuns(daily, { start: '2024-05-06T02:00:00', tz: 'UTC', count: 1 });

    expect(runs).toEqual(['2024-05-06T02:00:00+00:00']);
  });

  it('returns only runs strictly after `after`', () => {
    const opts = { start: '2024-01-01T00:00:00', tz: 'America/New_York', count: 40 };
    const all = nextRuns(daily, opts);

    const later = nextRuns(daily, { ...opts, count: 5, after: all[30] });

    expect(later).toEqual(all.slice(31, 36));
  });

  it.each([
    ['FREQ=WEEKLY;INTERVAL=3;BYDAY=TUE,FRI'],
    ['FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1'],
    ['FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYMONTHDAY=1'],
    ['FREQ=HOURLY;INTERVAL=7;BYMINUTE=5'],
    ['FREQ=MINUTELY;INTERVAL=45'],
  ])('skips ahead to `after` without changing the runs of %s', (expr) => {
    const opts = { start: '2024-01-01T00:10:00', tz: 'Europe/London', count: 30 };
    const all = nextRuns(expr, opts);

    const later = nextRuns(expr, { ...opts, count: 4, after: all[25] });

    expect(later).toEqual(all.slice(26, 30));
  });

  it('finds runs years after the start quickly when `after` is far ahead', () => {
    const opts = { start: '2000-01-01T00:00:00', tz: 'UTC', count: 2 };

    const runs = nextRuns('FREQ=SECONDLY;INTERVAL=7', { ...opts, after: '2030-01-01T00:00:00Z' });

    expect(runs).toEqual(['2030-01-01T00:00:03+00:00', '2030-01-01T00:00:10+00:00']);
  });

  it.each([
    ['1225-SPAN:2D', ['2024-12-24', '2024-12-25', '2025-12-24']],
    ['1225^SPAN:3', ['2024-12-24', '2024-12-25', '2024-12-26']],
    ['0229', ['2028-02-29', '2032-02-29', '2036-02-29']],
  ])('runs on the days BYDATE=%s covers', (entry, days) => {
    const runs = nextRuns(`FREQ=YEARLY;BYDATE=${entry};BYHOUR=6;BYMINUTE=0;BYSECOND=0`, {
      start: '2024-03-01T00:00',
      tz: 'UTC',
      count: 3,
    });

    expect(runs).toEqual(days.map((day) => `${day}T06:00:00+00:00`));
  });

  it('jumps to the allowed minute of a SECONDLY rule', () => {
    const runs = nextRuns('FREQ=SECONDLY;INTERVAL=20;BYMINUTE=7', {
      start: '2024-05-01T10:00:00',
      tz: 'Europe/Paris',
      count: 4,
    });

    expect(runs).toEqual([
      '2024-05-01T10:07:00+02:00',
      '2024-05-01T10:07:20+02:00',
      '2024-05-01T10:07:40+02:00',
      '2024-05-01T11:07:00+02:00',
    ]);
  });

  it('returns nothing for a count of 0', () => {
    expect(nextRuns(daily, { start: '2024-01-01T00:00', tz: 'UTC', count: 0 })).toEqual([]);
  });

  it.each([
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'],
    ['FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31'],
    ['FREQ=WEEKLY;BYDATE=20200101'],
    ['FREQ=DAILY;BYMONTH=6;BYDAY=MON;BYMONTHDAY=31'],
    ['FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30'],
    ['FREQ=MINUTELY;INTERVAL=60;BYMINUTE=5'],
    ['FREQ=SECONDLY;BYHOUR=3;BYMINUTE=7;BYSECOND=1;BYMONTHDAY=31;BYMONTH=9'],
  ])('stops with ORA-27419 when %s never matches', (expr) => {
    const started = Date.now();

    const code = errorCode(() =>
      nextRuns(expr, { start: '2024-01-01T00:10:00', tz: 'UTC', count: 1 }),
    );

    expect(code).toBe('ORA-27419');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('finds a run that is many years away', () => {
    // 2024 + 99k: 2123, 2222 and 2321 are not leap years, 2420 is.
    const runs = nextRuns('FREQ=YEARLY;INTERVAL=99;BYMONTH=2;BYMONTHDAY=29', {
      start: '2024-03-01T00:00:00',
      tz: 'UTC',
      count: 1,
    });

    expect(runs).toEqual(['2420-02-29T00:00:00+00:00']);
  });

  it('reads a fixed offset written with or without the fixed: prefix', () => {
    const opts = { start: '2024-10-31T16:00', count: 3 };

    expect(nextRuns(daily, { ...opts, tz: '-04:00' })).toEqual(
      nextRuns(daily, { ...opts, tz: 'fixed:-04:00' }),
    );
  });

  it('runs one time only when two wall times fall in the same spring-forward gap', () => {
    const runs = nextRuns('FREQ=DAILY;BYHOUR=2,3;BYMINUTE=0,30;BYSECOND=0', {
      start: '2024-03-10T00:00:00',
      tz: 'America/New_York',
      count: 3,
    });

    expect(runs).toEqual([
      '2024-03-10T03:00:00-04:00',
      '2024-03-10T03:30:00-04:00',
      '2024-03-11T02:00:00-04:00',
    ]);
  });

  it('starts at the end of the gap when the start itself does not exist', () => {
    const runs = nextRuns('FREQ=HOURLY', {
      start: '2024-03-31T02:30:00',
      tz: 'Europe/Berlin',
      count: 2,
    });

    expect(runs).toEqual(['2024-03-31T03:30:00+02:00', '2024-03-31T04:30:00+02:00']);
  });

  it.each([
    [{ start: '2024-01-01T00:00', tz: 'Mars/Olympus', count: 1 }, 'ORA-01882'],
    [{ start: '2024-01-01T00:00', tz: '+15:00', count: 1 }, 'ORA-01882'],
    [{ start: '2024-02-30T00:00', tz: 'UTC', count: 1 }, 'INVALID_ARGUMENT'],
    [{ start: '2024-01-01', tz: 'UTC', count: 1 }, 'INVALID_ARGUMENT'],
    [{ start: '2024-01-01T00:00', tz: 'UTC', count: -1 }, 'INVALID_ARGUMENT'],
    [{ start: '2024-01-01T00:00', tz: 'UTC', count: 1.5 }, 'INVALID_ARGUMENT'],
    [
      { start: '2024-01-01T00:00', tz: 'UTC', count: 1, after: '2024-01-01T00:00' },
      'INVALID_ARGUMENT',
    ],
    [
      { start: '2024-01-01T00:00', tz: 'UTC', count: 1, after: '2024-13-01T00:00Z' },
      'INVALID_ARGUMENT',
    ],
  ])('refuses options %j with %s', (opts, code) => {
    expect(errorCode(() => nextRuns(daily, opts))).toBe(code);
  });
});

/* Independent check: a brute-force walk over every day with luxon's own calendar. */

const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

interface SimpleRule {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  interval: number;
  months: number[];
  monthDays: number[];
  weekdays: number[];
  hours: number[];
  minutes: number[];
}

function expressionOf(rule: SimpleRule): string {
  const clauses = [`FREQ=${rule.freq}`, `INTERVAL=${rule.interval}`];
  const lists: Array<[string, Array<string | number>]> = [
    ['BYMONTH', rule.months],
    ['BYMONTHDAY', rule.monthDays],
    ['BYDAY', rule.weekdays.map((day) => WEEKDAYS[day - 1])],
    ['BYHOUR', rule.hours],
    ['BYMINUTE', rule.minutes],
  ];
  for (const [name, values] of lists) {
    if (values.length > 0) {
      clauses.push(`${name}=${values.join(',')}`);
    }
  }
  return `${clauses.join(';')};BYSECOND=0`;
}

/** Whether day number `index` after the start's day is in a period INTERVAL selects. */
function inPeriod(rule: SimpleRule, index: number, day: DateTime, start: DateTime): boolean {
  const units = {
    DAILY: index,
    WEEKLY: Math.floor((index + start.weekday - 1) / 7),
    MONTHLY: day.year * 12 + day.month - (start.year * 12 + start.month),
  };
  return units[rule.freq] % rule.interval === 0;
}

function dayWanted(rule: SimpleRule, day: DateTime, start: DateTime): boolean {
  const monthDayOk =
    rule.monthDays.length === 0 ||
    rule.monthDays.some((d) => d === day.day || d === day.day - (day.daysInMonth ?? 0) - 1);
  const noDays = rule.monthDays.length === 0 && rule.weekdays.length === 0;
  const defaultOk =
    !noDays ||
    rule.freq === 'DAILY' ||
    (rule.freq === 'WEEKLY' ? day.weekday === start.weekday : day.day === start.day);
  return (
    (rule.months.length === 0 || rule.months.includes(day.month)) &&
    monthDayOk &&
    (rule.weekdays.length === 0 || rule.weekdays.includes(day.weekday)) &&
    defaultOk
  );
}

const HORIZON_DAYS = 6 * 366;

/** Up to `count` runs within about six years of the start. */
function bruteForce(rule: SimpleRule, start: DateTime, count: number): string[] {
  const runs: string[] = [];
  const hours = rule.hours.length ? [...rule.hours].sort((a, b) => a - b) : [start.hour];
  const minutes = rule.minutes.length ? [...rule.minutes].sort((a, b) => a - b) : [start.minute];
  for (let index = 0; runs.length < count && index < HORIZON_DAYS; index++) {
    const day = start.startOf('day').plus({ days: index });
    if (!inPeriod(rule, index, day, start) || !dayWanted(rule, day, start)) {
      continue;
    }
    for (const hour of hours) {
      for (const minute of minutes) {
        const run = day.set({ hour, minute, second: 0 });
        if (run >= start && runs.length < count) {
          runs.push(run.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"));
        }
      }
    }
  }
  return runs;
}

const simpleRule: fc.Arbitrary<SimpleRule> = fc
  .record({
    freq: fc.constantFrom('DAILY' as const, 'WEEKLY' as const, 'MONTHLY' as const),
    interval: fc.integer({ min: 1, max: 4 }),
    months: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 4 }),
    monthDays: fc.uniqueArray(
      // Days every month has, so that the walk below always ends.
      fc.integer({ min: -28, max: 28 }).filter((d) => d !== 0),
      { maxLength: 3 },
    ),
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }),
    // Hours 5..22 keep clear of DST changes, which the brute force does not model.
    hours: fc.uniqueArray(fc.integer({ min: 5, max: 22 }), { maxLength: 2 }),
    minutes: fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { maxLength: 2 }),
  })
  .filter((rule) => rule.months.length === 0 || rule.months.length >= 3);

describe('nextRuns against a brute-force walk over the days', () => {
  it('agrees for DAILY, WEEKLY and MONTHLY rules in several zones', () => {
    const zones = ['UTC', 'America/Chicago', 'Australia/Sydney', 'Asia/Kathmandu'];
    const startArb = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01') });

    fc.assert(
      fc.property(simpleRule, startArb, fc.constantFrom(...zones), (rule, date, zone) => {
        const local = DateTime.fromJSDate(date, { zone });
        const start = local.set({
          day: Math.min(local.day, 28),
          hour: 6,
          second: 0,
          millisecond: 0,
        });
        const expected = bruteForce(rule, start, 6);

        const evaluate = () =>
          nextRuns(expressionOf(rule), {
            start: start.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
            tz: zone,
            count: 6,
          });

        const runs = expected.length === 0 ? [] : evaluate();

        expect(runs.slice(0, expected.length)).toEqual(expected);
      }),
      { numRuns: 80 },
    );
  });
});
