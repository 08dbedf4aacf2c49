import { CalendarRule, DateEntry, WEEKDAY_NAMES, WeekdayEntry } from './calendar-rule';

/** Writes a rule back as a canonical expression, clauses in Oracle's documented order. */
export function formatCalendar(rule: CalendarRule): string {
  const clauses = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) {
    clauses.push(`INTERVAL=${rule.interval}`);
  }

  const lists: Array<[string, string[]]> = [
    ['BYMONTH', rule.byMonth.map(String)],
    ['BYWEEKNO', rule.byWeekNo.map(String)],
    ['BYYEARDAY', rule.byYearDay.map(String)],
    ['BYDATE', rule.byDate.map(formatDateEntry)],
    ['BYMONTHDAY', rule.byMonthDay.map(String)],
    ['BYDAY', rule.byDay.map(formatWeekday)],
    ['BYHOUR', rule.byHour.map(String)],
    ['BYMINUTE', rule.byMinute.map(String)],
    ['BYSECOND', rule.bySecond.map(String)],
    ['BYSETPOS', rule.bySetPos.map(String)],
  ];
  for (const [name, values] of lists) {
    if (values.length > 0) {
      clauses.push(`${name}=${values.join(',')}`);
    }
  }
  return clauses.join(';');
}

function formatWeekday(entry: WeekdayEntry): string {
  const name = WEEKDAY_NAMES[entry.weekday - 1];
  return entry.ordinal === null ? name : `${entry.ordinal}${name}`;
}

function formatDateEntry(entry: DateEntry): string {
  const year = entry.year === null ? '' : String(entry.year).padStart(4, '0');
  const date = `${year}${pad2(entry.month)}${pad2(entry.day)}`;
  if (entry.span) {
    return `${date}${entry.span.direction}SPAN:${entry.span.days}D`;
  }
  if (entry.offsetDays !== 0) {
    const sign = entry.offsetDays > 0 ? '+' : '-';
    return `${date}${sign}OFFSET:${Math.abs(entry.offsetDays)}D`;
  }
  return date;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
