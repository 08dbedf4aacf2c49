import { CalendarError, formatCalendar, parseCalendar } from '../src';

function codeOf(expr: string): string | undefined {
  try {
    parseCalendar(expr);
    return undefined;
  } catch (error) {
    return error instanceof CalendarError ? error.code : 'not a CalendarError';
  }
}

describe(parseCalendar.name, () => {
  it('reads every clause, whatever the case and spacing', () => {
    const rule = parseCalendar(
      ' freq = yearly ; interval=2; bymonth=jan, 3,Dec; byweekno=1,-1; byyearday=60,-1;' +
        'bydate=0315,20241224+SPAN:3D,0101-offset:1; bymonthday=1,-1; byday=-1fri,2 mon,sun;' +
        'byhour=0,23; byminute=0,59; bysecond=0,59; bysetpos=1,-1;',
    );

    expect(rule).toEqual({
      freq: 'YEARLY',
      interval: 2,
      byMonth: [1, 3, 12],
      byWeekNo: [1, -1],
      byYearDay: [60, -1],
      byDate: [
        { year: null, month: 3, day: 15, offsetDays: 0, span: null },
        { year: 2024, month: 12, day: 24, offsetDays: 0, span: { direction: '+', days: 3 } },
        { year: null, month: 1, day: 1, offsetDays: -1, span: null },
      ],
      byMonthDay: [1, -1],
      byDay: [
        { weekday: 5, ordinal: -1 },
        { weekday: 1, ordinal: 2 },
        { weekday: 7, ordinal: null },
      ],
      byHour: [0, 23],
      byMinute: [0, 59],
      bySecond: [0, 59],
      bySetPos: [1, -1],
    });
  });

  it('reads a count-back hour as the hour it names', () => {
    expect(parseCalendar('FREQ=DAILY;BYHOUR=-1;BYMONTH=-1').byHour).toEqual([23]);
  });

  it('drops repeated values in a list', () => {
    expect(parseCalendar('FREQ=DAILY;BYHOUR=2,2,3').byHour).toEqual([2, 3]);
  });

  it('reads centred spans and later offsets in BYDATE', () => {
    const rule = parseCalendar('FREQ=YEARLY;BYDATE=0704^SPAN:3,0229+OFFSET:2D');

    expect(rule.byDate.map((entry) => [entry.span, entry.offsetDays])).toEqual([
      [{ direction: '^', days: 3 }, 0],
      [null, 2],
    ]);
  });

  it.each([
    ['', 'ORA-27411'],
    ['   ', 'ORA-27411'],
    [`FREQ=DAILY;BYHOUR=${'1,'.repeat(2000)}1`, 'ORA-27413'],
    ['BYDAY=MON;FREQ=WEEKLY', 'ORA-27415'],
    ['FREQ=DAYLY', 'ORA-27412'],
    ['FREQ=my_schedule', 'ORA-27412'],
    ['FREQ=12', 'ORA-27418'],
    ['FREQ=DAILY;BYFOO=1', 'ORA-27412'],
    ['FREQ=DAILY;BYHOUR=X', 'ORA-27412'],
    ['FREQ=DAILY;BYHOUR=1.5', 'ORA-27418'],
    ['FREQ=DAILY;BYMONTH=FOO', 'ORA-27412'],
    ['FREQ=DAILY;BYMONTH=0', 'ORA-27414'],
    ['FREQ=DAILY;BYMONTH=13', 'ORA-27414'],
    ['FREQ=DAILY;BYHOUR=24', 'ORA-27414'],
    ['FREQ=DAILY;BYMINUTE=60', 'ORA-27414'],
    ['FREQ=DAILY;BYSECOND=-61', 'ORA-27414'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'ORA-27414'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'ORA-27414'],
    ['FREQ=YEARLY;BYYEARDAY=367', 'ORA-27414'],
    ['FREQ=YEARLY;BYWEEKNO=54', 'ORA-27414'],
    ['FREQ=MONTHLY;BYSETPOS=0', 'ORA-27414'],
    ['FREQ=DAILY;INTERVAL=0', 'ORA-27414'],
    ['FREQ=DAILY;INTERVAL=100', 'ORA-27414'],
    ['FREQ=WEEKLY;BYDAY=MO,WE,FR', 'ORA-27416'],
    ['FREQ=WEEKLY;BYDAY=MONDAY', 'ORA-27416'],
    ['FREQ=MONTHLY;BYDAY=0MON', 'ORA-27414'],
    ['FREQ=MONTHLY;BYDAY=6MON', 'ORA-27414'],
    ['FREQ=YEARLY;BYDAY=54MON', 'ORA-27414'],
    ['FREQ=WEEKLY;BYDAY=1MON', 'ORA-27414'],
    ['FREQ=MONTHLY;BYWEEKNO=1', 'ORA-27417'],
    ['FREQ=YEARLY;BYDATE=0230', 'ORA-27414'],
    ['FREQ=YEARLY;BYDATE=20230229', 'ORA-27414'],
    ['FREQ=YEARLY;BYDATE=1301', 'ORA-27414'],
    ['FREQ=YEARLY;BYDATE=315', 'ORA-27418'],
    ['FREQ=YEARLY;BYDATE=0315^OFFSET:1', 'ORA-27418'],
    ['FREQ=YEARLY;BYDATE=0315+SPAN:0', 'ORA-27418'],
    ['FREQ=DAILY;BYHOUR=1,,2', 'ORA-27418'],
    ['FREQ=DAILY;;BYHOUR=1', 'ORA-27418'],
    ['FREQ=DAILY;BYHOUR', 'ORA-27418'],
    ['FREQ=DAILY;BYHOUR=1;BYHOUR=2', 'ORA-27418'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'ORA-27418'],
    ['FREQ=DAILY;EXCLUDE=holidays', 'UNSUPPORTED'],
  ])('refuses %j with %s', (expr, code) => {
    expect(codeOf(expr)).toBe(code);
  });

  it('names the clause in its explanation', () => {
    expect(() => parseCalendar('FREQ=DAILY;BYHOUR=25')).toThrow(/BYHOUR/);
  });
});

describe(formatCalendar.name, () => {
  it('writes a canonical expression that parses back to the same rule', () => {
    const text =
      'freq=yearly;bysetpos=-1;byday=-1FRI,MON;bydate=0315,1224-SPAN:2D,0101+OFFSET:1;' +
      'bymonth=dec;interval=3;byhour=4;byminute=5;bysecond=6;byweekno=1;byyearday=-1;bymonthday=2';
    const canonical = formatCalendar(parseCalendar(text));

    expect(canonical).toBe(
      'FREQ=YEARLY;INTERVAL=3;BYMONTH=12;BYWEEKNO=1;BYYEARDAY=-1;' +
        'BYDATE=0315,1224-SPAN:2D,0101+OFFSET:1D;BYMONTHDAY=2;BYDAY=-1FRI,MON;' +
        'BYHOUR=4;BYMINUTE=5;BYSECOND=6;BYSETPOS=-1',
    );
    expect(parseCalendar(canonical)).toEqual(parseCalendar(text));
  });

  it('writes a year in BYDATE when the entry has one', () => {
    expect(formatCalendar(parseCalendar('FREQ=DAILY;BYDATE=20240101-OFFSET:2'))).toBe(
      'FREQ=DAILY;BYDATE=20240101-OFFSET:2D',
    );
  });
});
