import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';

import { agentQueueName, backupRunJobSchema, JOB_NAMES } from '@rampart/contracts';

import type { AgentLogger } from '../agent-logger';
import type { BackupRunner } from '../runner/backup-runner';
import type { JobHandlers } from './job-handlers';
import { TargetLocks } from './target-locks';

export interface AgentWorkerOptions {
  agentId: string;
  redisUrl: string;
  queuePrefix: string;
  concurrency: number;
}

/**
 * Takes jobs from this agent's own queue only. A job whose agent died mid-run is not run
 * again (maxStalledCount 0): a backup must never run twice behind the DBA's back.
 */
export class AgentWorker {
  private worker: Worker | null = null;
  private readonly locks = new TargetLocks();

  private readonly handlers: JobHandlers;

  constructor(
    private readonly options: AgentWorkerOptions,
    private readonly runner: BackupRunner,
    private readonly log: AgentLogger,
    extraHandlers: JobHandlers = {},
  ) {
    this.handlers = { [JOB_NAMES.backupRun]: (job) => this.backup(job), ...extraHandlers };
  }

  start(): void {
    const connection = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    connection.on('error', (error) => this.log.warn('redis error', { error: error.message }));

    this.worker = new Worker(agentQueueName(this.options.agentId), (job) => this.process(job), {
      connection,
      prefix: this.options.queuePrefix,
      concurrency: this.options.concurrency,
      maxStalledCount: 0,
      autorun: true,
    });
    this.worker.on('error', (error) => this.log.warn('worker error', { error: error.message }));
  }

  /** Stops taking jobs and waits for those in hand (or not, when `force`). */
  async stop(force = false): Promise<void> {
    await this.worker?.close(force);
  }

  private async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name];
    if (!handler) {
      throw new UnrecoverableError(`this agent does not handle ${job.name} jobs`);
    }
    return handler(job);
  }

  private async backup(job: Job): Promise<unknown> {
    const parsed = backupRunJobSchema.safeParse(job.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UnrecoverableError(`invalid job: ${issue?.path.join('.')} ${issue?.message}`);
    }

    const run = parsed.data;
    const state = await this.locks.withTarget(run.target.targetId, () => this.runner.run(run));
    return { state };
  }
}
