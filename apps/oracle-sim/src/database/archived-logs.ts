import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { isoDay, oracleStamp } from '../common/oracle-date';
import { ArchivedLog, DatabaseState, ensureParent, nextRecid } from './database-state';

function omfSuffix(): string {
  return crypto
    .randomBytes(6)
    .toString('base64url')
    .replace(/[-_]/g, 'x')
    .slice(0, 8)
    .toLowerCase();
}

function archivedLogPath(state: DatabaseState, sequence: number, now: Date): string {
  if (state.archiveDestination === 'USE_DB_RECOVERY_FILE_DEST') {
    const dir = path.join(state.recoveryArea.path, 'archivelog', isoDay(now));
    return path.join(dir, `o1_mf_1_${sequence}_${omfSuffix()}_.arc`);
  }

  return path.join(state.archiveDestination, `1_${sequence}_${state.resetlogsId}.dbf`);
}

/** Redo for the changes since the last switch: real bytes, roughly sized like redo. */
function redoBytes(state: DatabaseState, sequence: number, changes: number): Buffer {
  const header = Buffer.from(`REDO thread=1 sequence=${sequence} dbid=${state.dbid}\n`);
  const records = Buffer.alloc(32768 + changes * 600, `CHANGE #${sequence} SCN ${state.scn};`);
  return Buffer.concat([header, records]);
}

/** `ALTER SYSTEM ARCHIVE LOG CURRENT` / a log switch: the current log becomes an archived log. */
export function archiveCurrentLog(
  state: DatabaseState,
  changes = 0,
  now = new Date(),
): ArchivedLog {
  const sequence = state.currentSequence;
  const file = archivedLogPath(state, sequence, now);
  const previous = state.archivedLogs[state.archivedLogs.length - 1];
  const bytes = redoBytes(state, sequence, changes);

  ensureParent(file);
  fs.writeFileSync(file, bytes);
  state.scn += 10;

  const log: ArchivedLog = {
    thread: 1,
    sequence,
    recid: nextRecid(state),
    stamp: oracleStamp(now),
    path: file,
    firstScn: previous ? previous.nextScn : 1,
    nextScn: state.scn,
    completedAt: now.toISOString(),
    bytes: bytes.length,
    backupCount: 0,
    status: 'A',
  };
  state.archivedLogs.push(log);
  state.currentSequence += 1;
  return log;
}

/** A log switch in NOARCHIVELOG mode: the sequence advances, nothing is archived. */
export function switchLogfile(state: DatabaseState, changes = 0): ArchivedLog | null {
  if (state.logMode === 'ARCHIVELOG') return archiveCurrentLog(state, changes);
  state.currentSequence += 1;
  state.scn += 10;
  return null;
}

export function availableArchivedLogs(state: DatabaseState): ArchivedLog[] {
  return state.archivedLogs.filter((log) => log.status === 'A');
}
