import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { oracleStamp, yyyymmdd } from '../common/oracle-date';
import { controlFilePath, dbsDir, tapeLibraryDir } from '../common/oracle-home';
import { nextRecid, recoveryAreaUsed } from '../database/database-state';
import { MEDIA_MANAGER_COMMENT } from './channels';
import { newSetKey, recoveryAreaFull } from './backup-pieces';
import { autobackupName, expandFormat, resolveDiskHandle } from './format-handle';
import { configuredValue, RmanContext, step } from './rman-context';
import { DeviceType } from './rman-commands';

function autobackupSequence(ctx: RmanContext, at: Date): number {
  const prefix = `c-${ctx.state.dbid}-${yyyymmdd(at)}-`;
  return ctx.state.backupSets.filter(
    (set) => set.autobackup && set.pieces.some((p) => path.basename(p.handle).startsWith(prefix)),
  ).length;
}

function autobackupHandle(ctx: RmanContext, device: DeviceType, at: Date): string {
  const seq = autobackupSequence(ctx, at);
  if (device === 'SBT_TAPE') return autobackupName(ctx.state.dbid, at, seq);

  const configured = configuredValue(ctx, 'CONTROLFILE AUTOBACKUP FORMAT FOR DEVICE TYPE DISK');
  const format = /TO '([^']*)'/.exec(configured ?? '')?.[1];
  const values = {
    dbName: ctx.state.name,
    dbid: ctx.state.dbid,
    setCount: ctx.state.nextBackupSetKey,
    pieceNo: 1,
    copyNo: 1,
    at,
    autobackupSeq: seq,
  };
  if (format && format !== '%F') return resolveDiskHandle(expandFormat(format, values), ctx.home);

  // TODO: a real 19c database with a recovery area writes an OMF name here (o1_mf_s_…);
  // the simulator keeps the %F name in the recovery area's autobackup folder.
  const dir = path.join(ctx.state.recoveryArea.path, 'autobackup');
  return path.join(dir, autobackupName(ctx.state.dbid, at, seq));
}

function controlfileImage(ctx: RmanContext): Buffer {
  const control = fs.readFileSync(controlFilePath(ctx.home, ctx.sid));
  const spfile = path.join(dbsDir(ctx.home), `spfile${ctx.state.name}.ora`);
  const parameters = fs.existsSync(spfile) ? fs.readFileSync(spfile) : Buffer.alloc(0);
  return Buffer.concat([control, Buffer.from('\n'), parameters]);
}

/** `Starting Control File and SPFILE Autobackup at …` with its piece. */
export async function controlfileAutobackup(
  ctx: RmanContext,
  device: DeviceType,
  commandName: string,
): Promise<void> {
  const at = new Date();
  const handle = autobackupHandle(ctx, device, at);
  const file = device === 'SBT_TAPE' ? path.join(tapeLibraryDir(ctx.home), handle) : handle;
  const bytes = controlfileImage(ctx);

  ctx.out.line(`Starting Control File and SPFILE Autobackup at ${ctx.out.date(at)}`);
  await step(ctx);
  if (device === 'DISK' && file.startsWith(ctx.state.recoveryArea.path)) {
    const used = recoveryAreaUsed(ctx.state).bytes;
    if (used + bytes.length > ctx.state.recoveryArea.limitBytes) {
      throw recoveryAreaFull(ctx, commandName, bytes.length);
    }
  }

  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  ctx.work.outputBytes += bytes.length;
  ctx.state.backupSets.push({
    key: newSetKey(ctx),
    kind: 'controlfile',
    level: null,
    cumulative: false,
    compressed: false,
    tag: `TAG${yyyymmdd(at)}T${at.toTimeString().slice(0, 8).replace(/:/g, '')}`,
    completedAt: at.toISOString(),
    elapsedSeconds: 1,
    datafiles: [],
    archivedLogs: [],
    includesControlfile: true,
    includesSpfile: true,
    autobackup: true,
    pieces: [
      {
        pieceNo: 1,
        handle,
        file,
        device: device,
        bytes: bytes.length,
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        recid: nextRecid(ctx.state),
        stamp: oracleStamp(at),
        status: 'AVAILABLE',
      },
    ],
  });

  const comment = device === 'SBT_TAPE' ? MEDIA_MANAGER_COMMENT : 'NONE';
  ctx.out.line(`piece handle=${handle} comment=${comment}`);
  ctx.out.line(`Finished Control File and SPFILE Autobackup at ${ctx.out.date()}`);
}
