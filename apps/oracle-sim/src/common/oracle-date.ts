/**
 * Oracle date masks (NLS_DATE_FORMAT) and the fixed formats RMAN and Data Pump print.
 * Supported mask elements: YYYY YY RRRR RR MM MON MONTH DD DY HH24 HH12 HH MI SS AM PM.
 */
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MONTH_NAMES = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_TITLES = MONTHS.map((m) => m[0] + m.slice(1).toLowerCase());

export const DEFAULT_NLS_DATE_FORMAT = 'DD-MON-RR';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

const TOKENS: Array<[RegExp, (d: Date) => string]> = [
  [/^HH24/i, (d) => pad(d.getHours())],
  [/^HH12|^HH/i, (d) => pad(d.getHours() % 12 || 12)],
  [/^YYYY|^RRRR/i, (d) => String(d.getFullYear())],
  [/^YY|^RR/i, (d) => pad(d.getFullYear() % 100)],
  [/^MONTH/i, (d) => MONTH_NAMES[d.getMonth()].padEnd(9)],
  [/^MON/i, (d) => MONTHS[d.getMonth()]],
  [/^MM/i, (d) => pad(d.getMonth() + 1)],
  [/^MI/i, (d) => pad(d.getMinutes())],
  [/^SS/i, (d) => pad(d.getSeconds())],
  [/^DD/i, (d) => pad(d.getDate())],
  [/^DY/i, (d) => DAYS[d.getDay()]],
  [/^AM|^PM/i, (d) => (d.getHours() < 12 ? 'AM' : 'PM')],
];

/** Formats a date with an Oracle mask, in the local time zone, as Oracle does. */
export function formatOracleDate(date: Date, mask = DEFAULT_NLS_DATE_FORMAT): string {
  let out = '';
  let rest = mask;

  while (rest.length > 0) {
    const token = TOKENS.find(([re]) => re.test(rest));
    if (token) {
      const match = token[0].exec(rest) as RegExpExecArray;
      out += token[1](date);
      rest = rest.slice(match[0].length);
    } else if (rest[0] === '"') {
      const end = rest.indexOf('"', 1);
      out += rest.slice(1, end < 0 ? undefined : end);
      rest = end < 0 ? '' : rest.slice(end + 1);
    } else {
      out += rest[0];
      rest = rest.slice(1);
    }
  }

  return out;
}

/** `11/20/2024 22:32:13`: the fixed format of RMAN-03009 / RMAN-03002 lines. */
export function formatRmanErrorTime(date: Date): string {
  return formatOracleDate(date, 'MM/DD/YYYY HH24:MI:SS');
}

/** `Sat Mar 16 01:00:02 2024`: banner and Data Pump job-line format. */
export function formatBannerTime(date: Date): string {
  const day = DAY_NAMES[date.getDay()];
  const month = MONTH_TITLES[date.getMonth()];
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day} ${month} ${date.getDate()} ${time} ${date.getFullYear()}`;
}

function formatHms(totalSeconds: number): string {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  return `${pad(h)}:${pad(m)}:${pad(totalSeconds % 60)}`;
}

/** `00:03:12`: RMAN elapsed time (RMAN never prints less than a second). */
export function formatElapsed(ms: number): string {
  return formatHms(Math.max(1, Math.round(ms / 1000)));
}

/** `0 00:06:39`: Data Pump elapsed time (days first). */
export function formatDataPumpElapsed(ms: number): string {
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 86400)} ${formatHms(total % 86400)}`;
}

/** Oracle's STAMP: seconds since 1988-01-01 counted with 31-day months. */
export function oracleStamp(date: Date): number {
  const months = (date.getFullYear() - 1988) * 12 + date.getMonth();
  const days = months * 31 + date.getDate() - 1;
  return ((days * 24 + date.getHours()) * 60 + date.getMinutes()) * 60 + date.getSeconds();
}

export function yyyymmdd(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
}

export function isoDay(date: Date): string {
  return `${date.getFullYear()}_${pad(date.getMonth() + 1)}_${pad(date.getDate())}`;
}
