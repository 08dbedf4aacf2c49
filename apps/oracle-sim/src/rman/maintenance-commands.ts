import * as crypto from 'node:crypto';
import * as fs from 'node:fs';

import { formatElapsed } from '../common/oracle-date';
import { archiveCurrentLog, switchLogfile } from '../database/archived-logs';
import { ArchivedLog, BackupPiece, BackupSet } from '../database/database-state';
import { channelsForCommand } from './channels';
import { retentionPolicy } from './configure-command';
import { Channel, RmanContext, step } from './rman-context';
import { DeleteTarget } from './rman-commands';
import { channelFailureLines, commandFailed, osErrorPrefix, RmanFailure } from './rman-errors';
import { listBackupSets } from './rman-listing';

function pieceExists(piece: BackupPiece): boolean {
  return fs.existsSync(piece.file);
}

// ---- SQL -----------------------------------------------------------------------------

/** SQL '…' (and 12c native SQL): the statements a backup script runs. */
export function runSql(ctx: RmanContext, text: string, quoted: boolean): void {
  const normalized = text.replace(/\s+/g, ' ').trim().toLowerCase();

  if (/^alter system (archive log current|switch logfile)$/.test(normalized)) {
    if (ctx.state.logMode === 'NOARCHIVELOG' && normalized.includes('archive log current')) {
      throw new RmanFailure(
        channelFailureLines('sql', 'default', [
          `RMAN-11003: failure during parse/execution of SQL statement: ${text}`,
          'ORA-00258: manual archiving in NOARCHIVELOG mode must identify log',
        ]),
      );
    }
    if (normalized.includes('archive log current')) archiveCurrentLog(ctx.state);
    else switchLogfile(ctx.state);
  }

  ctx.out.line(quoted ? `sql statement: ${text}` : 'Statement processed');
}

// ---- CROSSCHECK ------------------------------------------------------------------------

export function crosscheckBackup(ctx: RmanContext): void {
  const pieces = ctx.state.backupSets.flatMap((s) => s.pieces);
  channelsForCommand(ctx);
  if (pieces.length === 0) {
    ctx.out.line('specification does not match any backup in the repository');
    return;
  }

  for (const piece of pieces) {
    piece.status = pieceExists(piece) ? 'AVAILABLE' : 'EXPIRED';
    ctx.out.line(`crosschecked backup piece: found to be '${piece.status}'`);
    ctx.out.line(`backup piece handle=${piece.handle} RECID=${piece.recid} STAMP=${piece.stamp}`);
  }
  ctx.out.line(`Crosschecked ${pieces.length} objects`);
}

export function crosscheckArchivelog(ctx: RmanContext): void {
  const logs = ctx.state.archivedLogs.filter((l) => l.status !== 'D');
  channelsForCommand(ctx);
  if (logs.length === 0) {
    ctx.out.line('specification does not match any archived log in the repository');
    return;
  }

  for (const log of logs) {
    const found = fs.existsSync(log.path);
    log.status = found ? 'A' : 'X';
    ctx.out.line(`validation ${found ? 'succeeded' : 'failed'} for archived log`);
    ctx.out.line(`archived log file name=${log.path} RECID=${log.recid} STAMP=${log.stamp}`);
  }
  ctx.out.line(`Crosschecked ${logs.length} objects`);
}

// ---- DELETE ----------------------------------------------------------------------------

function deletePieces(ctx: RmanContext, sets: BackupSet[]): number {
  let count = 0;
  for (const set of sets) {
    for (const piece of set.pieces) {
      fs.rmSync(piece.file, { force: true });
      ctx.out.line('deleted backup piece');
      ctx.out.line(`backup piece handle=${piece.handle} RECID=${piece.recid} STAMP=${piece.stamp}`);
      count += 1;
    }
  }
  ctx.state.backupSets = ctx.state.backupSets.filter((s) => !sets.includes(s));
  return count;
}

