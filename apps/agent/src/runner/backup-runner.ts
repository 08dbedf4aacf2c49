import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  type BackupRunJob,
  type TargetConnection,
  type RunState,
  runStateForVerdict,
  type RunVerdict,
} from '@rampart/contracts';
import {
  ExpdpLogParser,
  renderStrategy,
  type RenderedWork,
  RmanLogParser,
  StrategyRefused,
} from '@rampart/rman';

import type { AgentLogger } from '../agent-logger';
import { ArchivelogMemory } from '../oracle/archivelog-memory';
import { openOracleSession } from '../oracle/oracle-session';
import { oracleEnvironment } from '../oracle/sqlplus-session';
import type { Outbox } from '../outbox/outbox';
import { type HostPlatform, oracleBinary } from '../platform/platform-paths';
import { type RunningChild, startChild } from './child-process-runner';

const PROGRESS_STEP = 2;

interface PreparedRun {
  work: RenderedWork;
  logMode: 'ARCHIVELOG' | 'NOARCHIVELOG' | null;
}

/** Cancels asked for runs this agent has not started yet (waiting for their target). */
const REMEMBERED_CANCELS = 1000;

export interface BackupRunnerOptions {
  platform: HostPlatform;
  dataDir: string;
  cancelGraceMs: number;
  /** Opens the sealed password of a password target, for the log-mode query. */
  sealKey: string;
  /**
   * How a cancel interrupts the tool before terminating it: `signal` (SIGINT, RMAN's Ctrl-C)
   * or `session-kill` (ALTER SYSTEM KILL SESSION on the sessions of the run's SET COMMAND ID).
   * Windows, which has no SIGINT for a child, uses the database; the default follows the
   * platform.
   */
  interruptBy?: 'signal' | 'session-kill';
}

/**
 * Carries out one backup run on this host: renders the strategy, runs RMAN or Data Pump as a
 * child process, records every output line, and reports the verdict of the output parser.
 */
export class BackupRunner {
  private readonly running = new Map<string, RunningChild>();
  private readonly cancelsBeforeStart = new Set<string>();
  private readonly archivelogMemory = new ArchivelogMemory();
  /** The target of each running run, for an interrupt through the database. */
  private readonly targets = new Map<string, TargetConnection>();

  constructor(
    private readonly options: BackupRunnerOptions,
    private readonly outbox: Outbox,
    private readonly log: AgentLogger,
  ) {}

  runningRunIds(): string[] {
    return [...this.running.keys()];
  }

  /**
   * Interrupts the run's tool (RMAN takes SIGINT as a user cancel), then terminates it after
   * the grace period; the run ends `cancelled`. A run not started yet ends so when it starts.
   */
  cancel(runId: string): boolean {
    const child = this.running.get(runId);
    if (child) {
      this.interrupt(runId, child);
      return true;
    }

    this.cancelsBeforeStart.add(runId);
    if (this.cancelsBeforeStart.size > REMEMBERED_CANCELS) {
      const oldest = this.cancelsBeforeStart.values().next().value as string;
      this.cancelsBeforeStart.delete(oldest);
    }
    return false;
  }

  cancelAll(): void {
    for (const runId of this.running.keys()) this.cancel(runId);
  }

