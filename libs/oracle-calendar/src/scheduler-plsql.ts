import { ORACLE_IDENTIFIER, isReservedWord } from '@rampart/contracts';

import { CalendarError } from './calendar-error';
import { parseCalendar } from './parse-calendar';
import { fixedOffsetText, parseWallTime, resolveZone, wallKey } from './time-zone';

export interface SchedulerJobInput {
  /** Oracle identifier, e.g. `RAMPART_42`; written upper case. */
  jobName: string;
  expression: string;
  /** Local wall time `YYYY-MM-DDTHH:MM[:SS]` in `timezone`. */
  startDate: string;
  /** IANA region (preferred: follows DST) or a fixed offset such as `-04:00`. */
  timezone: string;
  /** Absolute path of the executable the job runs. */
  jobAction: string;
  arguments: string[];
  credentialName: string | null;
  maxRunMinutes: number;
  comments: string;
  enabled: boolean;
}

/** DBA_SCHEDULER_JOBS.COMMENTS is 240 bytes. */
const MAX_COMMENT_BYTES = 240;
const MAX_VALUE_LENGTH = 4000;
const MAX_RUN_MINUTES = 525_600;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const JOB_MISSING = `  job_missing EXCEPTION;
  PRAGMA EXCEPTION_INIT(job_missing, -27475);`;

/**
 * The anonymous PL/SQL block (without SQL*Plus's `/` line) that creates or replaces an
 * EXTERNAL Scheduler job: the old job is dropped if it exists, the new one is created
 * disabled, given its arguments, limits, credential and full logging, then enabled.
 */
export function schedulerJobPlsql(input: SchedulerJobInput): string {
  const name = jobNameLiteral(input.jobName);
  const job = checkedJob(input);

  const statements = [
    dropIfExists(name),
    createJob(name, job),
    ...job.arguments.map((value, i) => setArgument(name, i + 1, value)),
    setAttribute(name, 'max_run_duration', `NUMTODSINTERVAL(${job.maxRunMinutes}, 'MINUTE')`),
    ...(job.credential ? [setAttribute(name, 'credential_name', job.credential)] : []),
    setAttribute(name, 'logging_level', 'DBMS_SCHEDULER.LOGGING_FULL'),
    ...(input.enabled ? [`  DBMS_SCHEDULER.ENABLE(name => ${name});`] : []),
  ];
  return block(statements, true);
}

export interface SchedulerCredentialInput {
  credentialName: string;
  /** An OS account: `oracle`, or `DOMAIN\\user` on Windows. */
  username: string;
  password: string;
}

const OS_USER = /^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,62}\\)?[A-Za-z_][A-Za-z0-9_.$-]{0,63}$/;

/**
 * Creates the OS credential the external jobs run as (DBMS_CREDENTIAL, Oracle 12c+), or
 * updates it in place: dropping it would disable every job that uses it. The password is a
 * literal of this block only: the agent passes the block to SQL*Plus
 * on its standard input, never on a command line, in a file or in a log.
 */
export function schedulerCredentialPlsql(input: SchedulerCredentialInput): string {
  const name = credentialLiteral(input.credentialName);
  if (typeof input.username !== 'string' || !OS_USER.test(input.username)) {
    throw invalidValue('username', 'must be an OS account name, or DOMAIN\\user on Windows');
  }
  const password = checkedText('password', input.password);
  if (password.length === 0 || password.length > 128) {
    throw invalidValue('password', 'must be 1 to 128 characters');
  }

  const [domain, user] = input.username.includes('\\')
    ? input.username.split('\\')
    : [null, input.username];
  const update = (attribute: string, value: string) =>
    `  DBMS_CREDENTIAL.UPDATE_CREDENTIAL(${name}, '${attribute}', ${sqlLiteral(value)});`;
  const statements = [
    '  BEGIN',
    `    DBMS_CREDENTIAL.CREATE_CREDENTIAL(credential_name => ${name},`,
    `      username => ${sqlLiteral(user)}, password => ${sqlLiteral(password)});`,
    '  EXCEPTION',
    '    WHEN credential_exists THEN NULL;',
    '  END;',
    update('username', user),
    update('password', password),
    ...(domain ? [update('windows_domain', domain)] : []),
  ];
  const declare = [
    'DECLARE',
    '  credential_exists EXCEPTION;',
    '  PRAGMA EXCEPTION_INIT(credential_exists, -27477);',
  ];
  return [...declare, 'BEGIN', ...statements, 'END;'].join('\n');
}

/** Drops the job if it exists; a missing job is not an error. */
export function schedulerDropPlsql(jobName: string): string {
  return block([dropIfExists(jobNameLiteral(jobName))], true);
}

export function schedulerEnablePlsql(jobName: string): string {
  return block([`  DBMS_SCHEDULER.ENABLE(name => ${jobNameLiteral(jobName)});`], false);
}

/** Disables the job; a run already in progress finishes (force => TRUE does not stop it). */
export function schedulerDisablePlsql(jobName: string): string {
  const name = jobNameLiteral(jobName);
  return block([`  DBMS_SCHEDULER.DISABLE(name => ${name}, force => TRUE);`], false);
}

interface CheckedJob {
  expression: string;
  startDate: string;
  jobAction: string;
  arguments: string[];
  credential: string | null;
  maxRunMinutes: number;
  comments: string;
}

