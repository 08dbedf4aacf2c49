import * as fs from 'node:fs';
import * as path from 'node:path';

import { controlFilePath } from '../common/oracle-home';

export type LogMode = 'ARCHIVELOG' | 'NOARCHIVELOG';
export type InstanceStatus = 'OPEN' | 'MOUNTED' | 'STARTED' | 'SHUTDOWN';

export const FAULT_KINDS = [
  'disk-full',
  'fra-full',
  'noarchivelog',
  'missing-archivelog',
  'insufficient-privileges',
  'killed-session',
  'slow-io',
  'media-manager',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  once: boolean;
}

export interface Datafile {
  fileNo: number;
  tablespace: string;
  path: string;
  blocks: number;
}

export interface Tablespace {
  name: string;
  contents: 'PERMANENT' | 'UNDO' | 'TEMPORARY';
  status: 'ONLINE' | 'OFFLINE' | 'READ ONLY';
}

export interface Table {
  owner: string;
  name: string;
  tablespace: string;
  rows: number;
  avgRowLen: number;
}

export interface ArchivedLog {
  thread: number;
  sequence: number;
  recid: number;
  stamp: number;
  path: string;
  firstScn: number;
  nextScn: number;
  completedAt: string;
  bytes: number;
  backupCount: number;
  /** A = available, X = expired (crosscheck found it missing), D = deleted. */
  status: 'A' | 'X' | 'D';
}

export interface BackupPiece {
  pieceNo: number;
  handle: string;
  /** Where the bytes are: the handle on DISK, the media manager's store for SBT. */
  file: string;
  device: 'DISK' | 'SBT_TAPE';
  bytes: number;
  sha256: string;
  recid: number;
  stamp: number;
  status: 'AVAILABLE' | 'EXPIRED';
}

export type BackupSetKind = 'datafile' | 'archivelog' | 'controlfile';

export interface BackupSet {
  key: number;
  kind: BackupSetKind;
  /** null for a full (non-incremental) backup. */
  level: 0 | 1 | null;
  cumulative: boolean;
  compressed: boolean;
  tag: string | null;
  completedAt: string;
  elapsedSeconds: number;
  datafiles: Array<{ fileNo: number; ckpScn: number; blocks: number }>;
  archivedLogs: number[];
  includesControlfile: boolean;
  includesSpfile: boolean;
  autobackup: boolean;
  pieces: BackupPiece[];
}

export interface SchedulerJob {
  owner: string;
  name: string;
  jobType: string;
  jobAction: string;
  numberOfArguments: number;
  arguments: string[];
  startDate: string | null;
  repeatInterval: string | null;
  enabled: boolean;
  autoDrop: boolean;
  comments: string | null;
  credentialName: string | null;
  jobClass: string;
  state: 'DISABLED' | 'SCHEDULED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'COMPLETED';
  runCount: number;
  failureCount: number;
  lastStartDate: string | null;
  lastRunDuration: string | null;
  nextRunDate: string | null;
  /** The planned time the last run was fired for: the scheduler never fires it twice. */
  lastPlannedRun: string | null;
  enabledAt: string | null;
  /** Positions given a value by SET_JOB_ARGUMENT_VALUE. */
  argumentsSet: number[];
}

export interface JobRunDetail {
  logId: number;
  owner: string;
  jobName: string;
  status: 'SUCCEEDED' | 'FAILED' | 'STOPPED';
  errorNo: number;
  plannedAt: string;
  actualStartDate: string;
  runDuration: string;
  output: string;
  errors: string;
}

export interface Credential {
  owner: string;
  name: string;
  username: string;
  windowsDomain?: string;
  enabled: boolean;
}

export interface DatabaseState {
  name: string;
  dbid: number;
  version: string;
  createdAt: string;
  resetlogsId: number;
  logMode: LogMode;
  instanceStatus: InstanceStatus;
  scn: number;
  currentSequence: number;
  nextRecid: number;
  blockSize: number;
  datafiles: Datafile[];
  tablespaces: Tablespace[];
  users: string[];
  tables: Table[];
  /** Per datafile, the SCN at which each changed block was last written. */
  blockScn: Record<string, Record<string, number>>;
  archivedLogs: ArchivedLog[];
  backupSets: BackupSet[];
  nextBackupSetKey: number;
  recoveryArea: { path: string; limitBytes: number };
  archiveDestination: string;
  /** CONFIGURE settings that differ from the default, by setting name. */
  rmanConfig: Record<string, string>;
  directories: Record<string, string>;
  dataPumpMasterTables: string[];
  schedulerJobs: SchedulerJob[];
  jobRunDetails: JobRunDetail[];
  credentials: Credential[];
  faults: Fault[];
  paceMs: number;
}

const LOCK_STALE_MS = 30_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquireLock(lockDir: string): void {
  const deadline = Date.now() + 20_000;

  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      breakStaleLock(lockDir);
      if (Date.now() > deadline) throw new Error(`control file enqueue timeout: ${lockDir}`);
      sleepSync(5);
    }
  }
}

function breakStaleLock(lockDir: string): void {
  try {
    const age = Date.now() - fs.statSync(lockDir).mtimeMs;
    if (age > LOCK_STALE_MS) fs.rmdirSync(lockDir);
  } catch {
    // the holder released it meanwhile
  }
}

export function loadState(home: string, sid: string): DatabaseState {
  return JSON.parse(fs.readFileSync(controlFilePath(home, sid), 'utf8')) as DatabaseState;
}

export function saveState(home: string, sid: string, state: DatabaseState): void {
  const file = controlFilePath(home, sid);
  const temp = `${file}.${process.pid}.tmp`;

  fs.writeFileSync(temp, JSON.stringify(state, null, 1));
  fs.renameSync(temp, file);
}

/** Read-modify-write of the control file under an enqueue, so tools may run side by side. */
export function updateState<T>(home: string, sid: string, change: (state: DatabaseState) => T): T {
  const lockDir = `${controlFilePath(home, sid)}.enq`;
  acquireLock(lockDir);

  try {
    const state = loadState(home, sid);
    const result = change(state);
    saveState(home, sid, state);
    return result;
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Takes the faults of this run: `once` faults are consumed. */
export function takeFaults(home: string, sid: string): Set<FaultKind> {
  return updateState(home, sid, (state) => {
    const kinds = new Set(state.faults.map((f) => f.kind));
    state.faults = state.faults.filter((f) => !f.once);
    return kinds;
  });
}

export function nextRecid(state: DatabaseState): number {
  state.nextRecid += 1;
  return state.nextRecid;
}

export function ensureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
}

export function ensureParent(file: string): void {
  ensureDir(path.dirname(file));
}

/** Bytes used in the recovery area: every file under it, as v$recovery_file_dest counts. */
export function recoveryAreaUsed(state: DatabaseState): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        bytes += fs.statSync(full).size;
        files += 1;
      }
    }
  };

  walk(state.recoveryArea.path);
  return { bytes, files };
}
