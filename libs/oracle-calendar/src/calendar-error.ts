/**
 * Oracle's codes for a refused calendar, plus Rampart's own for what it cannot evaluate
 * (`UNSUPPORTED`) and for arguments that are not a calendar at all (`INVALID_ARGUMENT`).
 */
export type CalendarErrorCode =
  | 'ORA-01882' // time zone region not found
  | 'ORA-27411' // empty repeat interval
  | 'ORA-27412' // invalid identifier
  | 'ORA-27413' // repeat interval is too long
  | 'ORA-27414' // invalid clause value
  | 'ORA-27415' // must start with a frequency clause
  | 'ORA-27416' // BYDAY contains an invalid weekday
  | 'ORA-27417' // BYWEEKNO requires FREQ=YEARLY
  | 'ORA-27418' // syntax error
  | 'ORA-27419' // unable to determine a valid execution date
  | 'ORA-27452' // invalid name for a database object
  | 'ORA-27465' // invalid value for an attribute
  | 'UNSUPPORTED'
  | 'INVALID_ARGUMENT';

/** A calendar, time zone or Scheduler value that Oracle (or Rampart) refuses. */
export class CalendarError extends Error {
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'CalendarError';
  }
}