function deleteLogs(ctx: RmanContext, logs: ArchivedLog[]): number {
  for (const log of logs) {
    fs.rmSync(log.path, { force: true });
    log.status = 'D';
    ctx.out.line('deleted archived log');
    ctx.out.line(`archived log file name=${log.path} RECID=${log.recid} STAMP=${log.stamp}`);
  }
  return logs.length;
}

function deleteExpired(ctx: RmanContext, what: 'backup' | 'archivelog'): void {
  channelsForCommand(ctx);

  if (what === 'backup') {
    const sets = ctx.state.backupSets.filter((s) => s.pieces.some((p) => p.status === 'EXPIRED'));
    if (sets.length === 0)
      return ctx.out.line('specification does not match any backup in the repository');
    ctx.out.lines([
      '',
      'List of Backup Pieces',
      'BP Key  BS Key  Pc# Cp# Status      Device Type Piece Name',
      '------- ------- --- --- ----------- ----------- ----------',
    ]);
    for (const s of sets)
      for (const p of s.pieces)
        ctx.out.line(
          [p.recid, s.key].map((n) => String(n).padEnd(7)).join(' ') +
            ` ${String(p.pieceNo).padEnd(3)} 1   ${p.status.padEnd(11)} ` +
            `${p.device.padEnd(11)} ${p.handle}`,
        );
    ctx.out.line(`Deleted ${deletePieces(ctx, sets)} EXPIRED objects`);
    return;
  }

  const logs = ctx.state.archivedLogs.filter((l) => l.status === 'X');
  if (logs.length === 0)
    return ctx.out.line('specification does not match any archived log in the repository');
  ctx.out.line(`Deleted ${deleteLogs(ctx, logs)} EXPIRED objects`);
}

function daysAgo(days: number): number {
  return Date.now() - days * 86_400_000;
}

function deleteArchivelogs(
  ctx: RmanContext,
  target: Extract<DeleteTarget, { what: 'archivelog' }>,
): void {
  channelsForCommand(ctx);
  const before =
    target.completedBeforeDays === null ? Infinity : daysAgo(target.completedBeforeDays);
  const logs = ctx.state.archivedLogs.filter(
    (l) =>
      l.status !== 'D' &&
      Date.parse(l.completedAt) < before &&
      (target.backedUpTimes === null || l.backupCount >= target.backedUpTimes),
  );
  if (logs.length === 0)
    return ctx.out.line('specification does not match any archived log in the repository');
  ctx.out.line(`Deleted ${deleteLogs(ctx, logs)} objects`);
}

function deleteBackups(ctx: RmanContext, target: Extract<DeleteTarget, { what: 'backup' }>): void {
  channelsForCommand(ctx);
  const before =
    target.completedBeforeDays === null ? Infinity : daysAgo(target.completedBeforeDays);
  const sets = ctx.state.backupSets.filter(
    (s) => Date.parse(s.completedAt) < before && (target.tag === null || s.tag === target.tag),
  );
  if (sets.length === 0)
    return ctx.out.line('specification does not match any backup in the repository');
  ctx.out.line(`Deleted ${deletePieces(ctx, sets)} objects`);
}

