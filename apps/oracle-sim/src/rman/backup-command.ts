import * as fs from 'node:fs';

import { yyyymmdd } from '../common/oracle-date';
import { archiveCurrentLog, availableArchivedLogs } from '../database/archived-logs';
import { blocksChangedSince } from '../database/datafile-blocks';
import { ArchivedLog, Datafile } from '../database/database-state';
import { newSetKey, PieceOptions, SetPlan } from './backup-pieces';
import { channelsForCommand } from './channels';
import { controlfileAutobackup } from './controlfile-autobackup';
import { Channel, controlfileAutobackupOn, RmanContext, step } from './rman-context';
import { ArchivelogSpec, BackupObject, BackupSpec } from './rman-commands';
import { channelFailureLines, commandFailed, missingFileLines, RmanFailure } from './rman-errors';
import { runSetPlans } from './run-set-plans';

/** What one BACKUP command did, for the autobackup that may follow it. */
export interface BackupOutcome {
  device: Channel['device'];
  wroteSomething: boolean;
}

function defaultTag(at: Date): string {
  const time = at.toTimeString().slice(0, 8).replace(/:/g, '');
  return `TAG${yyyymmdd(at)}T${time}`;
}

function noArchiveLogMode(ctx: RmanContext): boolean {
  return ctx.state.logMode === 'NOARCHIVELOG' || ctx.faults.has('noarchivelog');
}

/** The automatic log switch of an archived-log backup. */
function archiveCurrentForBackup(ctx: RmanContext): void {
  if (noArchiveLogMode(ctx)) {
    ctx.out.line('Oracle error from target database: ');
    ctx.out.line('ORA-00258: manual archiving in NOARCHIVELOG mode must identify log');
    ctx.out.line();
    return;
  }

  archiveCurrentLog(ctx.state);
  ctx.out.line('current log archived');
}

/** missing-archivelog: an archived log vanishes from disk behind RMAN's back. */
function loseAnArchivedLog(ctx: RmanContext): void {
  if (!ctx.faults.has('missing-archivelog')) return;
  const logs = availableArchivedLogs(ctx.state);
  if (logs.some((log) => !fs.existsSync(log.path))) return;
  const victim = logs[Math.max(0, logs.length - 2)];
  if (victim) fs.rmSync(victim.path, { force: true });
}

function distribute<T>(items: T[], channels: Channel[], weight: (item: T) => number): T[][] {
  const loads = channels.map(() => 0);
  const groups: T[][] = channels.map(() => []);

  for (const item of [...items].sort((a, b) => weight(b) - weight(a))) {
    const target = loads.indexOf(Math.min(...loads));
    groups[target].push(item);
    loads[target] += weight(item);
  }

  return groups;
}

