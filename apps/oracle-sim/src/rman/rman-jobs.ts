import * as fs from 'node:fs';

import { rmanJobsPath } from '../common/oracle-home';
import { RmanContext } from './rman-context';

/** One row of v$rman_backup_job_details: what one RMAN session read, wrote and ended as. */
export interface RmanJobRow {
  sessionKey: number;
  commandId: string | null;
  startTime: string;
  endTime: string;
  inputBytes: number;
  outputBytes: number;
  status: 'COMPLETED' | 'FAILED';
}

const KEPT_JOBS = 200;

export function readRmanJobs(home: string, sid: string): RmanJobRow[] {
  try {
    return JSON.parse(fs.readFileSync(rmanJobsPath(home, sid), 'utf8')) as RmanJobRow[];
  } catch {
    return [];
  }
}

/** Written when the session ends, as Oracle fills the view from the control file records. */
export function recordRmanJob(ctx: RmanContext, startedAt: Date, exitStatus: number): void {
  const jobs = readRmanJobs(ctx.home, ctx.sid);
  const row: RmanJobRow = {
    sessionKey: (jobs.at(-1)?.sessionKey ?? 0) + 1,
    commandId: ctx.commandId,
    startTime: startedAt.toISOString(),
    endTime: new Date().toISOString(),
    inputBytes: ctx.work.inputBytes,
    outputBytes: ctx.work.outputBytes,
    status: exitStatus === 0 ? 'COMPLETED' : 'FAILED',
  };

  const file = rmanJobsPath(ctx.home, ctx.sid);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify([...jobs.slice(-(KEPT_JOBS - 1)), row]));
  fs.renameSync(temp, file);
}
