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
  'WHENEVER SQLERROR EXIT SQL.SQLCODE',
];

export class SqlplusError extends Error {
  constructor(
    message: string,
    readonly oraCode: string | null,
  ) {
    super(message);
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
 * Runs statements through the host's own SQL*Plus with OS authentication (`/ as sysdba`):
 * no password is stored or passed. Rows come back split on the column separator.
 */
export async function runSqlplus(
  platform: HostPlatform,
  home: OracleHomeSettings,
  statements: string[],
  cwd: string,
): Promise<string[][]> {
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

  const oraLine = lines.find((l) => /^(ORA|SP2)-\d{4,5}/.test(l.trim()));
  if (outcome.exitCode !== 0 || oraLine) {
    const code = oraLine?.trim().match(/^(ORA|SP2)-\d{4,5}/)?.[0] ?? null;
    throw new SqlplusError(oraLine?.trim() ?? `sqlplus exited with ${outcome.exitCode}`, code);
  }

  return lines.filter((l) => l.trim() !== '').map((l) => l.split('|').map((cell) => cell.trim()));
}

export async function queryLogMode(
  platform: HostPlatform,
  home: OracleHomeSettings,
  cwd: string,
): Promise<'ARCHIVELOG' | 'NOARCHIVELOG'> {
  const rows = await runSqlplus(platform, home, ['SELECT log_mode FROM v$database;'], cwd);
  const mode = rows[0]?.[0];
  if (mode !== 'ARCHIVELOG' && mode !== 'NOARCHIVELOG') {
    throw new SqlplusError(`unexpected log mode answer: ${JSON.stringify(rows)}`, null);
  }
  return mode;
}
