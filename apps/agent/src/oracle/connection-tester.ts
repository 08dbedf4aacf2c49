import type { ConnectionTestResult, TargetConnection } from '@rampart/contracts';

import { OracleAccessError, type OracleSession, ThinSessionError } from './oracle-session';
import { SqlplusError } from './sqlplus-session';

/** What a DBA does about each way a connection fails. */
const FIXES: Record<string, string> = {
  'ORA-01034':
    'the instance is not started, or ORACLE_SID names another one: start it or fix the SID',
  'ORA-27101':
    'the instance is not started, or ORACLE_SID names another one: start it or fix the SID',
  'ORA-01031':
    "the agent's OS user may not connect as SYSDBA: add it to the OSDBA (dba) or OSBACKUPDBA group",
  'ORA-12162': 'ORACLE_SID is missing or wrong: set the SID in the target settings',
  'ORA-12560': 'no listener or instance for this SID: check ORACLE_SID and that the instance runs',
  'ORA-01017': 'the credentials were refused: check the user and password of the target',
};

/** Failures that only a connection over Oracle Net meets. */
const NET_FIXES: Record<string, string> = {
  'ORA-12514':
    'the listener does not know this service: check the service name of the connect string',
  'ORA-12541': 'no listener at that host and port: check the connect string and the listener',
  'ORA-28000': 'the database account is locked: unlock it (ALTER USER … ACCOUNT UNLOCK)',
  'NJS-503': 'nothing answers at that host and port: check the connect string and firewalls',
  'NJS-511': 'the connection was refused at that host and port: check the listener',
};

/** `connection.test`: never throws; a failure says what happened and what to fix. */
export async function testConnection(
  target: TargetConnection,
  open: () => OracleSession,
  clock: () => number = Date.now,
): Promise<ConnectionTestResult> {
  const started = clock();
  const elapsed = () => Math.max(0, clock() - started);

  try {
    const { database } = await open().query({
      database: 'SELECT name, log_mode FROM v$database;',
    });
    const [name, logMode] = database[0] ?? [];
    const mode = logMode === 'ARCHIVELOG' || logMode === 'NOARCHIVELOG' ? logMode : null;
    return {
      ok: true,
      message: `connected to ${name} (${mode ?? 'log mode unknown'}) as ${whom(target)}`,
      databaseName: name ?? null,
      logMode: mode,
      elapsedMs: elapsed(),
    };
  } catch (error) {
    return {
      ok: false,
      message: failureMessage(target, error),
      databaseName: null,
      logMode: null,
      elapsedMs: elapsed(),
    };
  }
}

function whom(target: TargetConnection): string {
  return target.auth === 'password' ? `${target.username} over Oracle Net` : 'SYSDBA';
}

export function failureMessage(target: TargetConnection, error: unknown): string {
  if (error instanceof OracleAccessError) return error.message;

  if (error instanceof ThinSessionError) {
    const fix = error.oraCode ? (NET_FIXES[error.oraCode] ?? FIXES[error.oraCode]) : undefined;
    return fix ? `${error.message}: ${fix}` : error.message;
  }

  if (error instanceof SqlplusError) {
    const fix = error.oraCode ? FIXES[error.oraCode] : undefined;
    if (fix) return `${error.message}: ${fix}`;
    if (/could not start sqlplus/.test(error.message)) {
      return `${error.message}: check ORACLE_HOME (${target.oracleHome}) holds bin/sqlplus`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
