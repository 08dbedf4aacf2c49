import fc from 'fast-check';

import { WEEKDAYS, ScheduleSpec } from '@rampart/contracts';

import { CalendarError, calendarToSchedule, nextRuns, scheduleToCalendar } from '../src';

const NOW = new Date('2024-05-06T08:23:45Z');

describe(scheduleToCalendar.name, () => {
  it.each<[ScheduleSpec, string]>([
    [
      { kind: 'daily', time: '02:30', timezone: 'Europe/Paris' },
      'FREQ=DAILY;BYHOUR=2;BYMINUTE=30;BYSECOND=0',
    ],
    [
      { kind: 'weekly', days: ['WED', 'MON', 'WED'], time: '22:00', timezone: 'UTC' },
      'FREQ=WEEKLY;BYDAY=MON,WED;BYHOUR=22;BYMINUTE=0;BYSECOND=0',
    ],
    [
      { kind: 'monthly', days: [15, 1], lastDay: true, time: '23:05', timezone: 'UTC' },
      'FREQ=MONTHLY;BYMONTHDAY=1,15,-1;BYHOUR=23;BYMINUTE=5;BYSECOND=0',
    ],
    [
      { kind: 'monthly', days: [], lastDay: true, time: '21:30', timezone: 'Asia/Kolkata' },
      'FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=21;BYMINUTE=30;BYSECOND=0',
    ],
    [
      { kind: 'everyHours', hours: 4, minute: 10, timezone: 'UTC' },
      'FREQ=HOURLY;INTERVAL=4;BYMINUTE=10;BYSECOND=0',
    ],
    [
      { kind: 'everyDays', days: 3, time: '01:00', timezone: 'UTC' },
      'FREQ=DAILY;INTERVAL=3;BYHOUR=1;BYMINUTE=0;BYSECOND=0',
    ],
    [
      { kind: 'calendar', expression: ' FREQ=MONTHLY;BYDAY=-1FRI ', timezone: 'UTC' },
      'FREQ=MONTHLY;BYDAY=-1FRI',
    ],
  ])('writes %j as %s', (spec, expression) => {
    expect(scheduleToCalendar(spec, NOW).expression).toBe(expression);
  });

  it('keeps the start date of the spec, with seconds', () => {
    const spec: ScheduleSpec = {
      kind: 'daily',
      time: '02:00',
      timezone: '-04:00',
      startDate: '2024-10-31T16:00',
    };

    expect(scheduleToCalendar(spec)).toEqual({
      expression: 'FREQ=DAILY;BYHOUR=2;BYMINUTE=0;BYSECOND=0',
      startDate: '2024-10-31T16:00:00',
      timezone: '-04:00',
    });
  });

  it('starts now, in the schedule zone, when the spec has no start date', () => {
    const spec: ScheduleSpec = { kind: 'daily', time: '02:00', timezone: 'Europe/Berlin' };

    expect(scheduleToCalendar(spec, NOW).startDate).toBe('2024-05-06T10:23:00');
  });

  it.each<[ScheduleSpec, string]>([
    [{ kind: 'everyHours', hours: 100, minute: 0, timezone: 'UTC' }, 'ORA-27414'],
    [{ kind: 'everyDays', days: 120, time: '01:00', timezone: 'UTC' }, 'ORA-27414'],
    [{ kind: 'calendar', expression: 'FREQ=WEEKLY;BYDAY=MO', timezone: 'UTC' }, 'ORA-27416'],
    [
      {
        kind: 'calendar',
        expression: 'FREQ=YEARLY;BYMONTH=FEB;BYMONTHDAY=31',
        timezone: 'UTC',
        startDate: '2024-01-01T00:00',
      },
      'ORA-27419',
    ],
    [{ kind: 'daily', time: '02:00', timezone: 'Nowhere/Land' }, 'ORA-01882'],
  ])('refuses %j with %s', (spec, code) => {
    expect(() => scheduleToCalendar(spec, NOW)).toThrow(
      expect.objectContaining({ code }) as CalendarError,
    );
  });

  it('writes expressions whose runs are at the wizard time', () => {
    const spec: ScheduleSpec = {
      kind: 'weekly',
      days: ['SUN'],
      time: '02:30',
      timezone: 'America/New_York',
      startDate: '2024-03-01T12:00',
    };
    const calendar = scheduleToCalendar(spec);

    const runs = nextRuns(calendar.expression, {
      start: calendar.startDate,
      tz: calendar.timezone,
      count: 3,
    });

    expect(runs).toEqual([
      '2024-03-03T02:30:00-05:00',
      '2024-03-10T03:00:00-04:00',
      '2024-03-17T02:30:00-04:00',
    ]);
  });
});

