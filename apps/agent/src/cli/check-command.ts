import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { queryLogMode } from '../oracle/sqlplus-session';
import { hostPlatform, oracleBinary } from '../platform/platform-paths';
import type { CommandResult } from './offline-commands';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** `check`: what this host has and lacks for Rampart, each failure with what to do. */
export async function runCheck(oracleHome: string | undefined, sid: string | null) {
  const platform = hostPlatform();
  const checks: Check[] = [];

  if (!oracleHome) {
    checks.push({
      name: 'ORACLE_HOME',
      ok: false,
      detail: 'not set: export ORACLE_HOME or pass --oracle-home',
    });
    return report(checks);
  }
  checks.push({ name: 'ORACLE_HOME', ok: existsSync(oracleHome), detail: oracleHome });

  for (const tool of ['rman', 'sqlplus', 'expdp']) {
    const path = oracleBinary(platform, oracleHome, tool);
    checks.push({
      name: tool,
      ok: isExecutable(path),
      detail: isExecutable(path) ? path : `${path} is missing or not executable`,
    });
  }

  const scratch = mkdtempSync(join(tmpdir(), 'rampart-check-'));
  try {
    const mode = await queryLogMode(platform, { oracleHome, oracleSid: sid }, scratch);
    checks.push({
      name: 'connection (/ as sysdba)',
      ok: true,
      detail: `connected to ${sid ?? 'default SID'}`,
    });
    checks.push({
      name: 'log mode',
      ok: mode === 'ARCHIVELOG',
      detail:
        mode === 'ARCHIVELOG'
          ? mode
          : 'NOARCHIVELOG: online backups are impossible; enable ARCHIVELOG from the console',
    });
  } catch (error) {
    checks.push({
      name: 'connection (/ as sysdba)',
      ok: false,
      detail: `${(error as Error).message}: check ORACLE_SID and that this user is in the OSBACKUPDBA or OSDBA group`,
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  return report(checks);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function report(checks: Check[]): CommandResult {
  const lines = checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(26)} ${c.detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  const summary = failed ? `${failed} check(s) failed` : 'all checks passed';
  return { exitCode: failed ? 1 : 0, stdout: `${lines.join('\n')}\n${summary}\n`, stderr: '' };
}
