import * as fs from 'node:fs';

import { longopsPath } from '../common/oracle-home';
import { RmanContext } from './rman-context';

/** One row of v$session_longops. */
export interface LongopsRow {
  sid: number;
  serial: number;
  opname: string;
  target: string | null;
  sofar: number;
  totalwork: number;
  units: string;
  startTime: string;
  lastUpdateTime: string;
  message: string;
  clientInfo: string | null;
}

export function readLongops(home: string, sid: string): LongopsRow[] {
  try {
    return JSON.parse(fs.readFileSync(longopsPath(home, sid), 'utf8')) as LongopsRow[];
  } catch {
    return [];
  }
}

function writeLongops(ctx: RmanContext, rows: LongopsRow[]): void {
  const file = longopsPath(ctx.home, ctx.sid);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(rows));
  fs.renameSync(temp, file);
}

/** Progress of one RMAN operation, published for `v$session_longops` as it goes. */
export class LongOperation {
  private readonly row: LongopsRow;

  constructor(
    private readonly ctx: RmanContext,
    opname: string,
    totalwork: number,
    sid: number,
  ) {
    const now = new Date().toISOString();
    this.row = {
      sid,
      serial: 1000 + (sid % 50000),
      opname,
      target: null,
      sofar: 0,
      totalwork,
      units: 'Blocks',
      startTime: now,
      lastUpdateTime: now,
      message: '',
      clientInfo: ctx.commandId ? `id=${ctx.commandId}` : null,
    };
    this.publish();
  }

  advance(blocks: number): void {
    this.row.sofar = Math.min(this.row.totalwork, this.row.sofar + blocks);
    this.publish();
  }

  finish(): void {
    this.row.sofar = this.row.totalwork;
    this.publish();
  }

  private publish(): void {
    this.row.lastUpdateTime = new Date().toISOString();
    this.row.message =
      `${this.row.opname}: : ${this.row.sofar} out of ${this.row.totalwork} ` +
      `${this.row.units} done`;
    const others = readLongops(this.ctx.home, this.ctx.sid).filter(
      (r) =>
        !(
          r.sid === this.row.sid &&
          r.opname === this.row.opname &&
          r.startTime === this.row.startTime
        ),
    );
    writeLongops(this.ctx, [...others.slice(-50), { ...this.row }]);
  }
}
