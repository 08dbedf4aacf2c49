import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

import { isoDay, oracleStamp } from '../common/oracle-date';
import { tapeLibraryDir } from '../common/oracle-home';
import {
  BackupPiece,
  BackupSet,
  BackupSetKind,
  nextRecid,
  recoveryAreaUsed,
} from '../database/database-state';
import { MEDIA_MANAGER_COMMENT } from './channels';
import { expandFormat, resolveDiskHandle } from './format-handle';
import { Channel, RmanContext } from './rman-context';
import { channelFailureLines, commandFailed, osErrorPrefix, RmanFailure } from './rman-errors';

/** One backup set (or one section of a multisection set) planned on a channel. */
export interface SetPlan {
  channel: Channel;
  kind: BackupSetKind;
  /** `starting compressed incremental level 1 datafile backup set` … */
  startLine: string;
  specifyLine: string;
  inputLines: string[];
  pieceNo: number;
  setKey: number;
  compressed: boolean;
  level: 0 | 1 | null;
  cumulative: boolean;
  sizeHint: number;
  blocks: number;
  record: Pick<BackupSet, 'datafiles' | 'archivedLogs' | 'includesControlfile' | 'includesSpfile'>;
  payload: () => Buffer;
  afterComplete?: () => void;
}

export interface PieceOptions {
  format: string | null;
  tag: string;
  commandName: string;
}

function omfTypeCode(plan: SetPlan): string {
  if (plan.kind === 'archivelog') return 'annnn';
  if (plan.kind === 'controlfile') return plan.record.includesSpfile ? 'ncsnf' : 'ncnnf';
  return plan.level === null ? 'nnndf' : `nnnd${plan.level}`;
}

function omfHandle(ctx: RmanContext, plan: SetPlan, tag: string, at: Date): string {
  const suffix = crypto
    .randomBytes(6)
    .toString('base64url')
    .replace(/[-_]/g, 'x')
    .slice(0, 8)
    .toLowerCase();
  const dir = path.join(ctx.state.recoveryArea.path, 'backupset', isoDay(at));
  return path.join(dir, `o1_mf_${omfTypeCode(plan)}_${tag}_${suffix}_.bkp`);
}

export function pieceHandle(
  ctx: RmanContext,
  plan: SetPlan,
  options: PieceOptions,
  at: Date,
): string {
  const format = options.format ?? plan.channel.format;
  const values = {
    dbName: ctx.state.name,
    dbid: ctx.state.dbid,
    setCount: plan.setKey,
    pieceNo: plan.pieceNo,
    copyNo: 1,
    at,
    autobackupSeq: 0,
  };

  if (format) return expandFormat(format, values);
  if (plan.channel.device === 'SBT_TAPE') return expandFormat('%U', values);
  return omfHandle(ctx, plan, options.tag, at);
}

function compressPayload(plan: SetPlan): Buffer {
  const payload = plan.payload();
  return plan.compressed ? zlib.deflateSync(payload, { level: 1 }) : payload;
}

function mediaManagerFailure(plan: SetPlan, handle: string): RmanFailure {
  return new RmanFailure(
    channelFailureLines('backup', plan.channel.name, [
      `ORA-19506: failed to create sequential file, name="${handle}", parms=""`,
      'ORA-27028: skgfqcre: sbtbackup returned error',
      'ORA-19511: non RMAN, but media manager or vendor specific failure, error text:',
      '   Media server unreachable: connection to backup host refused (MM-1019)',
    ]),
  );
}

function createFileFailure(plan: SetPlan, file: string, exists: boolean): RmanFailure {
  const cause = exists
    ? ['ORA-27038: created file already exists', 'Additional information: 1']
    : [
        'ORA-27040: file create error, unable to create file',
        `${osErrorPrefix()} Error: 2: No such file or directory`,
        'Additional information: 1',
      ];
  return new RmanFailure(
    channelFailureLines('backup', plan.channel.name, [
      `ORA-19504: failed to create file "${file}"`,
      ...cause,
    ]),
  );
}