/** Backups and logs not needed to meet the retention policy. */
export function obsoleteObjects(
  ctx: RmanContext,
  redundancy: number | null,
  windowDays: number | null,
): { sets: BackupSet[]; logs: ArchivedLog[] } {
  const baseSets = ctx.state.backupSets
    .filter((s) => s.kind === 'datafile' && s.level !== 1)
    .sort((a, b) => Date.parse(b.completedAt) - Date.parse(a.completedAt));
  const perFile = ctx.state.datafiles.map((file) =>
    baseSets.filter((s) => s.datafiles.some((d) => d.fileNo === file.fileNo)),
  );
  const keptOldest = perFile.map((sets) => {
    if (redundancy !== null) return sets.length >= redundancy ? sets[redundancy - 1] : null;
    const point = daysAgo(windowDays ?? 0);
    return sets.find((s) => Date.parse(s.completedAt) <= point) ?? null;
  });
  if (keptOldest.some((s) => s === null) || keptOldest.length === 0) return { sets: [], logs: [] };

  const cutoff = Math.min(...keptOldest.map((s) => Date.parse((s as BackupSet).completedAt)));
  const minScn = Math.min(
    ...keptOldest.flatMap((s) => (s as BackupSet).datafiles.map((d) => d.ckpScn)),
  );
  const sets = ctx.state.backupSets.filter((s) => Date.parse(s.completedAt) < cutoff);
  const logs = ctx.state.archivedLogs.filter((l) => l.status !== 'D' && l.nextScn <= minScn);
  return { sets, logs };
}

function printObsoleteList(ctx: RmanContext, sets: BackupSet[], logs: ArchivedLog[]): void {
  ctx.out.line('Deleting the following obsolete backups and copies:');
  ctx.out.line('Type                 Key    Completion Time    Filename/Handle');
  ctx.out.line('-------------------- ------ ------------------ --------------------');
  for (const set of sets) {
    const done = ctx.out.date(new Date(set.completedAt));
    ctx.out.line(`Backup Set           ${String(set.key).padEnd(6)} ${done.padEnd(18)}`);
    for (const p of set.pieces)
      ctx.out.line(
        `  Backup Piece       ${String(p.recid).padEnd(6)} ${done.padEnd(18)} ${p.handle}`,
      );
  }
  for (const log of logs) {
    ctx.out.line(
      `Archive Log          ${String(log.recid).padEnd(6)} ` +
        `${ctx.out.date(new Date(log.completedAt)).padEnd(18)} ${log.path}`,
    );
  }
}

function printMismatched(ctx: RmanContext, pieces: BackupPiece[], logs: ArchivedLog[]): void {
  ctx.out.line();
  ctx.out.line(
    `RMAN-06207: WARNING: ${pieces.length + logs.length} objects could not be deleted for DISK ` +
      `channel(s) due`,
  );
  ctx.out.line('RMAN-06208:          to mismatched status.  Use CROSSCHECK command to fix status');
  ctx.out.line('RMAN-06210: List of Mismatched objects');
  ctx.out.line('RMAN-06211: ==========================');
  ctx.out.line('RMAN-06212:   Object Type   Filename/Handle');
  ctx.out.line('RMAN-06213: --------------- ---------------------------------------------------');
  for (const log of logs) ctx.out.line(`RMAN-06214: Archivelog      ${log.path}`);
  for (const p of pieces) ctx.out.line(`RMAN-06214: Backup Piece    ${p.handle}`);
  ctx.out.line();
}

function deleteObsolete(
  ctx: RmanContext,
  target: Extract<DeleteTarget, { what: 'obsolete' }>,
): void {
  const configured = retentionPolicy(ctx);
  const explicit = target.redundancy !== null || target.windowDays !== null;
  const policy = explicit ? target : configured;
  const described =
    policy.windowDays !== null
      ? `recovery window of ${policy.windowDays} days`
      : `redundancy ${policy.redundancy}`;

  ctx.out.line('RMAN retention policy will be applied to the command');
  ctx.out.line(`RMAN retention policy is set to ${described}`);
  channelsForCommand(ctx);
  const { sets, logs } = obsoleteObjects(ctx, policy.redundancy, policy.windowDays);
  if (sets.length === 0 && logs.length === 0) return ctx.out.line('no obsolete backups found');

  printObsoleteList(ctx, sets, logs);
  const goneSets = sets.filter((s) =>
    s.pieces.some((p) => p.status === 'AVAILABLE' && !pieceExists(p)),
  );
  const goneLogs = logs.filter((l) => l.status === 'A' && !fs.existsSync(l.path));
  const deleted =
    deletePieces(
      ctx,
      sets.filter((s) => !goneSets.includes(s)),
    ) +
    deleteLogs(
      ctx,
      logs.filter((l) => !goneLogs.includes(l)),
    );
  ctx.out.line(`Deleted ${deleted} objects`);
  if (goneSets.length + goneLogs.length > 0)
    printMismatched(
      ctx,
      goneSets.flatMap((s) => s.pieces),
      goneLogs,
    );
}

