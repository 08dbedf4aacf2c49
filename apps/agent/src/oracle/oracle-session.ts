import type { TargetConnection } from '@rampart/contracts';

import type { HostPlatform } from '../platform/platform-paths';
import { runSqlplusQueries, runSqlplusScript, SqlplusError } from './sqlplus-session';

/**
 * The one way the agent talks to a database. Today it is the host's own SQL*Plus with OS
 * authentication; the `oracledb` thin driver (user and password) would be a second
 * implementation of the same interface.
 */
export interface OracleSession {
  /** Named queries run in one session; each answers its rows as trimmed text cells. */
  query<K extends string>(queries: Record<K, string>): Promise<Record<K, string[][]>>;

  /** SQL and SQL*Plus commands (SHUTDOWN, STARTUP …) in order; every output line. */
  script(statements: string[]): Promise<string[]>;
}

/** Thrown when the agent cannot reach a target the way its settings ask. */
export class OracleAccessError extends Error {}

export function openOracleSession(
  platform: HostPlatform,
  target: TargetConnection,
  workDir: string,
): OracleSession {
  if (target.auth === 'password') {
    // TODO: password targets need the oracledb driver in thin mode, which is not installed
    // here, and the sealed-credential fetch over the agent's socket (issue 6).
    throw new OracleAccessError(
      `target ${target.name} uses password authentication, which this agent does not support ` +
        'yet: set the target to OS authentication (sqlplus / as sysdba on this host)',
    );
  }

  if (!target.oracleHome) {
    throw new OracleAccessError(
      `target ${target.name} has no ORACLE_HOME: set it in the console's target settings`,
    );
  }

  const home = { oracleHome: target.oracleHome, oracleSid: target.oracleSid };
  return {
    query: (queries) => runSqlplusQueries(platform, home, queries, workDir),
    script: (statements) => runSqlplusScript(platform, home, statements, workDir),
  };
}

export { SqlplusError };
