import { z } from 'zod';

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time of day as HH:MM (24-hour)' });

/** An IANA region such as `Europe/Paris`, or a fixed UTC offset such as `-04:00`. */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isKnownTimeZone, { message: 'must be an IANA time zone or an offset like +02:00' });

export function isKnownTimeZone(zone: string): boolean {
  if (/^[+-](0\d|1[0-4]):[0-5]\d$/.test(zone)) {
    return true;
  }

  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/** No backup strategy fires more often than this: a tighter calendar floods the run log. */
export const MIN_BACKUP_INTERVAL_MINUTES = 15;

/**
 * True for calendars Oracle would accept but no backup should follow: every few seconds, or
 * every few minutes. (libs/oracle-calendar validates the rest of the syntax.)
 */
export function firesTooOften(expression: string): boolean {
  const clauses = new Map(
    expression
      .toUpperCase()
      .split(';')
      .map((c) => c.split('=').map((part) => part.trim()) as [string, string]),
  );
  const frequency = clauses.get('FREQ');
  const interval = Number(clauses.get('INTERVAL') ?? '1');
  if (frequency === 'SECONDLY') return true;
  return frequency === 'MINUTELY' && interval < MIN_BACKUP_INTERVAL_MINUTES;
}

const common = {
  timezone: timeZoneSchema,
  /** Local wall-clock date and time of the first possible run (ISO, no offset). */
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, {
      message: 'must be a local date and time as YYYY-MM-DDTHH:MM[:SS]',
    })
    .refine(isCalendarDateTime, { message: 'must be a date and time that exists on a calendar' })
    .optional(),
};

/** `2027-02-30T01:00` or `2027-01-01T24:00` have the right shape and name no moment. */
function isCalendarDateTime(text: string): boolean {
  const [year, month, day, hour, minute, second = 0] = text.split(/[-T:]/).map(Number);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();

  return (
    year >= 1900 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= lastDay &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
}

export const scheduleSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('daily'), time: timeOfDay, ...common }),
  z.object({
    kind: z.literal('weekly'),
    days: z.array(z.enum(WEEKDAYS)).min(1, { message: 'needs at least one day' }),
    time: timeOfDay,
    ...common,
  }),
  z
    .object({
      kind: z.literal('monthly'),
      days: z.array(z.number().int().min(1).max(31)).default([]),
      lastDay: z.boolean().default(false),
      time: timeOfDay,
      ...common,
    })
    .refine((s) => s.days.length > 0 || s.lastDay, {
      message: 'needs at least one day of the month, or the last day',
      path: ['days'],
    }),
  z.object({
    kind: z.literal('everyHours'),
    hours: z.number().int().min(1).max(99),
    minute: z.number().int().min(0).max(59).default(0),
    ...common,
  }),
  z.object({
    kind: z.literal('everyDays'),
    days: z.number().int().min(1).max(99),
    time: timeOfDay,
    ...common,
  }),
  z
    .object({
      kind: z.literal('calendar'),
      /** Oracle calendaring syntax typed by a DBA, e.g. `FREQ=WEEKLY;BYDAY=SUN;BYHOUR=2`. */
      expression: z.string().min(1).max(4000),
      ...common,
    })
    .refine((s) => !firesTooOften(s.expression), {
      message: `must not fire more often than every ${MIN_BACKUP_INTERVAL_MINUTES} minutes`,
      path: ['expression'],
    }),
]);
export type ScheduleSpec = z.infer<typeof scheduleSpecSchema>;

/** Which clock fires the runs: Oracle Scheduler on the database, or the console's queue. */
export const scheduleClockSchema = z.enum(['oracle-scheduler', 'console']);
export type ScheduleClock = z.infer<typeof scheduleClockSchema>;

/** What happens to runs that fell due while nothing could start them. */
export const latePolicySchema = z.enum(['run-once', 'skip']);
export type LatePolicy = z.infer<typeof latePolicySchema>;

export const scheduleSchema = z.object({
  enabled: z.boolean().default(true),
  spec: scheduleSpecSchema,
  clock: scheduleClockSchema.default('oracle-scheduler'),
  latePolicy: latePolicySchema.default('run-once'),
  /** Minutes after the planned time before a run that did not start is marked missed. */
  graceMinutes: z.number().int().min(1).max(1440).default(15),
});
export type Schedule = z.infer<typeof scheduleSchema>;

/** A one-line summary a DBA reads in a table: `weekly on MON, THU at 01:30 (Europe/Paris)`. */
export function describeSchedule(spec: ScheduleSpec): string {
  const zone = `(${spec.timezone})`;
  switch (spec.kind) {
    case 'daily':
      return `daily at ${spec.time} ${zone}`;
    case 'weekly':
      return `weekly on ${spec.days.join(', ')} at ${spec.time} ${zone}`;
    case 'monthly': {
      const days = [...spec.days.map(String), ...(spec.lastDay ? ['last day'] : [])];
      return `monthly on ${days.join(', ')} at ${spec.time} ${zone}`;
    }
    case 'everyHours':
      return `every ${spec.hours} h at minute ${spec.minute} ${zone}`;
    case 'everyDays':
      return `every ${spec.days} days at ${spec.time} ${zone}`;
    case 'calendar':
      return `${spec.expression} ${zone}`;
  }
}
