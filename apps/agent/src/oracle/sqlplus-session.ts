import { isAbsolute as isPosixAbsolute } from 'node:path/posix';
import { isAbsolute as isWindowsAbsolute } from 'node:path/win32';

import { startChild } from '../runner/child-process-runner';
import { type HostPlatform, oracleBinary, oraclePath } from '../platform/platform-paths';

export interface OracleHomeSettings {
  oracleHome: string;
  oracleSid: string | null;
}

const PREAMBLE = [
  'SET PAGESIZE 0 FEEDBACK OFF HEADING OFF VERIFY OFF ECHO OFF',
  'SET LINESIZE 32767 TRIMSPOOL ON TRIMOUT ON',
  "SET COLSEP '|'",
  'SET NUMWIDTH 20',
  'WHENEVER SQLERROR EXIT SQL.SQLCODE',
];

/** Marks where the rows of one query start in a session that runs several. */
const SECTION_MARK = '@@rampart-section:';

/** An instance name as Oracle accepts it for ORACLE_SID. */
const ORACLE_SID = /^[A-Za-z][A-Za-z0-9_$#]{0,29}$/;

const ORA_LINE = /^(ORA|SP2)-\d{4,5}/;

export class SqlplusError extends Error {
  constructor(
    message: string,
    readonly oraCode: string | null,
  ) {
    super(message);
  }
}

/**
 * Refuses an ORACLE_HOME or ORACLE_SID that could make a tool run something else: the home
 * must be an absolute path without control characters, the SID a plain instance name.
 */
export function assertOracleHomeSettings(platform: HostPlatform, home: OracleHomeSettings): void {
  const absolute = platform === 'windows' ? isWindowsAbsolute : isPosixAbsolute;
  if (!absolute(home.oracleHome) || /[\x00-\x1f\x7f]/.test(home.oracleHome)) {
    throw new SqlplusError(
      `ORACLE_HOME must be an absolute directory path: ${JSON.stringify(home.oracleHome)}`,
      null,
    );
  }

  if (home.oracleSid !== null && !ORACLE_SID.test(home.oracleSid)) {
    throw new SqlplusError(
      `ORACLE_SID must start with a letter and hold only letters, digits, _ $ # ` +
        `(at most 30): ${JSON.stringify(home.oracleSid)}`,
      null,
    );
  }
}

/** The environment an Oracle tool needs; nothing else from the agent's own is passed on. */
export function oracleEnvironment(
  platform: HostPlatform,
  home: OracleHomeSettings,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const keep = ['HOME', 'USER', 'LOGNAME', 'TMPDIR', 'TEMP', 'TMP', 'SystemRoot', 'LANG'];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key]) env[key] = process.env[key];

  env['ORACLE_HOME'] = home.oracleHome;
  if (home.oracleSid) env['ORACLE_SID'] = home.oracleSid;
  env['PATH'] = oraclePath(platform, home.oracleHome, process.env['PATH'] ?? '');
  return { ...env, ...extra };
}

/**
 * Runs a script through the host's own SQL*Plus with OS authentication (`/ as sysdba`): no
 * password is stored or passed. Answers every output line; throws on the first ORA-/SP2-
 * error or a non-zero exit, with the Oracle code.
 */
export async function runSqlplusScript(
  platform: HostPlatform,
  home: OracleHomeSettings,
  statements: string[],
  cwd: string,
): Promise<string[]> {
  assertOracleHomeSettings(platform, home);

  const lines: string[] = [];
  const child = startChild(
    {
      command: oracleBinary(platform, home.oracleHome, 'sqlplus'),
      args: ['-S', '-L', '/ as sysdba'],
      env: oracleEnvironment(platform, home),
      cwd,
      stdin: [...PREAMBLE, ...statements, 'EXIT'].join('\n') + '\n',
      onLine: (_stream, line) => lines.push(line),
    },
    platform,
  );

  const outcome = await child.done;
  if (outcome.startError) {
    throw new SqlplusError(`could not start sqlplus: ${outcome.startError}`, null);
  }

  const oraLine = lines.find((l) => ORA_LINE.test(l.trim()));
  if (outcome.exitCode !== 0 || oraLine) {
    const code = oraLine?.trim().match(ORA_LINE)?.[0] ?? null;
    throw new SqlplusError(oraLine?.trim() ?? `sqlplus exited with ${outcome.exitCode}`, code);
  }
  return lines;
}

/** Runs statements and answers their rows, split on the column separator. */
export async function runSqlplus(
  platform: HostPlatform,
  home: OracleHomeSettings,
  statements: string[],
  cwd: string,
): Promise<string[][]> {
  const lines = await runSqlplusScript(platform, home, statements, cwd);
  return toRows(lines);
}

/**
 * Several queries in one session (one connection, one process): each query's rows come back
 * under its own name, told apart by a PROMPT line printed before it.
 */
export async function runSqlplusQueries<K extends string>(
  platform: HostPlatform,
  home: OracleHomeSettings,
  queries: Record<K, string>,
  cwd: string,
): Promise<Record<K, string[][]>> {
  const names = Object.keys(queries) as K[];
  const statements = names.flatMap((name) => [`PROMPT ${SECTION_MARK}${name}`, queries[name]]);
  const lines = await runSqlplusScript(platform, home, statements, cwd);

  const sections = {} as Record<K, string[]>;
  let current: K | null = null;
  for (const line of lines) {
    const mark = line.trim().startsWith(SECTION_MARK)
      ? line.trim().slice(SECTION_MARK.length)
      : null;
    if (mark !== null && names.includes(mark as K)) {
      current = mark as K;
      sections[current] = [];
    } else if (current !== null) {
      sections[current].push(line);
    }
  }

  const rows = {} as Record<K, string[][]>;
  for (const name of names) rows[name] = toRows(sections[name] ?? []);
  return rows;
}

function toRows(lines: string[]): string[][] {
  return lines.filter((l) => l.trim() !== '').map((l) => l.split('|').map((cell) => cell.trim()));
}
