import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where each part of a simulated ORACLE_HOME lives. */
export function databaseDir(home: string, sid: string): string {
  return path.join(home, 'oradata', sid);
}

export function controlFilePath(home: string, sid: string): string {
  return path.join(databaseDir(home, sid), 'control01.ctl');
}

export function recoveryAreaDir(home: string, sid: string): string {
  return path.join(home, 'fra', sid);
}

/** The media manager's store: SBT pieces land here, named by their handle. */
export function tapeLibraryDir(home: string): string {
  return path.join(home, 'sbt');
}

export function dbsDir(home: string): string {
  return path.join(home, 'dbs');
}

/** Live progress of the running RMAN job, read by `v$session_longops`. */
export function longopsPath(home: string, sid: string): string {
  return path.join(databaseDir(home, sid), 'longops.json');
}

/** One row per finished RMAN session, read by `v$rman_backup_job_details`. */
export function rmanJobsPath(home: string, sid: string): string {
  return path.join(databaseDir(home, sid), 'rman-jobs.json');
}

/** The channel sessions of running RMAN processes, read by `v$session`. */
export function sessionsPath(home: string, sid: string): string {
  return path.join(databaseDir(home, sid), 'sessions.json');
}

/** Sessions killed with ALTER SYSTEM KILL SESSION, which the running RMAN notices. */
export function killedSessionsPath(home: string, sid: string): string {
  return path.join(databaseDir(home, sid), 'killed-sessions.json');
}

export function schedulerClockPath(home: string): string {
  return path.join(home, 'scheduler', 'clock.json');
}

export function listDatabases(home: string): string[] {
  const root = path.join(home, 'oradata');
  if (!fs.existsSync(root)) return [];

  return fs
    .readdirSync(root)
    .filter((name) => fs.existsSync(controlFilePath(home, name)))
    .sort();
}

export function databaseExists(home: string, sid: string): boolean {
  return fs.existsSync(controlFilePath(home, sid));
}

/** The Oracle environment a tool runs in, as the agent sets it. */
export interface OracleEnv {
  home: string;
  sid: string;
  nlsDateFormat: string | undefined;
}

export function readOracleEnv(env: NodeJS.ProcessEnv = process.env): OracleEnv {
  return {
    home: path.resolve(env.ORACLE_HOME ?? '.'),
    sid: env.ORACLE_SID ?? '',
    nlsDateFormat: env.NLS_DATE_FORMAT?.replace(/^['"]|['"]$/g, '') || undefined,
  };
}