function checkedJob(input: SchedulerJobInput): CheckedJob {
  parseCalendar(input.expression);
  checkMinutes(input.maxRunMinutes);
  if (!Array.isArray(input.arguments) || input.arguments.length > 255) {
    throw invalidValue('number_of_arguments', 'must be a list of at most 255 arguments');
  }

  return {
    expression: sqlLiteral(input.expression.trim()),
    startDate: startDateExpression(input.startDate, input.timezone),
    jobAction: sqlLiteral(checkedAction(input.jobAction)),
    arguments: input.arguments.map((value, i) =>
      sqlLiteral(checkedText(`argument ${i + 1}`, value)),
    ),
    credential: input.credentialName === null ? null : credentialLiteral(input.credentialName),
    maxRunMinutes: input.maxRunMinutes,
    comments: sqlLiteral(commentText(input.comments)),
  };
}

function block(statements: string[], declaresJobMissing: boolean): string {
  const declare = declaresJobMissing ? ['DECLARE', JOB_MISSING] : [];
  return [...declare, 'BEGIN', ...statements, 'END;'].join('\n');
}

function dropIfExists(name: string): string {
  return [
    '  BEGIN',
    `    DBMS_SCHEDULER.DROP_JOB(job_name => ${name}, force => TRUE);`,
    '  EXCEPTION',
    '    WHEN job_missing THEN NULL;',
    '  END;',
  ].join('\n');
}

function createJob(name: string, job: CheckedJob): string {
  return [
    '  DBMS_SCHEDULER.CREATE_JOB(',
    `    job_name            => ${name},`,
    "    job_type            => 'EXECUTABLE',",
    `    job_action          => ${job.jobAction},`,
    `    number_of_arguments => ${job.arguments.length},`,
    `    start_date          => ${job.startDate},`,
    `    repeat_interval     => ${job.expression},`,
    '    enabled             => FALSE,',
    '    auto_drop           => FALSE,',
    `    comments            => ${job.comments});`,
  ].join('\n');
}

function setArgument(name: string, position: number, value: string): string {
  return (
    `  DBMS_SCHEDULER.SET_JOB_ARGUMENT_VALUE(job_name => ${name}, ` +
    `argument_position => ${position},\n    argument_value => ${value});`
  );
}

function setAttribute(name: string, attribute: string, value: string): string {
  return (
    `  DBMS_SCHEDULER.SET_ATTRIBUTE(name => ${name}, attribute => '${attribute}',\n` +
    `    value => ${value});`
  );
}

/**
 * A single-quoted SQL literal: quotes doubled, and `&` written as CHR(38) so SQL*Plus
 * substitution cannot touch the value even with DEFINE on.
 */
export function sqlLiteral(value: string): string {
  const quoted = `'${value.replace(/'/g, "''")}'`;
  return quoted.replace(/&/g, "' || CHR(38) || '");
}

function jobNameLiteral(jobName: string): string {
  if (!isPlainIdentifier(jobName)) {
    throw new CalendarError(
      'ORA-27452',
      `job name ${JSON.stringify(jobName)} is not a valid Oracle identifier ` +
        '(a letter, then letters, digits, _, $ or #; 128 at most; not a reserved word)',
    );
  }
  return sqlLiteral(jobName.toUpperCase());
}

function isPlainIdentifier(name: string): boolean {
  return typeof name === 'string' && ORACLE_IDENTIFIER.test(name) && !isReservedWord(name);
}

/** `NAME` or `OWNER.NAME`, each part an Oracle identifier. */
function credentialLiteral(credential: string): string {
  const parts = typeof credential === 'string' ? credential.split('.') : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every(isPlainIdentifier)) {
    throw invalidValue('credential_name', `${JSON.stringify(credential)} is not an Oracle name`);
  }
  return sqlLiteral(credential.toUpperCase());
}

/**
 * A region name on the start date, so the job follows DST; a fixed offset only when the
 * schedule asks for one (it then never follows DST).
 */
function startDateExpression(startDate: string, timezone: string): string {
  const wall = wallKey(parseWallTime(startDate, 'startDate')).replace('T', ' ');
  resolveZone(timezone);

  const offset = fixedOffsetText(timezone);
  if (offset !== null) {
    return `TO_TIMESTAMP_TZ(${sqlLiteral(`${wall} ${offset}`)}, 'YYYY-MM-DD HH24:MI:SS TZH:TZM')`;
  }
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timezone)) {
    throw invalidValue('start_date', `time zone ${JSON.stringify(timezone)} is not a region`);
  }
  return `TO_TIMESTAMP_TZ(${sqlLiteral(`${wall} ${timezone}`)}, 'YYYY-MM-DD HH24:MI:SS TZR')`;
}

function checkedAction(jobAction: string): string {
  const action = checkedText('job_action', jobAction);
  if (!/^(\/|[A-Za-z]:[\\/])/.test(action)) {
    throw invalidValue('job_action', 'must be the absolute path of an executable');
  }
  return action;
}

function checkedText(attribute: string, value: string): string {
  if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) {
    throw invalidValue(attribute, `must be text of at most ${MAX_VALUE_LENGTH} characters`);
  }
  if (CONTROL_CHARACTERS.test(value)) {
    throw invalidValue(attribute, 'must not contain line breaks or other control characters');
  }
  return value;
}

function checkMinutes(minutes: number): void {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_RUN_MINUTES) {
    throw invalidValue('max_run_duration', `must be whole minutes, 1 to ${MAX_RUN_MINUTES}`);
  }
}

/** Comments are free text: control characters become spaces, cut to Oracle's 240 bytes. */
function commentText(comments: string): string {
  const flat = String(comments ?? '')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();
  let text = '';
  for (const character of flat) {
    if (Buffer.byteLength(text + character, 'utf8') > MAX_COMMENT_BYTES) {
      break;
    }
    text += character;
  }
  return text;
}

function invalidValue(attribute: string, reason: string): CalendarError {
  return new CalendarError('ORA-27465', `invalid value for attribute ${attribute}: ${reason}`);
}