export function recoveryAreaFull(
  ctx: RmanContext,
  commandName: string,
  bytes: number,
): RmanFailure {
  return commandFailed(commandName, [
    'ORA-19809: limit exceeded for recovery files',
    `ORA-19804: cannot reclaim ${bytes} bytes disk space from ` +
      `${ctx.state.recoveryArea.limitBytes} limit`,
  ]);
}

function checkDiskDestination(
  ctx: RmanContext,
  plan: SetPlan,
  file: string,
  bytes: number,
  options: PieceOptions,
): void {
  const inRecoveryArea = file.startsWith(ctx.state.recoveryArea.path + path.sep);
  if (inRecoveryArea) fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(path.dirname(file))) throw createFileFailure(plan, file, false);
  if (fs.existsSync(file)) throw createFileFailure(plan, file, true);
  if (!inRecoveryArea) return;

  const used = recoveryAreaUsed(ctx.state).bytes;
  if (used + bytes > ctx.state.recoveryArea.limitBytes) {
    throw recoveryAreaFull(ctx, options.commandName, bytes);
  }
}

/** Where a piece's bytes go: the handle on disk, or the media manager's store for SBT. */
function pieceFile(ctx: RmanContext, plan: SetPlan, handle: string): string {
  if (plan.channel.device === 'SBT_TAPE') {
    return path.join(tapeLibraryDir(ctx.home), handle.replace(/[/\\:]/g, '_'));
  }
  return resolveDiskHandle(handle, ctx.home);
}

/** Writes one piece for real and records it; returns the `piece handle=` line. */
export function writePiece(ctx: RmanContext, plan: SetPlan, options: PieceOptions): string {
  const at = new Date();
  const handle = pieceHandle(ctx, plan, options, at);
  const file = pieceFile(ctx, plan, handle);
  const bytes = compressPayload(plan);

  if (plan.channel.device === 'SBT_TAPE') {
    if (ctx.faults.has('media-manager')) throw mediaManagerFailure(plan, handle);
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } else {
    checkDiskDestination(ctx, plan, file, bytes.length, options);
  }

  fs.writeFileSync(file, bytes);
  ctx.work.inputBytes += plan.sizeHint;
  ctx.work.outputBytes += bytes.length;
  recordPiece(ctx, plan, options.tag, {
    pieceNo: plan.pieceNo,
    handle: plan.channel.device === 'SBT_TAPE' ? handle : file,
    file,
    device: plan.channel.device,
    bytes: bytes.length,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    recid: nextRecid(ctx.state),
    stamp: oracleStamp(at),
    status: 'AVAILABLE',
  });

  const comment = plan.channel.device === 'SBT_TAPE' ? MEDIA_MANAGER_COMMENT : 'NONE';
  const shown = plan.channel.device === 'SBT_TAPE' ? handle : file;
  return `piece handle=${shown} tag=${options.tag} comment=${comment}`;
}

function recordPiece(ctx: RmanContext, plan: SetPlan, tag: string, piece: BackupPiece): void {
  let set = ctx.state.backupSets.find((s) => s.key === plan.setKey);

  if (!set) {
    set = {
      key: plan.setKey,
      kind: plan.kind,
      level: plan.level,
      cumulative: plan.cumulative,
      compressed: plan.compressed,
      tag,
      completedAt: new Date().toISOString(),
      elapsedSeconds: 0,
      datafiles: plan.record.datafiles,
      archivedLogs: plan.record.archivedLogs,
      includesControlfile: plan.record.includesControlfile,
      includesSpfile: plan.record.includesSpfile,
      autobackup: false,
      pieces: [],
    };
    ctx.state.backupSets.push(set);
  }

  set.pieces.push(piece);
  set.completedAt = new Date().toISOString();
}

export function newSetKey(ctx: RmanContext): number {
  const key = ctx.state.nextBackupSetKey;
  ctx.state.nextBackupSetKey += 1;
  return key;
}