function chunk<T>(items: T[], size: number | null): T[][] {
  if (!size || size <= 0) return items.length > 0 ? [items] : [];
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

// ---- archived logs ------------------------------------------------------------------

function selectArchivedLogs(
  ctx: RmanContext,
  spec: ArchivelogSpec,
  fromSequence: number | null,
): ArchivedLog[] {
  const selected: ArchivedLog[] = [];
  // The noarchivelog fault stands for a database that never archived: no logs to find.
  if (ctx.faults.has('noarchivelog')) return selected;
  const from = fromSequence ?? spec.fromSequence ?? 0;

  for (const log of availableArchivedLogs(ctx.state).filter((l) => l.sequence >= from)) {
    if (spec.notBackedUpTimes !== null && log.backupCount >= spec.notBackedUpTimes) {
      ctx.out.line(
        `skipping archived log file ${log.path}; already backed up ${log.backupCount} time(s)`,
      );
    } else {
      selected.push(log);
    }
  }

  return selected;
}

function deleteInput(ctx: RmanContext, channel: Channel, logs: ArchivedLog[]): void {
  ctx.out.line(`channel ${channel.name}: deleting archived log(s)`);
  for (const log of logs) {
    fs.rmSync(log.path, { force: true });
    log.status = 'D';
    ctx.out.line(`archived log file name=${log.path} RECID=${log.recid} STAMP=${log.stamp}`);
  }
}

function archivelogPlan(
  ctx: RmanContext,
  channel: Channel,
  logs: ArchivedLog[],
  spec: BackupSpec,
  archivelog: ArchivelogSpec,
): SetPlan {
  const compressed = spec.compressed ? 'compressed ' : '';
  return {
    channel,
    kind: 'archivelog',
    startLine: `starting ${compressed}archived log backup set`,
    specifyLine: 'specifying archived log(s) in backup set',
    inputLines: logs.map(
      (l) =>
        `input archived log thread=${l.thread} sequence=${l.sequence} RECID=${l.recid} ` +
        `STAMP=${l.stamp}`,
    ),
    pieceNo: 1,
    setKey: newSetKey(ctx),
    compressed: spec.compressed,
    level: null,
    cumulative: false,
    sizeHint: logs.reduce((sum, l) => sum + l.bytes, 0),
    blocks: 0,
    record: {
      datafiles: [],
      archivedLogs: logs.map((l) => l.sequence),
      includesControlfile: false,
      includesSpfile: false,
    },
    payload: () => Buffer.concat(logs.map((l) => fs.readFileSync(l.path))),
    afterComplete: () => {
      for (const log of logs) log.backupCount += 1;
      if (archivelog.deleteInput) deleteInput(ctx, channel, logs);
    },
  };
}

async function backupArchivedLogs(
  ctx: RmanContext,
  channels: Channel[],
  spec: BackupSpec,
  archivelog: ArchivelogSpec,
  options: PieceOptions,
  fromSequence: number | null = null,
): Promise<boolean> {
  const logs = selectArchivedLogs(ctx, archivelog, fromSequence);
  const missing = logs.find((log) => !fs.existsSync(log.path));
  if (missing) {
    throw commandFailed(spec.commandName, [
      'RMAN-06059: expected archived log not found, loss of archived log compromises ' +
        'recoverability',
      ...missingFileLines(missing.path),
    ]);
  }

  if (logs.length === 0) {
    ctx.out.line('specification does not match any archived log in the repository');
    ctx.out.line('backup cancelled because there are no files to backup');
    return false;
  }

  const perChannel = Math.ceil(logs.length / channels.length);
  const groups = channels.map((_, i) => logs.slice(i * perChannel, (i + 1) * perChannel));
  const plans = groups
    .filter((g) => g.length > 0)
    .flatMap((group, i) =>
      chunk(group, spec.filesPerSet).map((logsInSet) =>
        archivelogPlan(ctx, channels[i], logsInSet, spec, archivelog),
      ),
    );
  await runSetPlans(ctx, plans, options, ctx.faultTarget ?? 'archivelog');
  return true;
}

// ---- datafiles ----------------------------------------------------------------------

function selectDatafiles(
  ctx: RmanContext,
  objects: BackupObject[],
  commandName: string,
): Datafile[] {
  const files = new Map<number, Datafile>();

  for (const object of objects) {
    if (object.type === 'database') ctx.state.datafiles.forEach((f) => files.set(f.fileNo, f));
    if (object.type === 'tablespace') {
      for (const name of object.names) {
        const inTablespace = ctx.state.datafiles.filter((f) => f.tablespace === name);
        if (inTablespace.length === 0) {
          throw commandFailed(commandName, [
            'RMAN-20202: Tablespace not found in the recovery catalog',
            `RMAN-06019: could not translate tablespace name "${name}"`,
          ]);
        }
        inTablespace.forEach((f) => files.set(f.fileNo, f));
      }
    }
    if (object.type === 'datafile') {
      for (const fileNo of object.fileNos) {
        const file = ctx.state.datafiles.find((f) => f.fileNo === fileNo);
        if (!file) {
          throw commandFailed(commandName, [
            'RMAN-20201: datafile not found in the recovery catalog',
            `RMAN-06010: error while looking up datafile: ${fileNo}`,
          ]);
        }
        files.set(fileNo, file);
      }
    }
  }

  return [...files.values()];
}

/** SCN after which changed blocks go into an incremental backup of this file; null = all. */
function incrementalBase(ctx: RmanContext, fileNo: number, spec: BackupSpec): number | null {
  if (spec.level !== 1) return null;
  const parents = ctx.state.backupSets.flatMap((set) => {
    const usable = set.kind === 'datafile' && set.pieces.every((p) => p.status === 'AVAILABLE');
    const levelOk = spec.cumulative ? set.level === 0 : set.level === 0 || set.level === 1;
    if (!usable || !levelOk) return [];
    return set.datafiles.filter((d) => d.fileNo === fileNo).map((d) => d.ckpScn);
  });
  return parents.length > 0 ? Math.max(...parents) : null;
}

interface FileSection {
  file: Datafile;
  blocks: number[];
  level: 0 | 1 | null;
  range: [number, number] | null;
}

function fileSections(ctx: RmanContext, file: Datafile, spec: BackupSpec): FileSection[] {
  const base = incrementalBase(ctx, file.fileNo, spec);
  let level = spec.level;
  if (spec.level === 1 && base === null) {
    ctx.out.line(`no parent backup or copy of datafile ${file.fileNo} found`);
    level = 0;
  }

  const all = Array.from({ length: file.blocks }, (_, i) => i);
  const blocks =
    level === 1
      ? [0, 1, ...blocksChangedSince(ctx.state, file.fileNo, base as number).filter((b) => b > 1)]
      : all;
  const perSection = spec.sectionSizeBytes
    ? Math.max(1, Math.floor(spec.sectionSizeBytes / ctx.state.blockSize))
    : 0;
  if (!perSection || file.blocks <= perSection) return [{ file, blocks, level, range: null }];

  const sections: FileSection[] = [];
  for (let first = 0; first < file.blocks; first += perSection) {
    const last = Math.min(file.blocks, first + perSection) - 1;
    sections.push({
      file,
      blocks: blocks.filter((b) => b >= first && b <= last),
      level,
      range: [first + 1, last + 1],
    });
  }
  return sections;
}

function datafileImage(ctx: RmanContext, sections: FileSection[]): Buffer {
  const parts: Buffer[] = [];
  for (const section of sections) {
    parts.push(
      Buffer.from(
        `DATAFILE ${section.file.fileNo} ${section.file.path} blocks=${section.blocks.length}\n`,
      ),
    );
    const image = fs.readFileSync(section.file.path);
    for (const block of section.blocks) {
      parts.push(image.subarray(block * ctx.state.blockSize, (block + 1) * ctx.state.blockSize));
    }
  }
  return Buffer.concat(parts);
}

function datafileSetPlan(
  ctx: RmanContext,
  channel: Channel,
  sections: FileSection[],
  spec: BackupSpec,
  setKey: number,
  pieceNo: number,
): SetPlan {
  const compressed = spec.compressed ? 'compressed ' : '';
  const level = spec.level === null ? 'full' : `incremental level ${spec.level}`;
  const blocks = sections.reduce((sum, s) => sum + s.blocks.length, 0);
  const range = sections[0].range;
  const inputs = sections.map(
    (s) =>
      `input datafile file number=${String(s.file.fileNo).padStart(5, '0')} name=${s.file.path}`,
  );
  if (range) inputs.push(`backing up blocks ${range[0]} through ${range[1]}`);

  return {
    channel,
    kind: 'datafile',
    startLine: `starting ${compressed}${level} datafile backup set`,
    specifyLine: 'specifying datafile(s) in backup set',
    inputLines: inputs,
    pieceNo,
    setKey,
    compressed: spec.compressed,
    level: sections.every((s) => s.level === 0) && spec.level === 1 ? 0 : spec.level,
    cumulative: spec.cumulative,
    sizeHint: blocks * ctx.state.blockSize,
    blocks,
    record: {
      datafiles: sections.map((s) => ({
        fileNo: s.file.fileNo,
        ckpScn: ctx.state.scn,
        blocks: s.blocks.length,
      })),
      archivedLogs: [],
      includesControlfile: false,
      includesSpfile: false,
    },
    payload: () => datafileImage(ctx, sections),
  };
}

function controlfileSetPlan(
  ctx: RmanContext,
  channel: Channel,
  spec: BackupSpec,
  controlfile: boolean,
  spfile: boolean,
): SetPlan {
  const compressed = spec.compressed ? 'compressed ' : '';
  const inputs = [
    ...(controlfile ? ['including current control file in backup set'] : []),
    ...(spfile ? ['including current SPFILE in backup set'] : []),
  ];
  return {
    channel,
    kind: 'controlfile',
    startLine: `starting ${compressed}full datafile backup set`,
    specifyLine: 'specifying datafile(s) in backup set',
    inputLines: inputs,
    pieceNo: 1,
    setKey: newSetKey(ctx),
    compressed: spec.compressed,
    level: null,
    cumulative: false,
    sizeHint: 1,
    blocks: 0,
    record: {
      datafiles: [],
      archivedLogs: [],
      includesControlfile: controlfile,
      includesSpfile: spfile,
    },
    payload: () => Buffer.from(JSON.stringify(ctx.state)),
  };
}

function datafilePlans(
  ctx: RmanContext,
  channels: Channel[],
  spec: BackupSpec,
  files: Datafile[],
): SetPlan[] {
  const sectioned = files.map((f) => fileSections(ctx, f, spec));
  const plans: SetPlan[] = [];
  const whole = sectioned.filter((s) => s.length === 1).map((s) => s[0]);
  const groups = distribute(whole, channels, (s) => s.file.blocks);

  groups.forEach((group, i) => {
    for (const sections of chunk(group, spec.filesPerSet)) {
      plans.push(datafileSetPlan(ctx, channels[i], sections, spec, newSetKey(ctx), 1));
    }
  });
  for (const sections of sectioned.filter((s) => s.length > 1)) {
    const setKey = newSetKey(ctx);
    sections.forEach((section, i) => {
      plans.push(
        datafileSetPlan(ctx, channels[i % channels.length], [section], spec, setKey, i + 1),
      );
    });
  }
  return plans;
}

function controlfilePlans(
  ctx: RmanContext,
  channels: Channel[],
  spec: BackupSpec,
  files: Datafile[],
): SetPlan[] {
  const objectControlfile = spec.objects.some((o) => o.type === 'current-controlfile');
  const objectSpfile = spec.objects.some((o) => o.type === 'spfile');
  const withSystem = files.some((f) => f.fileNo === 1) && !controlfileAutobackupOn(ctx);
  const controlfile = objectControlfile || spec.includeCurrentControlfile || withSystem;
  const spfile = objectSpfile || withSystem;
  if (!controlfile && !spfile) return [];
  return [controlfileSetPlan(ctx, channels[channels.length - 1], spec, controlfile, spfile)];
}

function refuseInNoArchivelog(ctx: RmanContext, spec: BackupSpec, channels: Channel[]): void {
  if (!noArchiveLogMode(ctx) || ctx.state.instanceStatus !== 'OPEN') return;

  if (spec.objects.some((o) => o.type === 'database')) {
    throw commandFailed(spec.commandName, [
      'RMAN-06149: cannot BACKUP DATABASE in NOARCHIVELOG mode',
    ]);
  }
  throw new RmanFailure(
    channelFailureLines('backup', channels[0].name, [
      'ORA-19602: cannot backup or copy active file in NOARCHIVELOG mode',
    ]),
  );
}

async function backupDatafiles(
  ctx: RmanContext,
  channels: Channel[],
  spec: BackupSpec,
  options: PieceOptions,
): Promise<boolean> {
  const files = selectDatafiles(ctx, spec.objects, spec.commandName);
  if (files.length > 0) refuseInNoArchivelog(ctx, spec, channels);

  const plans = [
    ...datafilePlans(ctx, channels, spec, files),
    ...controlfilePlans(ctx, channels, spec, files),
  ];
  if (plans.length === 0) return false;
  await runSetPlans(ctx, plans, options, ctx.faultTarget ?? 'datafile');
  return true;
}

// ---- the command ----------------------------------------------------------------------

function startPhase(ctx: RmanContext, first: boolean): void {
  if (!first) ctx.out.line();
  ctx.out.line(`Starting backup at ${ctx.out.date()}`);
}

function archivelogObject(spec: BackupSpec): ArchivelogSpec | null {
  const object = spec.objects.find((o) => o.type === 'archivelog');
  return object && object.type === 'archivelog' ? object.spec : null;
}

/** BACKUP …: the phases RMAN prints, each between `Starting backup at` and `Finished backup at`. */
export async function runBackup(ctx: RmanContext, spec: BackupSpec): Promise<BackupOutcome> {
  const tag = spec.tag ?? defaultTag(new Date());
  const options: PieceOptions = { format: spec.format, tag, commandName: spec.commandName };
  const archivelog = archivelogObject(spec);
  const hasDatafiles = spec.objects.some((o) => o.type !== 'archivelog');
  ctx.faultTarget = hasDatafiles ? 'datafile' : 'archivelog';
  let wrote = false;

  startPhase(ctx, true);
  if (spec.plusArchivelog || archivelog) archiveCurrentForBackup(ctx);
  const channels = channelsForCommand(ctx);
  loseAnArchivedLog(ctx);

  if (spec.plusArchivelog) {
    wrote = (await backupArchivedLogs(ctx, channels, spec, spec.plusArchivelog, options)) || wrote;
    finishPhase(ctx);
    startPhase(ctx, false);
    announceChannels(ctx, channels);
  }

  const sequenceBefore = ctx.state.currentSequence;
  if (hasDatafiles) wrote = (await backupDatafiles(ctx, channels, spec, options)) || wrote;
  if (archivelog)
    wrote = (await backupArchivedLogs(ctx, channels, spec, archivelog, options)) || wrote;

  if (spec.plusArchivelog) {
    finishPhase(ctx);
    startPhase(ctx, false);
    archiveCurrentForBackup(ctx);
    announceChannels(ctx, channels);
    const next = { ...spec.plusArchivelog, notBackedUpTimes: null };
    wrote = (await backupArchivedLogs(ctx, channels, spec, next, options, sequenceBefore)) || wrote;
  }

  finishPhase(ctx);
  return { device: channels[0].device, wroteSomething: wrote };
}

function finishPhase(ctx: RmanContext): void {
  ctx.out.line(`Finished backup at ${ctx.out.date()}`);
}

function announceChannels(ctx: RmanContext, channels: Channel[]): void {
  if (ctx.allocated.length > 0) return;
  for (const channel of channels) ctx.out.line(`using channel ${channel.name}`);
}

/** The autobackup after a BACKUP command, when CONTROLFILE AUTOBACKUP is ON. */
export async function autobackupAfterBackup(
  ctx: RmanContext,
  outcome: BackupOutcome,
  commandName: string,
): Promise<void> {
  if (!outcome.wroteSomething || !controlfileAutobackupOn(ctx)) return;
  ctx.out.line();
  await step(ctx, 0);
  await controlfileAutobackup(ctx, outcome.device, commandName);
}
