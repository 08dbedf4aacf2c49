import * as path from 'node:path';

import { oracleStamp, yyyymmdd } from '../common/oracle-date';

const BASE32 = '0123456789abcdefghijklmnopqrstuv';

export interface HandleValues {
  dbName: string;
  dbid: number;
  setCount: number;
  pieceNo: number;
  copyNo: number;
  at: Date;
  /** Autobackup sequence of the day, for %F. */
  autobackupSeq: number;
  tablespace?: string;
  sequence?: number;
}

function base32(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i += 1) {
    out = BASE32[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** `%u`: eight characters from the backup set count and its creation time. */
export function uniqueName(setCount: number, at: Date): string {
  return base32(setCount % 1024, 2) + base32(oracleStamp(at) % 32 ** 6, 6);
}

export function autobackupName(dbid: number, at: Date, seq: number): string {
  return `c-${dbid}-${yyyymmdd(at)}-${seq.toString(16).padStart(2, '0')}`;
}

/** Expands RMAN FORMAT substitution variables (%U %u %d %T %s %p %c %t %F %I %N %e %%). */
export function expandFormat(format: string, v: HandleValues): string {
  const u = uniqueName(v.setCount, v.at);
  const table: Record<string, string> = {
    U: `${u}_${v.pieceNo}_${v.copyNo}`,
    u,
    d: v.dbName,
    n: v.dbName.padEnd(8, 'X'),
    T: yyyymmdd(v.at),
    s: String(v.setCount),
    p: String(v.pieceNo),
    c: String(v.copyNo),
    t: String(oracleStamp(v.at)),
    F: autobackupName(v.dbid, v.at, v.autobackupSeq),
    I: String(v.dbid),
    N: v.tablespace ?? 'TSPITR',
    e: String(v.sequence ?? 0),
    '%': '%',
  };

  return format.replace(/%(.)/g, (whole, key: string) => table[key] ?? whole);
}

/** A relative FORMAT lands in ORACLE_HOME/dbs, as on a real server. */
export function resolveDiskHandle(handle: string, home: string): string {
  return path.isAbsolute(handle) ? handle : path.join(home, 'dbs', handle);
}