describe(calendarToSchedule.name, () => {
  it('reads back a shape written in another case, spacing and clause order', () => {
    const spec = calendarToSchedule(
      'freq=weekly; bysecond=0; byminute=5; byhour=7; byday=fri,mon',
      'Europe/Rome',
    );

    expect(spec).toEqual({
      kind: 'weekly',
      days: ['MON', 'FRI'],
      time: '07:05',
      timezone: 'Europe/Rome',
    });
  });

  it.each([
    'FREQ=DAILY;BYHOUR=2;BYMINUTE=0',
    'FREQ=DAILY;BYHOUR=2;BYMINUTE=0;BYSECOND=30',
    'FREQ=DAILY;BYHOUR=2,14;BYMINUTE=0;BYSECOND=0',
    'FREQ=DAILY;BYMONTH=1;BYHOUR=2;BYMINUTE=0;BYSECOND=0',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MON;BYHOUR=2;BYMINUTE=0;BYSECOND=0',
    'FREQ=WEEKLY;BYHOUR=2;BYMINUTE=0;BYSECOND=0',
    'FREQ=MONTHLY;BYDAY=2WED;BYHOUR=4;BYMINUTE=0;BYSECOND=0',
    'FREQ=MONTHLY;BYMONTHDAY=-2;BYHOUR=4;BYMINUTE=0;BYSECOND=0',
    'FREQ=MONTHLY;BYHOUR=4;BYMINUTE=0;BYSECOND=0',
    'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1;BYHOUR=4;BYMINUTE=0;BYSECOND=0',
    'FREQ=HOURLY;INTERVAL=4;BYHOUR=1;BYMINUTE=0;BYSECOND=0',
    'FREQ=HOURLY;INTERVAL=4;BYMINUTE=0',
    'FREQ=HOURLY;INTERVAL=4;BYMINUTE=0;BYSECOND=5',
    'FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1;BYHOUR=0;BYMINUTE=0;BYSECOND=0',
    'FREQ=MINUTELY;INTERVAL=30;BYSECOND=0',
  ])('gives null for %s, which the wizard cannot show', (expression) => {
    expect(calendarToSchedule(expression, 'UTC')).toBeNull();
  });

  it('refuses an expression Oracle refuses', () => {
    expect(() => calendarToSchedule('BYDAY=MON;FREQ=WEEKLY', 'UTC')).toThrow(CalendarError);
  });
});

const zone = fc.constantFrom('UTC', 'Europe/Paris', 'America/Sao_Paulo', '+05:30', '-04:00');
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const weekdays = fc.subarray([...WEEKDAYS], { minLength: 1 });
const monthDays = fc.uniqueArray(fc.integer({ min: 1, max: 31 }), { maxLength: 5 });

/** Every wizard shape, already in the canonical order the conversion writes. */
const wizardSpec: fc.Arbitrary<ScheduleSpec> = fc.oneof(
  fc.record({ kind: fc.constant('daily' as const), time, timezone: zone }),
  fc.record({ kind: fc.constant('weekly' as const), days: weekdays, time, timezone: zone }),
  fc
    .record({
      kind: fc.constant('monthly' as const),
      days: monthDays.map((days) => [...days].sort((a, b) => a - b)),
      lastDay: fc.boolean(),
      time,
      timezone: zone,
    })
    .filter((spec) => spec.days.length > 0 || spec.lastDay),
  fc.record({
    kind: fc.constant('everyHours' as const),
    hours: fc.integer({ min: 1, max: 99 }),
    minute: fc.integer({ min: 0, max: 59 }),
    timezone: zone,
  }),
  fc.record({
    kind: fc.constant('everyDays' as const),
    days: fc.integer({ min: 2, max: 99 }),
    time,
    timezone: zone,
  }),
);

describe('wizard schedule round trip', () => {
  it('reads back every wizard shape it writes', () => {
    fc.assert(
      fc.property(wizardSpec, (spec) => {
        const calendar = scheduleToCalendar(spec, NOW);

        expect(calendarToSchedule(calendar.expression, calendar.timezone)).toEqual(spec);
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same expression for a shape read back from an expression', () => {
    fc.assert(
      fc.property(wizardSpec, (spec) => {
        const expression = scheduleToCalendar(spec, NOW).expression;
        const back = calendarToSchedule(expression, spec.timezone) as ScheduleSpec;

        expect(scheduleToCalendar(back, NOW).expression).toBe(expression);
      }),
      { numRuns: 200 },
    );
  });
});
