import { DateTime, FixedOffsetZone, IANAZone, Zone } from 'luxon';

import { CalendarError } from './calendar-error';

/** A local wall-clock time, as a DBA types it: no zone, no offset. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const FIXED_OFFSET = /^(?:fixed:)?([+-])(\d{2}):(\d{2})$/i;
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY_MS = 86_400_000;

/** An IANA region (`Europe/Paris`, `UTC`) or a fixed offset (`-04:00`, `fixed:-04:00`). */
export function resolveZone(tz: string): Zone {
  const fixed = FIXED_OFFSET.exec(tz.trim());
  if (fixed) {
    return fixedZone(tz, fixed);
  }
  if (IANAZone.isValidZone(tz)) {
    return IANAZone.create(tz);
  }
  throw new CalendarError(
    'ORA-01882',
    `time zone ${JSON.stringify(tz)} is neither an IANA region nor an offset like -04:00`,
  );
}

/** The offset part of a fixed zone, as `-04:00`; null for a region. */
export function fixedOffsetText(tz: string): string | null {
  const fixed = FIXED_OFFSET.exec(tz.trim());
  return fixed ? `${fixed[1]}${fixed[2]}:${fixed[3]}` : null;
}

function fixedZone(tz: string, parts: RegExpExecArray): Zone {
  const hours = Number(parts[2]);
  const minutes = Number(parts[3]);
  if (hours > 14 || minutes > 59) {
    throw new CalendarError('ORA-01882', `offset ${tz} is outside -14:00 to +14:00`);
  }

  const sign = parts[1] === '-' ? -1 : 1;
  return FixedOffsetZone.instance(sign * (hours * 60 + minutes));
}

/** Parses `YYYY-MM-DDTHH:MM[:SS]` as a wall time; refuses dates that do not exist. */
export function parseWallTime(text: string, what: string): WallTime {
  const match = LOCAL_ISO.exec(text.trim());
  const wall = match ? toWall(match) : null;
  if (!wall || !DateTime.fromObject(wall, { zone: 'UTC' }).isValid) {
    throw new CalendarError(
      'INVALID_ARGUMENT',
      `${what} ${JSON.stringify(text)} is not a local date and time as YYYY-MM-DDTHH:MM[:SS]`,
    );
  }
  return wall;
}

function toWall(match: RegExpExecArray): WallTime {
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  return { year, month, day, hour, minute, second };
}

/** Sortable text of a wall time, `YYYY-MM-DDTHH:MM:SS`. */
export function wallKey(wall: WallTime): string {
  const date = [wall.year, wall.month, wall.day].map((v, i) => pad(v, i === 0 ? 4 : 2));
  const time = [wall.hour, wall.minute, wall.second].map((v) => pad(v, 2));
  return `${date.join('-')}T${time.join(':')}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function wallAt(ms: number, zone: Zone): WallTime {
  const local = DateTime.fromMillis(ms, { zone });
  const { year, month, day, hour, minute, second } = local;
  return { year, month, day, hour, minute, second };
}

/**
 * The instant a wall time names in a zone. On a fall-back day an hour happens twice: Oracle
 * reads an ambiguous local time as standard time (ERROR_ON_OVERLAP_TIME=FALSE), i.e. the
 * later instant. In a spring-forward gap the time does not exist: the run happens at the end
 * of the gap, the first instant whose local time is past it.
 */
export function wallToMillis(wall: WallTime, zone: Zone): number {
  const guess = DateTime.fromObject(wall, { zone }).toMillis();
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((shift) => zone.offset(guess + shift)));
  const matches = [...offsets]
    .map((offset) => DateTime.fromObject(wall, { zone: FixedOffsetZone.instance(offset) }))
    .map((candidate) => candidate.toMillis())
    .filter((ms) => wallKey(wallAt(ms, zone)) === wallKey(wall));

  if (matches.length > 0) {
    return Math.max(...matches);
  }
  return endOfGap(wallKey(wall), zone, guess);
}

/** Binary search, to the second, for the first instant whose local time is at or past `key`. */
function endOfGap(key: string, zone: Zone, after: number): number {
  let low = Math.floor((after - DAY_MS) / 1000);
  let high = Math.ceil(after / 1000);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (wallKey(wallAt(middle * 1000, zone)) >= key) {
      high = middle;
    } else {
      low = middle;
    }
  }
  return high * 1000;
}

/** ISO-8601 with the offset in force, `+00:00` rather than `Z`. */
export function formatInstant(ms: number, zone: Zone): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}
