import type { ArchivelogEnableResult } from '@rampart/contracts';

import { OracleAccessError, type OracleSession } from './oracle-session';
import { SqlplusError } from './sqlplus-session';

/** Oracle's own procedure: the switch needs the database mounted, not open. */
export const ARCHIVELOG_STEPS = [
  'SET FEEDBACK ON',
  'SHUTDOWN IMMEDIATE',
  'STARTUP MOUNT',
  'ALTER DATABASE ARCHIVELOG;',
  'ALTER DATABASE OPEN;',
];

const LOG_MODE_QUERY = { database: 'SELECT log_mode FROM v$database;' };

export class ArchivelogSwitchError extends Error {}

/**
 * `archivelog.enable`: restarts the database in ARCHIVELOG mode and checks the result. The
 * caller has checked the confirmation; a database already in ARCHIVELOG is left alone.
 */
export async function enableArchivelog(session: OracleSession): Promise<ArchivelogEnableResult> {
  const before = await logMode(session);
  if (before === 'ARCHIVELOG') {
    return {
      before,
      after: before,
      output: ['The database is already in ARCHIVELOG mode: nothing was done.'],
      needsLevel0: false,
    };
  }

  const output = await session.script(ARCHIVELOG_STEPS).catch((error: unknown) => {
    // Refused before any step ran (a password target cannot restart): nothing to check.
    if (error instanceof OracleAccessError) throw error;
    throw new ArchivelogSwitchError(
      `the switch to ARCHIVELOG failed: ${(error as Error).message}. The database may be ` +
        'left MOUNTED or shut down: check it with sqlplus and ALTER DATABASE OPEN',
    );
  });

  const after = await logMode(session);
  if (after !== 'ARCHIVELOG') {
    throw new ArchivelogSwitchError(`the database is still ${after} after the switch`);
  }

  return {
    before,
    after,
    output: [
      ...output.map((line) => line.trim()).filter((line) => line !== ''),
      'ARCHIVELOG mode is on. Take a level 0 backup now: ' +
        'earlier backups cannot be rolled forward across the switch.',
    ],
    needsLevel0: true,
  };
}

async function logMode(session: OracleSession): Promise<'ARCHIVELOG' | 'NOARCHIVELOG'> {
  const { database } = await session.query(LOG_MODE_QUERY);
  const mode = database[0]?.[0];
  if (mode !== 'ARCHIVELOG' && mode !== 'NOARCHIVELOG') {
    throw new SqlplusError(`unexpected log mode answer: ${JSON.stringify(database)}`, null);
  }
  return mode;
}