export function runDelete(ctx: RmanContext, target: DeleteTarget): void {
  switch (target.what) {
    case 'obsolete':
      return deleteObsolete(ctx, target);
    case 'expired-backup':
      return deleteExpired(ctx, 'backup');
    case 'expired-archivelog':
      return deleteExpired(ctx, 'archivelog');
    case 'archivelog':
      return deleteArchivelogs(ctx, target);
    case 'backup':
      return deleteBackups(ctx, target);
  }
}

/** REPORT OBSOLETE. */
export function reportObsolete(ctx: RmanContext): void {
  const policy = retentionPolicy(ctx);
  const described =
    policy.windowDays !== null
      ? `recovery window of ${policy.windowDays} days`
      : `redundancy ${policy.redundancy}`;
  ctx.out.line(`RMAN retention policy will be applied to the command`);
  ctx.out.line(`RMAN retention policy is set to ${described}`);
  const { sets, logs } = obsoleteObjects(ctx, policy.redundancy, policy.windowDays);
  if (sets.length === 0 && logs.length === 0) return ctx.out.line('no obsolete backups found');
  printObsoleteList(ctx, sets, logs);
  ctx.out.dropBlank();
}

// ---- RESTORE … VALIDATE / PREVIEW ------------------------------------------------------

/** The level 0 / full sets a restore of the whole database would read. */
function restoreSets(ctx: RmanContext): { sets: BackupSet[]; missingFile: number | null } {
  const sets = new Set<BackupSet>();
  const candidates = ctx.state.backupSets
    .filter(
      (s) =>
        s.kind === 'datafile' && s.level !== 1 && s.pieces.every((p) => p.status === 'AVAILABLE'),
    )
    .sort((a, b) => Date.parse(b.completedAt) - Date.parse(a.completedAt));

  for (const file of ctx.state.datafiles) {
    const set = candidates.find((s) => s.datafiles.some((d) => d.fileNo === file.fileNo));
    if (!set) return { sets: [], missingFile: file.fileNo };
    sets.add(set);
  }
  return { sets: [...sets], missingFile: null };
}

function noBackupFailure(fileNo: number): RmanFailure {
  return commandFailed('restore', [
    'RMAN-06026: some targets not found - aborting restore',
    `RMAN-06023: no backup or copy of datafile ${fileNo} found to restore`,
  ]);
}

function pieceProblem(piece: BackupPiece): string[] | null {
  if (!fs.existsSync(piece.file)) {
    return [
      `ORA-19870: error while restoring backup piece ${piece.handle}`,
      `ORA-19505: failed to identify file "${piece.handle}"`,
      'ORA-27037: unable to obtain file status',
      `${osErrorPrefix()} Error: 2: No such file or directory`,
      'Additional information: 7',
    ];
  }
  const sum = crypto.createHash('sha256').update(fs.readFileSync(piece.file)).digest('hex');
  if (sum === piece.sha256) return null;
  return [
    `ORA-19870: error while restoring backup piece ${piece.handle}`,
    `ORA-19599: block number 2 is corrupt in backup piece ${piece.handle}`,
  ];
}

