import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const APP = path.resolve(__dirname, '..');
const MAIN = path.join(APP, 'dist', 'main.js');

/** Builds the simulator once if the tests run before `tsc -p apps/oracle-sim/tsconfig.app.json`. */
export function ensureBuilt(): void {
  if (fs.existsSync(MAIN)) return;
  const root = path.resolve(APP, '..', '..');
  execFileSync(process.execPath, [
    path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    path.join(APP, 'tsconfig.app.json'),
  ]);
}

export interface ToolRun {
  stdout: string;
  stderr: string;
  status: number | null;
  ms: number;
}

/** A fresh ORACLE_HOME in a temp dir, driven only through its bin/ wrappers and the CLI. */
export class SimHost {
  readonly root: string;
  readonly home: string;

  constructor(readonly sid = 'DEMO') {
    ensureBuilt();
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-sim-'));
    this.home = path.join(this.root, 'oh');
  }

  cli(...args: string[]): string {
    return execFileSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  }

  create(...extra: string[]): string {
    return this.cli(
      'create',
      '--home',
      this.home,
      '--sid',
      this.sid,
      '--datafile-mb',
      '1',
      '--pace-ms',
      '2',
      ...extra,
    );
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ORACLE_HOME: this.home,
      ORACLE_SID: this.sid,
      NLS_DATE_FORMAT: 'YYYY-MM-DD HH24:MI:SS',
      NLS_LANG: 'AMERICAN_AMERICA.AL32UTF8',
    };
  }

  tool(name: 'rman' | 'sqlplus' | 'expdp', args: string[], input = ''): ToolRun {
    const started = Date.now();
    const result = spawnSync(path.join(this.home, 'bin', name), args, {
      env: this.env(),
      input,
      encoding: 'utf8',
    });
    return {
      stdout: result.stdout,
      stderr: result.stderr,
      status: result.status,
      ms: Date.now() - started,
    };
  }

  /** `rman target / cmdfile=F`, as the agent runs it. */
  rman(script: string): ToolRun {
    const file = path.join(
      this.root,
      `script-${Date.now()}-${Math.random().toString(36).slice(2)}.rman`,
    );
    fs.writeFileSync(file, script);
    return this.tool('rman', ['target', '/', `cmdfile=${file}`]);
  }

  /** Starts RMAN and returns the child, for signals. */
  spawnRman(script: string): ReturnType<typeof spawn> {
    const file = path.join(this.root, 'spawned.rman');
    fs.writeFileSync(file, script);
    return spawn(path.join(this.home, 'bin', 'rman'), ['target', '/', `cmdfile=${file}`], {
      env: this.env(),
    });
  }

  sqlplus(script: string): ToolRun {
    return this.tool('sqlplus', ['-S', '-L', '/ as sysdba'], script);
  }

  inspect(): InspectReport {
    return JSON.parse(
      this.cli('inspect', '--home', this.home, '--sid', this.sid, '--json'),
    ) as InspectReport;
  }

  dir(name: string): string {
    const dir = path.join(this.root, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

export interface InspectReport {
  name: string;
  dbid: number;
  logMode: string;
  archivedLogs: Array<{
    sequence: number;
    path: string;
    status: string;
    onDisk: boolean;
    backupCount: number;
  }>;
  backups: Array<{
    key: number;
    kind: string;
    level: number | null;
    cumulative: boolean;
    tag: string;
    autobackup: boolean;
    pieces: Array<{
      handle: string;
      file: string;
      bytes: number;
      sha256: string;
      status: string;
      device: string;
    }>;
  }>;
  schedulerJobs: Array<{
    name: string;
    enabled: boolean;
    state: string;
    arguments: string[];
    runCount: number;
  }>;
  jobRuns: Array<{ jobName: string; status: string; output: string }>;
  recoveryArea: { usedBytes: number; limitBytes: number };
}

export function handlesOf(log: string): string[] {
  return [...log.matchAll(/^piece handle=(.+?)(?: tag=| comment=)/gm)].map((m) => m[1]);
}
