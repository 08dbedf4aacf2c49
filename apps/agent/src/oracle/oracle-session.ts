import { openSealed } from '@rampart/agent-seal';
import { type TargetConnection, targetPasswordPurpose } from '@rampart/contracts';

import type { HostPlatform } from '../platform/platform-paths';
import { runSqlplusQueries, runSqlplusScript, SqlplusError } from './sqlplus-session';
import { openThinSession, type OracleDriver, ThinSessionError } from './thin-session';

/**
 * The one way the agent talks to a database: the host's own SQL*Plus with OS authentication,
 * or the `oracledb` driver in thin mode with the target's user and sealed password.
 */
export interface OracleSession {
  /** Named queries run in one session; each answers its rows as trimmed text cells. */
  query<K extends string>(queries: Record<K, string>): Promise<Record<K, string[][]>>;

  /** SQL and SQL*Plus commands (SHUTDOWN, STARTUP …) in order; every output line. */
  script(statements: string[]): Promise<string[]>;
}

/** Thrown when the agent cannot reach a target the way its settings ask. */
export class OracleAccessError extends Error {}

export interface OracleAccess {
  platform: HostPlatform;
  workDir: string;
  /** The agent's private sealing key: opens the passwords of password targets. */
  sealKey: string;
  /** The thin driver; tests hand in a stand-in. */
  loadDriver?: () => OracleDriver;
}

export function openOracleSession(access: OracleAccess, target: TargetConnection): OracleSession {
  if (target.auth === 'password') return openPasswordSession(access, target);

  if (!target.oracleHome) {
    throw new OracleAccessError(
      `target ${target.name} has no ORACLE_HOME: set it in the console's target settings`,
    );
  }

  const home = { oracleHome: target.oracleHome, oracleSid: target.oracleSid };
  const { platform, workDir } = access;
  return {
    query: (queries) => runSqlplusQueries(platform, home, queries, workDir),
    script: (statements) => runSqlplusScript(platform, home, statements, workDir),
  };
}

function openPasswordSession(access: OracleAccess, target: TargetConnection): OracleSession {
  if (!target.username || !target.connectString || !target.sealedPassword) {
    throw new OracleAccessError(
      `target ${target.name} uses password authentication but its user, connect string or ` +
        'sealed password is missing: save the target with its password again in the console',
    );
  }

  let password: string;
  try {
    password = openSealed(
      access.sealKey,
      target.sealedPassword,
      targetPasswordPurpose(target.targetId),
    );
  } catch {
    throw new OracleAccessError(
      `the password of ${target.name} cannot be opened with this agent's key: restart the ` +
        'agent so the console learns its key, then try again',
    );
  }
  const settings = { user: target.username, password, connectString: target.connectString };
  const thin = openThinSession(settings, access.loadDriver);
  return {
    query: (queries) => thin.query(queries),
    script: async () => {
      throw new OracleAccessError(
        `${target.name} is a password target: restarting the database (SHUTDOWN, STARTUP) ` +
          'needs OS authentication on its host; set the target to OS authentication for the ' +
          'ARCHIVELOG switch',
      );
    },
  };
}

export { SqlplusError, ThinSessionError };
