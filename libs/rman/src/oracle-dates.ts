/** Month abbreviations as NLS prints them, English first, then a few common languages. */
const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
  // German
  JÄN: 1,
  MÄR: 3,
  MRZ: 3,
  MAI: 5,
  OKT: 10,
  DEZ: 12,
  // French (NLS abbreviations end with a dot)
  'JANV.': 1,
  'FÉVR.': 2,
  MARS: 3,
  'AVR.': 4,
  JUIN: 6,
  'JUIL.': 7,
  AOÛT: 8,
  'SEPT.': 9,
  'OCT.': 10,
  'NOV.': 11,
  'DÉC.': 12,
  // Spanish / Italian / Portuguese
  ENE: 1,
  ABR: 4,
  AGO: 8,
  DIC: 12,
  GEN: 1,
  MAG: 5,
  GIU: 6,
  LUG: 7,
  SET: 9,
  OTT: 10,
  FEV: 2,
  OUT: 10,
};

/** A time as the log printed it: ISO date, with the time of day when the log had one. */
export interface LogTime {
  iso: string;
  hasTime: boolean;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function make(y: number, mo: number, d: number, time: string | undefined): LogTime | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const date = `${y}-${pad(mo)}-${pad(d)}`;

  return time ? { iso: `${date}T${time}`, hasTime: true } : { iso: date, hasTime: false };
}

const TIME = '(?:\\s+(\\d{2}:\\d{2}:\\d{2}))?\\s*$';
const DD_MON_YY = new RegExp(`^(\\d{1,2})-([^\\s\\d-]{3,5})-(\\d{2}|\\d{4})${TIME}`);
const YYYY_MM_DD = new RegExp(`^(\\d{4})[-/](\\d{2})[-/](\\d{2})${TIME}`);
const MM_DD_YYYY = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}:\d{2}:\d{2})/;

/**
 * A date in one of the NLS_DATE_FORMATs RMAN logs use: `16-MAR-24`, `05-MAY-24 01:00:05`,
 * `2024-03-19 23:30:04`, `2024/03/19 23:30:04`. `05/11/2024` is ambiguous: null.
 */
export function parseNlsDate(text: string): LogTime | null {
  const t = text.trim();
  const mon = DD_MON_YY.exec(t);

  if (mon) {
    const month = MONTHS[mon[2].toUpperCase()];
    return month ? make(fullYear(mon[3]), month, Number(mon[1]), mon[4]) : null;
  }

  const iso = YYYY_MM_DD.exec(t);
  return iso ? make(Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[4]) : null;
}

/** `RR`: 00-49 is 20xx, 50-99 is 19xx. */
function fullYear(year: string): number {
  const y = Number(year);
  if (year.length === 4) return y;

  return y < 50 ? 2000 + y : 1900 + y;
}

/** RMAN-03002/03009 always print `MM/DD/YYYY HH24:MI:SS`, whatever NLS_DATE_FORMAT says. */
export function parseFailureTime(text: string): string | null {
  const m = MM_DD_YYYY.exec(text.trim());
  const t = m ? make(Number(m[3]), Number(m[1]), Number(m[2]), m[4]) : null;

  return t ? t.iso : null;
}

const CLIENT_TIME = /(?:[A-Za-z]{3} )?([A-Za-z]{3}) +(\d{1,2}) (\d{2}:\d{2}:\d{2}) (\d{4})/;

/** `Tue Mar 12 01:00:02 2024` as the client banners and Data Pump's Job line print it. */
export function parseClientTime(text: string): string | null {
  const m = CLIENT_TIME.exec(text);
  const month = m ? MONTHS[m[1].toUpperCase()] : undefined;
  if (!m || !month) return null;
  const t = make(Number(m[4]), month, Number(m[2]), m[3]);

  return t ? t.iso : null;
}

/** Seconds between two ISO local times that both carry a time of day. */
export function secondsBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}Z`) - Date.parse(`${from}Z`)) / 1000);
}

/** `00:21:37` → 1297; `0 05:41:24` (D HH:MM:SS) → 20484. */
export function durationSeconds(text: string): number | null {
  const m = /^(?:(\d+) )?(\d+):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;

  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}
