import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { nextRuns } from '@rampart/oracle-calendar';

import { listDatabases, schedulerClockPath } from '../common/oracle-home';
import { loadState, SchedulerJob, updateState } from '../database/database-state';
import { computeNextRun, splitStart } from '../sqlplus/scheduler-procedures';

/** One run the calendar says is due: database, job and planned time. */
export interface DueRun {
  sid: string;
  owner: string;
  jobName: string;
  planned: string;
}

export interface FiredRun extends DueRun {
  status: 'SUCCEEDED' | 'FAILED';
  exitCode: number | null;
}

/** The simulated clock of `scheduler advance`; real time until it is first moved. */
export function readClock(home: string): Date {
  try {
    return new Date(
      (JSON.parse(fs.readFileSync(schedulerClockPath(home), 'utf8')) as { now: string }).now,
    );
  } catch {
    return new Date();
  }
}

export function writeClock(home: string, now: Date): void {
  fs.mkdirSync(path.dirname(schedulerClockPath(home)), { recursive: true });
  fs.writeFileSync(schedulerClockPath(home), JSON.stringify({ now: now.toISOString() }));
}

function runsBetween(job: SchedulerJob, from: Date, to: Date): string[] {
  if (!job.enabled || !job.startDate) return [];
  const [start, tz] = splitStart(job.startDate);
  const floor = [from.toISOString(), job.lastPlannedRun].filter(Boolean).sort().pop() as string;

  if (!job.repeatInterval) {
    const once = nextRuns('FREQ=YEARLY', { start, tz, count: 1 })[0];
    const at = Date.parse(once);
    return job.runCount === 0 && at > Date.parse(floor) && at <= to.getTime() ? [once] : [];
  }
  const due: string[] = [];
  let after = new Date(floor).toISOString();
  for (;;) {
    const page = nextRuns(job.repeatInterval, { start, tz, count: 100, after });
    const inWindow = page.filter((t) => Date.parse(t) <= to.getTime());
    due.push(...inWindow);
    if (inWindow.length < page.length || page.length === 0) return due;
    after = page[page.length - 1];
  }
}

/** Every run of every enabled job of every database due in (from, to], in time order. */
export function dueRuns(home: string, from: Date, to: Date): DueRun[] {
  return listDatabases(home)
    .flatMap((sid) =>
      loadState(home, sid).schedulerJobs.flatMap((job) =>
        runsBetween(job, from, to).map((planned) => ({
          sid,
          owner: job.owner,
          jobName: job.name,
          planned,
        })),
      ),
    )
    .sort((a, b) => Date.parse(a.planned) - Date.parse(b.planned));
}

function execute(
  home: string,
  sid: string,
  job: SchedulerJob,
): Promise<{ code: number | null; out: string; err: string }> {
  if (job.jobType !== 'EXECUTABLE') return Promise.resolve({ code: 0, out: '', err: '' });
  return new Promise((resolve) => {
    const child = spawn(job.jobAction, job.arguments, {
      env: { ...process.env, ORACLE_HOME: home, ORACLE_SID: sid },
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (error) => resolve({ code: null, out, err: `${err}${String(error)}` }));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  return `+000 ${hh}:${mm}:${String(s % 60).padStart(2, '0')}`;
}

/** Runs the job's executable (no shell) and records the run in the job log. */
export async function fire(home: string, due: DueRun): Promise<FiredRun> {
  const job = loadState(home, due.sid).schedulerJobs.find(
    (j) => j.owner === due.owner && j.name === due.jobName,
  );
  if (!job) return { ...due, status: 'FAILED', exitCode: null };
  const started = Date.now();
  const result = await execute(home, due.sid, job);
  const status = result.code === 0 ? 'SUCCEEDED' : 'FAILED';

  updateState(home, due.sid, (state) => {
    const current = state.schedulerJobs.find(
      (j) => j.owner === due.owner && j.name === due.jobName,
    );
    if (current) {
      current.runCount += 1;
      if (status === 'FAILED') current.failureCount += 1;
      current.lastStartDate = new Date(started).toISOString();
      current.lastRunDuration = duration(Date.now() - started);
      current.lastPlannedRun = due.planned;
      current.nextRunDate = computeNextRun(current, due.planned);
      current.state = current.repeatInterval
        ? 'SCHEDULED'
        : status === 'SUCCEEDED'
          ? 'SUCCEEDED'
          : 'FAILED';
    }
    state.jobRunDetails.push({
      logId: state.jobRunDetails.length + 1,
      owner: due.owner,
      jobName: due.jobName,
      status,
      errorNo: status === 'SUCCEEDED' ? 0 : 27369,
      plannedAt: due.planned,
      actualStartDate: new Date(started).toISOString(),
      runDuration: duration(Date.now() - started),
      output: result.out.slice(0, 4000),
      errors:
        status === 'SUCCEEDED'
          ? result.err.slice(0, 4000)
          : `${exitCodeError(result.code)}\n${result.err}`.slice(0, 4000),
    });
  });
  return { ...due, status, exitCode: result.code };
}

function exitCodeError(code: number | null): string {
  return `ORA-27369: job of type EXECUTABLE failed with exit code: ${code ?? 'unknown'}`;
}