async function validateSet(ctx: RmanContext, channel: Channel, set: BackupSet): Promise<void> {
  const started = Date.now();
  ctx.out.line(`channel ${channel.name}: starting validation of datafile backup set`);
  for (const piece of set.pieces) {
    await step(ctx);
    ctx.out.line(`channel ${channel.name}: reading from backup piece ${piece.handle}`);
    const problem = pieceProblem(piece);
    if (problem) {
      const fileNo = set.datafiles[0]?.fileNo ?? 1;
      const failure = noBackupFailure(fileNo);
      throw new RmanFailure(failure.errorStack, [
        ...channelFailureLines('restore', channel.name, problem),
        `failover to previous backup`,
        '',
      ]);
    }
    ctx.out.line(`channel ${channel.name}: piece handle=${piece.handle} tag=${set.tag}`);
    ctx.out.line(`channel ${channel.name}: restored backup piece ${piece.pieceNo}`);
  }
  ctx.out.line(
    `channel ${channel.name}: validation complete, elapsed time: ` +
      `${formatElapsed(Date.now() - started)}`,
  );
}

export async function runRestore(ctx: RmanContext, mode: 'validate' | 'preview'): Promise<void> {
  ctx.out.line(`Starting restore at ${ctx.out.date()}`);
  const channels = channelsForCommand(ctx);
  const { sets, missingFile } = restoreSets(ctx);
  if (missingFile !== null) throw noBackupFailure(missingFile);

  if (mode === 'preview') {
    listBackupSets(ctx, sets);
    const scn = Math.min(...sets.flatMap((s) => s.datafiles.map((d) => d.ckpScn)));
    ctx.out.line(`Media recovery start SCN is ${scn}`);
    ctx.out.line(`Recovery must be done beyond SCN ${scn} to clear datafile fuzziness`);
  } else {
    ctx.out.line();
    for (const [i, set] of sets.entries())
      await validateSet(ctx, channels[i % channels.length], set);
  }
  ctx.out.line(`Finished restore at ${ctx.out.date()}`);
}

// ---- VALIDATE DATABASE -----------------------------------------------------------------

export async function validateDatabase(ctx: RmanContext): Promise<void> {
  ctx.out.line(`Starting validate at ${ctx.out.date()}`);
  const [channel] = channelsForCommand(ctx);
  const started = Date.now();
  ctx.out.line(`channel ${channel.name}: starting validation of datafile`);
  ctx.out.line(`channel ${channel.name}: specifying datafile(s) for validation`);
  for (const f of ctx.state.datafiles)
    ctx.out.line(`input datafile file number=${String(f.fileNo).padStart(5, '0')} name=${f.path}`);
  await step(ctx, 2);
  ctx.out.line(
    `channel ${channel.name}: validation complete, elapsed time: ` +
      `${formatElapsed(Date.now() - started)}`,
  );
  ctx.out.lines([
    'List of Datafiles',
    '=================',
    'File Status Marked Corrupt Empty Blocks Blocks Examined High SCN',
    '---- ------ -------------- ------------ --------------- ----------',
  ]);

  for (const file of ctx.state.datafiles) {
    const ok =
      fs.existsSync(file.path) && fs.statSync(file.path).size === file.blocks * ctx.state.blockSize;
    ctx.out.line(
      `${String(file.fileNo).padEnd(4)} ${(ok ? 'OK' : 'FAILED').padEnd(6)} 0              0     ` +
        `       ${String(file.blocks).padEnd(15)} ${ctx.state.scn}`,
    );
    ctx.out.line(`  File Name: ${file.path}`);
    ctx.out.lines([
      '  Block Type Blocks Failing Blocks Processed',
      '  ---------- -------------- ----------------',
    ]);
    ctx.out.line(`  Data       0              ${Math.floor(file.blocks * 0.8)}`);
    ctx.out.line(`  Index      0              ${Math.floor(file.blocks * 0.1)}`);
    ctx.out.line(
      `  Other      0              ` +
        `${file.blocks - Math.floor(file.blocks * 0.8) - Math.floor(file.blocks * 0.1)}`,
    );
    ctx.out.line();
  }
  ctx.out.line(`Finished validate at ${ctx.out.date()}`);
}
