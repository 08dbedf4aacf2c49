import * as fs from 'node:fs';

import { killedSessionsPath, longopsPath, sessionsPath } from '../common/oracle-home';
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
  /** The RMAN process holding the session: v$session lists the sessions still alive. */
  pid?: number;
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

export function sessionKey(sid: number, serial: number): string {
  return `${sid},${serial}`;
}

/** A session killed by ALTER SYSTEM KILL SESSION, with the process that held it. */
export interface KilledSession {
  sid: number;
  serial: number;
  pid: number;
}

export function readKilledSessions(home: string, sid: string): KilledSession[] {
  try {
    return JSON.parse(fs.readFileSync(killedSessionsPath(home, sid), 'utf8')) as KilledSession[];
  } catch {
    return [];
  }
}

export function recordKilledSession(home: string, sid: string, killed: KilledSession): void {
  const file = killedSessionsPath(home, sid);
  const kept = readKilledSessions(home, sid).filter((k) => isAlive(k.pid));
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify([...kept, killed]));
  fs.renameSync(temp, file);
}

/** One channel session of a running RMAN, as v$session shows it. */
export interface RmanSessionRow {
  sid: number;
  serial: number;
  clientInfo: string;
  pid: number;
}

/** The sessions of RMAN processes still running, as v$session shows them. */
export function liveSessions(home: string, sid: string): RmanSessionRow[] {
  try {
    const rows = JSON.parse(fs.readFileSync(sessionsPath(home, sid), 'utf8')) as RmanSessionRow[];
    return rows.filter((row) => isAlive(row.pid));
  } catch {
    return [];
  }
}

/**
 * Publishes this RMAN's channel sessions: CLIENT_INFO is `rman channel=NAME`, prefixed with
 * `id=…,` once SET COMMAND ID has run, as Oracle shows it.
 */
export function publishSessions(ctx: RmanContext): void {
  const own = [...ctx.allocated, ...ctx.automatic].map((channel) => {
    const channelInfo = `rman channel=${channel.name}`;
    return {
      sid: channel.sid,
      serial: serialOf(channel.sid),
      clientInfo: ctx.commandId ? `id=${ctx.commandId},${channelInfo}` : channelInfo,
      pid: process.pid,
    };
  });
  for (const row of own) ctx.sessions.add(sessionKey(row.sid, row.serial));

  const file = sessionsPath(ctx.home, ctx.sid);
  const others = liveSessions(ctx.home, ctx.sid).filter((row) => row.pid !== process.pid);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify([...others, ...own]));
  fs.renameSync(temp, file);
}

export function serialOf(sid: number): number {
  return 1000 + (sid % 50000);
}

/** True once one of this RMAN's sessions has been killed from another session. */
export function ownSessionKilled(ctx: RmanContext): boolean {
  if (ctx.sessions.size === 0) return false;
  return readKilledSessions(ctx.home, ctx.sid).some(
    (k) => k.pid === process.pid && ctx.sessions.has(sessionKey(k.sid, k.serial)),
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
      serial: serialOf(sid),
      opname,
      target: null,
      sofar: 0,
      totalwork,
      units: 'Blocks',
      startTime: now,
      lastUpdateTime: now,
      message: '',
      clientInfo: ctx.commandId ? `id=${ctx.commandId}` : null,
      pid: process.pid,
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
