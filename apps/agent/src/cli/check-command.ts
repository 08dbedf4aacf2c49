import {
  accessSync,
  constants,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runSqlplusQueries } from '../oracle/sqlplus-session';
import { oracleNumber } from '../oracle/target-inspector';
import { hostPlatform, type HostPlatform, oracleBinary } from '../platform/platform-paths';
import type { CommandResult } from './offline-commands';

/** Above this share of the recovery area in use (after what RMAN may reclaim), warn. */
const RECOVERY_AREA_ALARM = 0.85;

/** RMAN, Oracle Scheduler and the console's watchdog all compare times. */
const CLOCK_SKEW_LIMIT_SECONDS = 30;

type Outcome = 'ok' | 'FAIL' | 'skip';

export interface Check {
  name: string;
  outcome: Outcome;
  detail: string;
}

export interface CheckOptions {
  oracleHome: string | undefined;
  sid: string | null;
  /** The agent's config file, when it exists: its permissions and console are checked. */
  configFile: string | null;
  /** The console URL from the config file. */
  consoleUrl: string | null;
  platform?: HostPlatform;
  now?: () => number;
}

/** `check`: what this host has and lacks for Rampart, each failure with what to do. */
export async function runCheck(options: CheckOptions): Promise<CommandResult> {
  const platform = options.platform ?? hostPlatform();
  const checks: Check[] = [
    ...checkOracleHome(platform, options.oracleHome),
    ...(await checkDatabase(platform, options.oracleHome, options.sid)),
    checkConfigFile(platform, options.configFile),
    await checkClock(options.consoleUrl, options.now ?? Date.now),
  ];
  return report(checks);
}

function checkOracleHome(platform: HostPlatform, home: string | undefined): Check[] {
  if (!home) {
    return [fail('ORACLE_HOME', 'not set: export ORACLE_HOME or pass --oracle-home')];
  }
  if (!existsSync(home)) {
    return [fail('ORACLE_HOME', `${home} does not exist: point --oracle-home at the Oracle home`)];
  }

  const checks = [ok('ORACLE_HOME', home)];
  for (const tool of ['rman', 'sqlplus', 'expdp']) {
    const path = oracleBinary(platform, home, tool);
    checks.push(
      isExecutable(path)
        ? ok(tool, path)
        : fail(tool, `${path} is missing or not executable: check the Oracle installation`),
    );
  }
  return checks;
}

const DATABASE_QUERIES = {
  database: 'SELECT name, log_mode, open_mode FROM v$database;',
  recoveryArea:
    'SELECT name, space_limit, space_used, space_reclaimable FROM v$recovery_file_dest;',
};

async function checkDatabase(
  platform: HostPlatform,
  home: string | undefined,
  sid: string | null,
): Promise<Check[]> {
  const connection = 'connection (/ as sysdba)';
  if (!home) return [skip(connection, 'no ORACLE_HOME')];

  const scratch = mkdtempSync(join(tmpdir(), 'rampart-check-'));
  try {
    const rows = await runSqlplusQueries(
      platform,
      { oracleHome: home, oracleSid: sid },
      DATABASE_QUERIES,
      scratch,
    );
    const [name, logMode, openMode] = rows.database[0] ?? [];
    return [
      ok(connection, `connected to ${name} (${openMode})`),
      logModeCheck(logMode),
      recoveryAreaCheck(rows.recoveryArea[0]),
    ];
  } catch (error) {
    return [
      fail(
        connection,
        `${(error as Error).message}: check ORACLE_SID (${sid ?? 'not set'}), that the ` +
          'instance is up, and that this user is in the OSDBA or OSBACKUPDBA group',
      ),
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function logModeCheck(logMode: string | undefined): Check {
  return logMode === 'ARCHIVELOG'
    ? ok('log mode', logMode)
    : fail(
        'log mode',
        `${logMode}: online backups are impossible; enable ARCHIVELOG from the console ` +
          '(it restarts the database) and take a level 0 after it',
      );
}

export function recoveryAreaCheck(row: string[] | undefined): Check {
  const name = 'recovery area';
  if (!row || !row[0]) {
    return skip(name, 'none configured (db_recovery_file_dest): backups need a FORMAT location');
  }

  const [dest, limit, used, reclaimable] = row;
  const limitBytes = oracleNumber(limit);
  const share = limitBytes ? (oracleNumber(used) - oracleNumber(reclaimable)) / limitBytes : 0;
  const detail = `${dest}: ${Math.round(share * 100)}% of ${gigabytes(limitBytes)} in use`;
  return share >= RECOVERY_AREA_ALARM
    ? fail(
        name,
        `${detail}: delete obsolete backups or raise db_recovery_file_dest_size ` +
          'before backups fail with ORA-19809',
      )
    : ok(name, detail);
}

export function checkConfigFile(platform: HostPlatform, file: string | null): Check {
  const name = 'config file';
  if (!file || !existsSync(file)) return skip(name, 'not enrolled yet: run "rampart-agent enroll"');
  if (platform === 'windows') {
    // TODO: read the file's ACL on Windows (icacls); mode bits mean nothing there.
    return skip(name, `${file}: restrict it to the service account with icacls`);
  }

  const mode = statSync(file).mode & 0o777;
  return (mode & 0o077) === 0
    ? ok(name, `${file} (mode ${mode.toString(8)})`)
    : fail(name, `${file} is readable by others (mode ${mode.toString(8)}): chmod 600 ${file}`);
}

/** The console's HTTP Date header against this host's clock. */
export async function checkClock(consoleUrl: string | null, now: () => number): Promise<Check> {
  const name = 'clock skew with console';
  if (!consoleUrl) return skip(name, 'no console configured');

  try {
    const sent = now();
    const response = await fetch(`${consoleUrl.replace(/\/$/, '')}/health`, {
      signal: AbortSignal.timeout(5_000),
    });
    const local = (sent + now()) / 2;
    const date = Date.parse(response.headers.get('date') ?? '');
    if (Number.isNaN(date)) return fail(name, `${consoleUrl} sent no Date header`);

    const skew = Math.round((local - date) / 1000);
    const detail = `${skew >= 0 ? '+' : ''}${skew} s against ${consoleUrl}`;
    return Math.abs(skew) <= CLOCK_SKEW_LIMIT_SECONDS
      ? ok(name, detail)
      : fail(name, `${detail}: synchronise this host's clock (chrony or NTP)`);
  } catch (error) {
    return fail(name, `cannot reach ${consoleUrl}: ${(error as Error).message}`);
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

const ok = (name: string, detail: string): Check => ({ name, outcome: 'ok', detail });
const fail = (name: string, detail: string): Check => ({ name, outcome: 'FAIL', detail });
const skip = (name: string, detail: string): Check => ({ name, outcome: 'skip', detail });

function report(checks: Check[]): CommandResult {
  const lines = checks.map((c) => `${c.outcome.padEnd(4)}  ${c.name.padEnd(26)} ${c.detail}`);
  const failed = checks.filter((c) => c.outcome === 'FAIL').length;
  const summary = failed ? `${failed} check(s) failed` : 'all checks passed';
  return { exitCode: failed ? 1 : 0, stdout: `${lines.join('\n')}\n${summary}\n`, stderr: '' };
}

/** The console URL of an agent config file, without failing `check` on a broken file. */
export function consoleUrlOf(file: string): string | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { consoleUrl?: unknown };
    return typeof parsed.consoleUrl === 'string' ? parsed.consoleUrl : null;
  } catch {
    return null;
  }
}
