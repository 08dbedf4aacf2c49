import { nextRuns, parseCalendar } from '@rampart/oracle-calendar';

import { DatabaseState, SchedulerJob } from '../database/database-state';
import { evaluate, PlsqlValue, splitOutside } from './plsql-values';
import { OracleError, oraError } from './sql-select';

type Args = { named: Record<string, PlsqlValue>; positional: PlsqlValue[] };

const PLSQL_STACK = [
  'ORA-06512: at "SYS.DBMS_ISCHED", line 175',
  'ORA-06512: at "SYS.DBMS_SCHEDULER", line 288',
  'ORA-06512: at line 2',
];

function fail(code: number, text: string): OracleError {
  return oraError(code, text, PLSQL_STACK);
}

function arg(args: Args, name: string, position: number): PlsqlValue | undefined {
  return name in args.named ? args.named[name] : args.positional[position];
}

function qualified(name: string, owner: string): { owner: string; name: string } {
  const clean = name.replace(/"/g, '').toUpperCase();
  const [first, second] = clean.split('.');
  return second ? { owner: first, name: second } : { owner, name: first };
}

function findJob(state: DatabaseState, name: string, owner: string): SchedulerJob {
  const q = qualified(name, owner);
  const job = state.schedulerJobs.find((j) => j.owner === q.owner && j.name === q.name);
  if (!job) throw fail(27475, `"${q.owner}"."${q.name}" must be a job`);
  return job;
}

function timestampText(value: PlsqlValue | undefined): { start: string; tz: string } | null {
  if (value && typeof value === 'object') return { start: value.timestamp, tz: value.tz };
  return null;
}

function checkCalendar(expr: string | null): void {
  if (!expr) return;
  try {
    parseCalendar(expr);
  } catch {
    throw fail(27465, `invalid value ${expr} for attribute REPEAT_INTERVAL`);
  }
}

/** The next run of an enabled job after `after` (ISO), by its calendar. */
export function computeNextRun(job: SchedulerJob, after: string): string | null {
  if (!job.repeatInterval || !job.startDate) return job.startDate ? `${job.startDate}` : null;
  const [start, tz] = splitStart(job.startDate);
  try {
    return nextRuns(job.repeatInterval, { start, tz, count: 1, after })[0] ?? null;
  } catch {
    return null;
  }
}

/** start_date is kept as `YYYY-MM-DDTHH:MM:SS ZONE`. */
export function splitStart(startDate: string): [string, string] {
  const [start, tz] = startDate.split(' ');
  return [start, tz ?? 'UTC'];
}

function createJob(state: DatabaseState, args: Args, owner: string): void {
  const q = qualified(String(arg(args, 'job_name', 0)), owner);
  if (state.schedulerJobs.some((j) => j.owner === q.owner && j.name === q.name)) {
    throw fail(27477, `"${q.owner}"."${q.name}" already exists`);
  }
  const repeat = (arg(args, 'repeat_interval', 5) as string | null | undefined) ?? null;
  checkCalendar(repeat);
  const start = timestampText(arg(args, 'start_date', 4));
  const enabled = arg(args, 'enabled', 9) === true;
  const count = Number(arg(args, 'number_of_arguments', 3) ?? 0);
  const job: SchedulerJob = {
    owner: q.owner,
    name: q.name,
    jobType: String(arg(args, 'job_type', 1) ?? 'PLSQL_BLOCK').toUpperCase(),
    jobAction: String(arg(args, 'job_action', 2) ?? ''),
    numberOfArguments: count,
    arguments: Array.from({ length: count }, () => ''),
    startDate: start ? `${start.start} ${start.tz}` : null,
    repeatInterval: repeat,
    enabled: false,
    autoDrop: arg(args, 'auto_drop', 10) !== false,
    comments: (arg(args, 'comments', 11) as string | null | undefined) ?? null,
    credentialName: (arg(args, 'credential_name', 12) as string | null | undefined) ?? null,
    jobClass: 'DEFAULT_JOB_CLASS',
    state: 'DISABLED',
    runCount: 0,
    failureCount: 0,
    lastStartDate: null,
    lastRunDuration: null,
    nextRunDate: null,
    lastPlannedRun: null,
    enabledAt: null,
    argumentsSet: [],
  };
  state.schedulerJobs.push(job);
  if (enabled) enableJob(state, job);
}

function enableJob(state: DatabaseState, job: SchedulerJob): void {
  const set = job.argumentsSet;
  for (let i = 1; i <= job.numberOfArguments; i += 1) {
    if (!set.includes(i))
      throw fail(27457, `argument ${i} of job "${job.owner}"."${job.name}" has no value`);
  }
  const now = new Date().toISOString();
  job.enabled = true;
  job.state = 'SCHEDULED';
  job.enabledAt = now;
  job.nextRunDate = computeNextRun(job, now);
  job.lastPlannedRun ??= null;
  if (!state.schedulerJobs.includes(job)) state.schedulerJobs.push(job);
}

function setArgument(state: DatabaseState, args: Args, owner: string): void {
  const job = findJob(state, String(arg(args, 'job_name', 0)), owner);
  const position = Number(arg(args, 'argument_position', 1));
  if (position < 1 || position > job.numberOfArguments) {
    throw fail(27484, `Argument names are not supported for jobs without a program.`);
  }
  job.arguments[position - 1] = String(arg(args, 'argument_value', 2) ?? '');
  job.argumentsSet = [...new Set([...job.argumentsSet, position])];
}

function setAttribute(state: DatabaseState, args: Args, owner: string): void {
  const job = findJob(state, String(arg(args, 'name', 0)), owner);
  const attribute = String(arg(args, 'attribute', 1)).toLowerCase();
  const value = arg(args, 'value', 2) ?? null;

  switch (attribute) {
    case 'repeat_interval':
      checkCalendar(value as string | null);
      job.repeatInterval = value as string | null;
      break;
    case 'start_date': {
      const start = timestampText(value);
      job.startDate = start ? `${start.start} ${start.tz}` : null;
      break;
    }
    case 'job_action':
      job.jobAction = String(value);
      break;
    case 'credential_name':
      job.credentialName = value === null ? null : String(value);
      break;
    case 'comments':
      job.comments = value === null ? null : String(value);
      break;
    case 'auto_drop':
      job.autoDrop = value === true;
      break;
    case 'number_of_arguments':
      job.numberOfArguments = Number(value);
      job.arguments = job.arguments.slice(0, job.numberOfArguments);
      break;
    case 'max_run_duration':
    case 'logging_level':
    case 'job_class':
    case 'max_failures':
    case 'restartable':
      break;
    default:
      throw fail(27469, `${attribute.toUpperCase()} is not a valid job attribute`);
  }
  if (job.enabled) job.nextRunDate = computeNextRun(job, new Date().toISOString());
}

function eachName(args: Args, key: string): string[] {
  return String(arg(args, key, 0))
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
}

function createCredential(state: DatabaseState, args: Args, owner: string): void {
  const q = qualified(String(arg(args, 'credential_name', 0)), owner);
  if (state.credentials.some((c) => c.owner === q.owner && c.name === q.name)) {
    throw fail(27477, `"${q.owner}"."${q.name}" already exists`);
  }
  // The password is never stored, as Oracle never shows it back.
  state.credentials.push({
    owner: q.owner,
    name: q.name,
    username: String(arg(args, 'username', 1) ?? ''),
    enabled: true,
  });
}

function dropCredential(state: DatabaseState, args: Args, owner: string): void {
  const q = qualified(String(arg(args, 'credential_name', 0)), owner);
  const before = state.credentials.length;
  state.credentials = state.credentials.filter((c) => !(c.owner === q.owner && c.name === q.name));
  if (state.credentials.length === before)
    throw fail(27476, `"${q.owner}"."${q.name}" does not exist`);
}

/** DBMS_CREDENTIAL.UPDATE_CREDENTIAL(name, attribute, value): the password is not kept. */
function updateCredential(state: DatabaseState, args: Args, owner: string): void {
  const q = qualified(String(arg(args, 'credential_name', 0)), owner);
  const credential = state.credentials.find((c) => c.owner === q.owner && c.name === q.name);
  if (!credential) throw fail(27476, `"${q.owner}"."${q.name}" does not exist`);

  const attribute = String(arg(args, 'attribute', 1) ?? '').toLowerCase();
  const value = String(arg(args, 'value', 2) ?? '');
  if (attribute === 'username') credential.username = value;
  else if (attribute === 'windows_domain') credential.windowsDomain = value;
  else if (attribute !== 'password') throw fail(27465, `invalid value ${attribute} for attribute`);
}

function undeclared(procedure: string): OracleError {
  return oraError(6550, `line 2, column 3:`, [
    `PLS-00302: component '${procedure.toUpperCase()}' must be declared`,
  ]);
}

/** The DBMS_CREDENTIAL procedures (Oracle 12c+; DBMS_SCHEDULER's own are deprecated). */
export function callCredential(
  state: DatabaseState,
  procedure: string,
  argsText: string,
  owner: string,
): void {
  const args = parseArgs(argsText);
  switch (procedure.toLowerCase()) {
    case 'create_credential':
      return createCredential(state, args, owner);
    case 'drop_credential':
      return dropCredential(state, args, owner);
    case 'update_credential':
      return updateCredential(state, args, owner);
    default:
      throw undeclared(procedure);
  }
}

/** Runs one DBMS_SCHEDULER procedure call against the database. */
export function callScheduler(
  state: DatabaseState,
  procedure: string,
  argsText: string,
  owner: string,
): void {
  const args = parseArgs(argsText);
  switch (procedure.toLowerCase()) {
    case 'create_job':
      return createJob(state, args, owner);
    case 'set_job_argument_value':
      return setArgument(state, args, owner);
    case 'set_attribute':
      return setAttribute(state, args, owner);
    case 'enable':
      for (const name of eachName(args, 'name')) enableJob(state, findJob(state, name, owner));
      return;
    case 'disable':
      for (const name of eachName(args, 'name')) {
        const job = findJob(state, name, owner);
        job.enabled = false;
        job.state = 'DISABLED';
        job.nextRunDate = null;
      }
      return;
    case 'drop_job':
      for (const name of eachName(args, 'job_name')) {
        const job = findJob(state, name, owner);
        state.schedulerJobs = state.schedulerJobs.filter((j) => j !== job);
      }
      return;
    // DBMS_SCHEDULER's own, deprecated since 12c but still there: the same procedures.
    case 'create_credential':
    case 'drop_credential':
      return callCredential(state, procedure, argsText, owner);
    default:
      throw undeclared(procedure);
  }
}

function parseArgs(text: string): Args {
  const args: Args = { named: {}, positional: [] };
  for (const part of splitOutside(text, ',')) {
    const named = /^(\w+)\s*=>\s*([\s\S]+)$/.exec(part);
    if (named) args.named[named[1].toLowerCase()] = evaluate(named[2]);
    else args.positional.push(evaluate(part));
  }
  return args;
}
