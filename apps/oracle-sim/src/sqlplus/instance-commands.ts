import * as path from 'node:path';

import { dbsDir } from '../common/oracle-home';
import { DatabaseState } from '../database/database-state';
import { oraError } from './sql-select';

const SGA = [
  'Total System Global Area 1610612736 bytes',
  'Fixed Size                  8896480 bytes',
  'Variable Size             1040187392 bytes',
  'Database Buffers           553648128 bytes',
  'Redo Buffers                7880704 bytes',
];

/** SHUTDOWN [IMMEDIATE|NORMAL|TRANSACTIONAL|ABORT]. */
export function shutdown(state: DatabaseState, mode: string): string[] {
  if (state.instanceStatus === 'SHUTDOWN') throw notAvailable();
  const was = state.instanceStatus;
  state.instanceStatus = 'SHUTDOWN';
  if (/abort/i.test(mode)) return ['ORACLE instance shut down.'];
  if (was === 'OPEN')
    return ['Database closed.', 'Database dismounted.', 'ORACLE instance shut down.'];
  if (was === 'MOUNTED')
    return [
      'ORA-01109: database not open',
      '',
      '',
      'Database dismounted.',
      'ORACLE instance shut down.',
    ];
  return ['ORACLE instance shut down.'];
}

export function notAvailable() {
  return oraError(1034, 'ORACLE not available', [
    'Process ID: 0',
    'Session ID: 0 Serial number: 0',
  ]);
}

/** STARTUP [NOMOUNT|MOUNT|OPEN]. */
export function startup(state: DatabaseState, mode: string): string[] {
  if (state.instanceStatus !== 'SHUTDOWN') {
    throw oraError(1081, 'cannot start already-running ORACLE - shut it down first');
  }
  const lines = ['ORACLE instance started.', '', ...SGA];
  if (/nomount/i.test(mode)) {
    state.instanceStatus = 'STARTED';
    return lines;
  }
  lines.push('Database mounted.');
  state.instanceStatus = 'MOUNTED';
  if (/\bmount\b/i.test(mode)) return lines;
  state.instanceStatus = 'OPEN';
  return [...lines, 'Database opened.'];
}

/** ALTER DATABASE MOUNT | OPEN | ARCHIVELOG | NOARCHIVELOG. */
export function alterDatabase(state: DatabaseState, home: string, action: string): void {
  const verb = action.toLowerCase().replace(/\s+/g, ' ').trim();
  if (state.instanceStatus === 'SHUTDOWN') throw notAvailable();

  if (verb === 'mount') {
    if (state.instanceStatus !== 'STARTED') throw oraError(1100, 'database already mounted');
    state.instanceStatus = 'MOUNTED';
  } else if (verb === 'open') {
    if (state.instanceStatus === 'OPEN')
      throw oraError(1531, 'a database already open by the instance');
    if (state.instanceStatus !== 'MOUNTED') throw oraError(1507, 'database not mounted');
    state.instanceStatus = 'OPEN';
  } else if (verb === 'archivelog' || verb === 'noarchivelog') {
    if (state.instanceStatus !== 'MOUNTED') {
      throw oraError(
        1126,
        'database must be mounted in this instance and not open in any instance',
      );
    }
    state.logMode = verb === 'archivelog' ? 'ARCHIVELOG' : 'NOARCHIVELOG';
    state.archiveDestination =
      verb === 'archivelog' ? 'USE_DB_RECOVERY_FILE_DEST' : path.join(dbsDir(home), 'arch');
  } else {
    throw oraError(2231, 'missing or invalid option to ALTER DATABASE');
  }
}

/** ARCHIVE LOG LIST, in the exact layout of the corpus. */
export function archiveLogList(state: DatabaseState): string[] {
  if (state.instanceStatus === 'SHUTDOWN') throw notAvailable();
  const current = state.currentSequence;
  const row = (label: string, value: string | number) => `${label.padEnd(31)}${value}`;
  const archiving = state.logMode === 'ARCHIVELOG';

  return [
    row('Database log mode', archiving ? 'Archive Mode' : 'No Archive Mode'),
    row('Automatic archival', archiving ? 'Enabled' : 'Disabled'),
    row('Archive destination', state.archiveDestination),
    row('Oldest online log sequence', Math.max(1, current - 2)),
    ...(archiving ? [row('Next log sequence to archive', current)] : []),
    row('Current log sequence', current),
  ];
}
