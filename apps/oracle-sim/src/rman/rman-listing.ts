import { BackupSet } from '../database/database-state';
import { formatElapsed } from '../common/oracle-date';
import { RmanContext } from './rman-context';

/** `1.07G`, `512.00K`: sizes as LIST prints them (binary units). */
export function listSize(bytes: number): string {
  const units: Array<[string, number]> = [
    ['T', 1024 ** 4],
    ['G', 1024 ** 3],
    ['M', 1024 ** 2],
    ['K', 1024],
  ];
  const [unit, size] = units.find(([, s]) => bytes >= s) ?? ['K', 1024];
  return `${(bytes / size).toFixed(2)}${unit}`;
}

function setBytes(set: BackupSet): number {
  return set.pieces.reduce((sum, p) => sum + p.bytes, 0);
}

function typeCode(set: BackupSet): { ty: string; lv: string } {
  if (set.kind === 'archivelog') return { ty: 'B', lv: 'A' };
  if (set.kind === 'controlfile' || set.level === null) return { ty: 'B', lv: 'F' };
  return { ty: 'B', lv: String(set.level) };
}

function status(set: BackupSet): string {
  return set.pieces.every((p) => p.status === 'AVAILABLE') ? 'A' : 'X';
}

/** LIST BACKUP SUMMARY. */
export function listBackupSummary(ctx: RmanContext): void {
  const sets = ctx.state.backupSets;
  if (sets.length === 0) {
    ctx.out.line('specification does not match any backup in the repository');
    return;
  }

  const width = Math.max(15, ctx.out.date().length);
  ctx.out.lines(['', 'List of Backups', '===============']);
  ctx.out.line(
    `Key     TY LV S Device Type ${'Completion Time'.padEnd(width)} #Pieces #Copies Compressed Tag`,
  );
  ctx.out.line(`------- -- -- - ----------- ${'-'.repeat(width)} ------- ------- ---------- ---`);
  for (const set of sets) {
    const { ty, lv } = typeCode(set);
    const device = set.pieces[0]?.device ?? 'DISK';
    const done = ctx.out.date(new Date(set.completedAt)).padEnd(width);
    const compressed = set.compressed ? 'YES' : 'NO';
    ctx.out.line(
      `${String(set.key).padEnd(7)} ${ty}  ${lv}  ${status(set)} ${device.padEnd(11)} ${done} ` +
        `${String(set.pieces.length).padEnd(7)} 1       ${compressed.padEnd(10)} ${set.tag ?? ''}`,
    );
  }
}

function pieceLines(ctx: RmanContext, set: BackupSet): string[] {
  return set.pieces.flatMap((p) => [
    `        BP Key: ${String(p.recid).padEnd(6)}Status: ${p.status}  Compressed: ` +
      `${set.compressed ? 'YES' : 'NO'}  Tag: ${set.tag ?? ''}`,
    `        Piece Name: ${p.handle}`,
  ]);
}

function datafileSetLines(ctx: RmanContext, set: BackupSet): string[] {
  const type = set.level === null ? 'Full' : 'Incr';
  const lv = set.level === null ? '  ' : String(set.level).padEnd(2);
  const done = ctx.out.date(new Date(set.completedAt));
  const lines = [
    '',
    'BS Key  Type LV Size       Device Type Elapsed Time Completion Time   ',
    '------- ---- -- ---------- ----------- ------------ ------------------',
    `${String(set.key).padEnd(7)} ${type} ${lv} ${listSize(setBytes(set)).padEnd(10)} ` +
      `${(set.pieces[0]?.device ?? 'DISK').padEnd(11)} ` +
      `${formatElapsed(set.elapsedSeconds * 1000).padEnd(12)} ${done}`,
    ...pieceLines(ctx, set),
  ];
  if (set.kind === 'controlfile') {
    if (set.includesSpfile)
      lines.push(
        `  SPFILE Included: Modification time: ${done}`,
        `  SPFILE db_unique_name: ${ctx.state.name}`,
      );
    if (set.includesControlfile)
      lines.push(`  Control File Included: Ckp SCN: ${ctx.state.scn}   Ckp time: ${done}`);
    return lines;
  }

  lines.push(`  List of Datafiles in backup set ${set.key}`);
  lines.push('  File LV Type Ckp SCN    Ckp Time           Abs Fuz SCN Sparse Name');
  lines.push('  ---- -- ---- ---------- ------------------ ----------- ------ ----');
  for (const d of set.datafiles) {
    const file = ctx.state.datafiles.find((f) => f.fileNo === d.fileNo);
    lines.push(
      `  ${String(d.fileNo).padEnd(4)} ${lv} ${type} ${String(d.ckpScn).padEnd(10)} ` +
        `${done.padEnd(18)}` +
        `              NO    ${file?.path ?? ''}`,
    );
  }
  return lines;
}

function archivelogSetLines(ctx: RmanContext, set: BackupSet): string[] {
  const done = ctx.out.date(new Date(set.completedAt));
  const lines = [
    '',
    'BS Key  Size       Device Type Elapsed Time Completion Time',
    '------- ---------- ----------- ------------ ---------------',
    `${String(set.key).padEnd(7)} ${listSize(setBytes(set)).padEnd(10)} ` +
      `${(set.pieces[0]?.device ?? 'DISK').padEnd(11)} ` +
      `${formatElapsed(set.elapsedSeconds * 1000).padEnd(12)} ${done}`,
    ...pieceLines(ctx, set),
    '',
    `  List of Archived Logs in backup set ${set.key}`,
    '  Thrd Seq     Low SCN    Low Time  Next SCN   Next Time',
    '  ---- ------- ---------- --------- ---------- ---------',
  ];
  for (const seq of set.archivedLogs) {
    const log = ctx.state.archivedLogs.find((l) => l.sequence === seq);
    if (!log) continue;
    const time = ctx.out.date(new Date(log.completedAt));
    lines.push(
      `  1    ${String(seq).padEnd(7)} ${String(log.firstScn).padEnd(10)} ${time} ` +
        `${String(log.nextScn).padEnd(10)} ${time}`,
    );
  }
  return lines;
}

/** LIST BACKUP (detail), in the layout of the corpus. */
export function listBackupSets(ctx: RmanContext, sets: BackupSet[]): void {
  if (sets.length === 0) {
    ctx.out.line('specification does not match any backup in the repository');
    return;
  }

  ctx.out.lines(['', 'List of Backup Sets', '===================', '']);
  for (const set of sets) {
    ctx.out.lines(
      set.kind === 'archivelog' ? archivelogSetLines(ctx, set) : datafileSetLines(ctx, set),
    );
  }
}

export function listArchivedLogs(ctx: RmanContext): void {
  const logs = ctx.state.archivedLogs.filter((l) => l.status !== 'D');
  if (logs.length === 0) {
    ctx.out.line('specification does not match any archived log in the repository');
    return;
  }

  ctx.out.line(`List of Archived Log Copies for database with db_unique_name ${ctx.state.name}`);
  ctx.out.line('=====================================================================');
  ctx.out.line('');
  ctx.out.line('Key     Thrd Seq     S Low Time ');
  ctx.out.line('------- ---- ------- - ---------');
  for (const log of logs) {
    ctx.out.line(
      `${String(log.recid).padEnd(7)} 1    ${String(log.sequence).padEnd(7)} ${log.status} ` +
        `${ctx.out.date(new Date(log.completedAt))}`,
    );
    ctx.out.line(`        Name: ${log.path}`);
    ctx.out.line('');
  }
}