  async run(job: BackupRunJob): Promise<RunState> {
    const log = this.log.child({ runId: job.runId, target: job.target.name });
    if (this.cancelsBeforeStart.delete(job.runId)) {
      log.info('run cancelled before it started');
      this.finish(job.runId, 'cancelled', 'cancelled from the console before it started');
      return 'cancelled';
    }

    const workDir = join(this.options.dataDir, 'runs', job.runId);
    mkdirSync(workDir, { recursive: true, mode: 0o700 });

    try {
      const prepared = await this.prepare(job, workDir, log);
      if (!prepared) return 'failed';
      return await this.execute(job, prepared, workDir, log);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  private async prepare(job: BackupRunJob, workDir: string, log: AgentLogger) {
    const home = this.oracleHome(job);
    if (!home) {
      this.finish(job.runId, 'failed', 'the target has no ORACLE_HOME: set it in the console');
      return null;
    }

    const logMode =
      this.archivelogMemory.recall(home) ??
      (await this.readLogMode(job, workDir).catch((error) => {
        log.warn('could not read the log mode before the run', { error: String(error) });
        return null;
      }));
    this.archivelogMemory.record(home, logMode);

    try {
      // Only an admin can save a custom script in the console; the agent runs what the console
      // admitted, and the script still passes the checks that apply (no HOST, no CONNECT, …).
      const work = renderStrategy(job.strategy, {
        runId: job.runId,
        logMode,
        hasLevel0: null,
        isAdmin: job.strategy.type === 'custom',
      });
      for (const warning of work.warnings) {
        this.agentLine(job.runId, `warning ${warning.code} (${warning.field}): ${warning.message}`);
      }
      return { work, logMode };
    } catch (error) {
      const message = error instanceof StrategyRefused ? error.message : String(error);
      log.warn('strategy refused before running', { message });
      this.finish(job.runId, 'failed', message);
      return null;
    }
  }

  private interrupt(runId: string, child: RunningChild): void {
    const platformDefault = this.options.platform === 'windows' ? 'session-kill' : 'signal';
    const byDatabase = (this.options.interruptBy ?? platformDefault) === 'session-kill';
    child.cancel(this.options.cancelGraceMs, { signal: !byDatabase });

    const target = this.targets.get(runId);
    if (!byDatabase || !target) return;
    this.killSessions(runId, target).catch((error: unknown) =>
      this.log.warn('could not kill the run sessions: the tool is terminated after the grace', {
        runId,
        error: String(error),
      }),
    );
  }

  /**
   * ALTER SYSTEM KILL SESSION on the sessions whose CLIENT_INFO carries the run's SET COMMAND
   * ID: RMAN fails its channels with ORA-00028 and stops, as it does for a DBA's kill.
   */
  private async killSessions(runId: string, target: TargetConnection): Promise<void> {
    const commandId = commandIdOf(runId);
    if (!commandId) return;

    const session = this.session(target, join(this.options.dataDir, 'runs', runId));
    const { sessions } = await session.query({
      sessions: `SELECT sid, serial# FROM v$session WHERE client_info LIKE 'id=${commandId}%';`,
    });
    const kills = sessions
      .filter(([sid, serial]) => /^\d+$/.test(sid ?? '') && /^\d+$/.test(serial ?? ''))
      .map(([sid, serial]) => `ALTER SYSTEM KILL SESSION '${sid},${serial}' IMMEDIATE;`);
    if (kills.length > 0) await session.script(kills);
    this.log.info('killed the run sessions in the database', { runId, sessions: kills.length });
  }

  /**
   * The bytes the run wrote, as the database recorded them (V$RMAN_BACKUP_JOB_DETAILS for the
   * run's SET COMMAND ID) when the log did not list them. Best effort: a run's verdict never
   * waits on it failing.
   */
  private async withWrittenBytes(
    job: BackupRunJob,
    verdict: RunVerdict,
    workDir: string,
  ): Promise<RunVerdict> {
    const commandId = commandIdOf(job.runId);
    if (verdict.bytes !== null || !commandId) return verdict;

    try {
      const { jobs } = await this.session(job.target, workDir).query({
        jobs:
          'SELECT output_bytes FROM v$rman_backup_job_details ' +
          `WHERE command_id = '${commandId}';`,
      });
      const written = jobs.map(([bytes]) => Number(bytes)).filter((b) => Number.isFinite(b));
      if (written.length === 0) return verdict;
      return { ...verdict, bytes: written.reduce((sum, b) => sum + b, 0) };
    } catch (error) {
      this.log.warn('could not read the bytes the run wrote', {
        runId: job.runId,
        error: String(error),
      });
      return verdict;
    }
  }

  /** The target's own access: SQL*Plus on the host, or Oracle Net with a sealed password. */
  private session(target: TargetConnection, workDir: string) {
    const { platform, sealKey } = this.options;
    return openOracleSession({ platform, workDir, sealKey }, target);
  }

  /** Through the target's own access: SQL*Plus on the host, or Oracle Net with a password. */
  private async readLogMode(
    job: BackupRunJob,
    workDir: string,
  ): Promise<'ARCHIVELOG' | 'NOARCHIVELOG'> {
    const { database } = await this.session(job.target, workDir).query({
      database: 'SELECT log_mode FROM v$database;',
    });

    const mode = database[0]?.[0];
    if (mode !== 'ARCHIVELOG' && mode !== 'NOARCHIVELOG') {
      throw new Error(`unexpected log mode answer: ${JSON.stringify(database)}`);
    }
    return mode;
  }

  private async execute(
    job: BackupRunJob,
    { work, logMode }: PreparedRun,
    workDir: string,
    log: AgentLogger,
  ): Promise<RunState> {
    const home = this.oracleHome(job) as { oracleHome: string; oracleSid: string | null };
    const scriptFile = join(workDir, work.fileName);
    writeFileSync(scriptFile, work.script, { mode: 0o600 });

    const parser = work.tool === 'rman' ? new RmanLogParser() : new ExpdpLogParser();
    let lastPercent = 0;
    this.outbox.append(job.runId, {
      kind: 'state',
      ts: now(),
      state: 'running',
      script: work.script,
      ...(logMode ? { logMode } : {}),
    });
    log.info('started run', { tool: work.tool });

    const child = startChild(
      {
        command: oracleBinary(this.options.platform, home.oracleHome, work.tool),
        args: toolArguments(work.tool, scriptFile),
        env: oracleEnvironment(this.options.platform, home, work.env),
        cwd: workDir,
        onLine: (stream, text) => {
          parser.feed(text);
          this.outbox.append(job.runId, { kind: 'log', ts: now(), stream, text: fitLine(text) });
          const percent = parser.progress.percent;
          if (percent !== null && percent >= lastPercent + PROGRESS_STEP && percent < 100) {
            lastPercent = percent;
            this.outbox.append(job.runId, { kind: 'progress', ts: now(), percent });
          }
        },
      },
      this.options.platform,
    );
    this.running.set(job.runId, child);
    this.targets.set(job.runId, job.target);
    if (this.cancelsBeforeStart.delete(job.runId)) this.interrupt(job.runId, child);

    const outcome = await child.done.finally(() => {
      this.running.delete(job.runId);
      this.targets.delete(job.runId);
    });
    if (outcome.startError) {
      const message = `could not start ${work.tool}: ${outcome.startError}; check ORACLE_HOME`;
      this.finish(job.runId, 'failed', message);
      return 'failed';
    }

    const parsed: RunVerdict = parser.result(outcome.exitCode);
    const verdict =
      work.tool === 'rman' ? await this.withWrittenBytes(job, parsed, workDir) : parsed;
    const state: RunState = outcome.cancelled ? 'cancelled' : runStateForVerdict(verdict);
    // A failure may come from a log mode changed since it was remembered: ask next time.
    if (state === 'failed') this.archivelogMemory.record(home, null);
    this.finish(job.runId, state, undefined, verdict);
    log.info('finished run', { state, exitCode: outcome.exitCode });
    return state;
  }

  /** The final state event: with a verdict, the console derives the state from it. */
  private finish(runId: string, state: RunState, message?: string, verdict?: RunVerdict): void {
    if (message) this.agentLine(runId, message);
    this.outbox.append(runId, {
      kind: 'state',
      ts: now(),
      state,
      ...(verdict && state !== 'cancelled' ? { verdict: pickVerdict(verdict) } : {}),
      ...(message ? { message: message.slice(0, 4000) } : {}),
    });
  }

  private agentLine(runId: string, text: string): void {
    this.outbox.append(runId, { kind: 'log', ts: now(), stream: 'agent', text });
  }

  private oracleHome(job: BackupRunJob) {
    if (!job.target.oracleHome) return null;
    return { oracleHome: job.target.oracleHome, oracleSid: job.target.oracleSid };
  }
}

/** Exactly what Oracle's tools take, as an argument array: never a shell command line. */
export function toolArguments(tool: 'rman' | 'expdp', scriptFile: string): string[] {
  return tool === 'rman'
    ? ['target', '/', `cmdfile=${scriptFile}`]
    : ['"/ as sysdba"', `parfile=${scriptFile}`];
}

/** Only the contract's fields travel: parsers may know more than the console stores. */
function pickVerdict(v: RunVerdict): RunVerdict {
  return {
    status: v.status,
    errorCodes: v.errorCodes,
    warningCodes: v.warningCodes,
    primaryError: v.primaryError,
    pieces: v.pieces,
    handles: v.handles,
    tags: v.tags,
    bytes: v.bytes,
    partialOutput: v.partialOutput,
  };
}

/** The longest line the console stores; a longer one keeps its start and says it was cut. */
const MAX_LINE = 8000;

export function fitLine(text: string): string {
  return text.length <= MAX_LINE ? text : `${text.slice(0, MAX_LINE - 20)} … [line cut]`;
}

function now(): string {
  return new Date().toISOString();
}

/**
 * The SET COMMAND ID the rendered script gives a run (`rampart-<run id>`), which Oracle shows
 * in V$SESSION.CLIENT_INFO and V$RMAN_BACKUP_JOB_DETAILS; null for a run id that is not a
 * uuid, so nothing else ever reaches the SQL built from it.
 */
function commandIdOf(runId: string): string | null {
  return /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(runId) ? `rampart-${runId}` : null;
}
