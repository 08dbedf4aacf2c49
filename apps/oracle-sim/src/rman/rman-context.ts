import { DatabaseState, FaultKind, updateState } from '../database/database-state';
import { DeviceType } from './rman-commands';
import { ownSessionKilled } from './longops';
import { RmanCancelled, RmanSessionKilled } from './rman-errors';
import { RmanOutput } from './rman-output';

export interface Channel {
  name: string;
  device: DeviceType;
  format: string | null;
  parms: string | null;
  maxPieceSizeBytes: number | null;
  sid: number;
  automatic: boolean;
}

/** Everything a command needs while it runs in one RMAN session. */
export interface RmanContext {
  home: string;
  sid: string;
  out: RmanOutput;
  state: DatabaseState;
  faults: Set<FaultKind>;
  paceMs: number;
  /** Channels allocated by ALLOCATE in the current RUN block. */
  allocated: Channel[];
  /** Channels RMAN allocated itself from the configuration; kept for the session. */
  automatic: Channel[];
  inRun: boolean;
  repositoryAnnounced: boolean;
  commandId: string | null;
  cancelRequested: boolean;
  /** `sid,serial` of the sessions this RMAN has shown in v$session. */
  sessions: Set<string>;
  /** Bytes read from datafiles and logs, and written to pieces, by this session. */
  work: { inputBytes: number; outputBytes: number };
  /** The kind of backup set a fault of this command hits. */
  faultTarget?: string;
}

/** Fields of the control file that RMAN changes; everything else belongs to other tools. */
const RMAN_FIELDS = [
  'archivedLogs',
  'backupSets',
  'nextBackupSetKey',
  'nextRecid',
  'scn',
  'currentSequence',
  'rmanConfig',
] as const;

/** Writes RMAN's changes to the control file, keeping what other tools changed meanwhile. */
export function commitRmanChanges(ctx: RmanContext): void {
  updateState(ctx.home, ctx.sid, (fresh) => {
    for (const field of RMAN_FIELDS) {
      (fresh as unknown as Record<string, unknown>)[field] = ctx.state[field];
    }
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One step of work on a channel: takes the pace, and notices a Ctrl-C. */
export async function step(ctx: RmanContext, factor = 1): Promise<void> {
  const slow = ctx.faults.has('slow-io') ? Math.max(10 * ctx.paceMs, 200) : ctx.paceMs;
  const until = Date.now() + slow * factor;

  while (Date.now() < until) {
    checkInterrupted(ctx);
    await sleep(Math.min(25, until - Date.now()));
  }
  checkInterrupted(ctx);
}

function checkInterrupted(ctx: RmanContext): void {
  if (ctx.cancelRequested) throw new RmanCancelled();
  if (ownSessionKilled(ctx)) throw new RmanSessionKilled();
}

export function configuredValue(ctx: RmanContext, setting: string): string | null {
  return ctx.state.rmanConfig[setting] ?? null;
}

export function controlfileAutobackupOn(ctx: RmanContext): boolean {
  const text = configuredValue(ctx, 'CONTROLFILE AUTOBACKUP');
  return !text || !/\bOFF\b/.test(text);
}

export function randomSid(): number {
  return 10 + Math.floor(Math.random() * 1590);
}
