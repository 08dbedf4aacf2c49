import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

import {
  agentQueueName,
  type BackupRunJob,
  BULLMQ_PRIORITY,
  JOB_NAMES,
  type Priority,
} from '@rampart/contracts';

import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { REDIS } from '../redis.provider';

/** Puts work on an agent's own BullMQ queue. Payloads never carry a secret. */
@Injectable()
export class RunDispatcher implements OnModuleDestroy {
  private readonly logger = new Logger(RunDispatcher.name);
  private readonly queues = new Map<string, Queue>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  async dispatchBackup(agentId: string, job: BackupRunJob, priority: Priority): Promise<void> {
    await this.queue(agentId).add(JOB_NAMES.backupRun, job, {
      jobId: job.runId,
      priority: BULLMQ_PRIORITY[priority],
      attempts: 1,
      removeOnComplete: { age: 7 * 86_400, count: 1000 },
      removeOnFail: { age: 30 * 86_400 },
    });

    this.logger.log({
      msg: 'queued backup run',
      runId: job.runId,
      target: job.target.name,
      agentId,
      priority,
    });
  }

  /** Removes a run that no agent has picked up yet; false when it already started. */
  async withdraw(agentId: string, runId: string): Promise<boolean> {
    const job = await this.queue(agentId).getJob(runId);
    if (!job) return false;

    const state = await job.getState();
    if (state !== 'waiting' && state !== 'prioritized' && state !== 'delayed') return false;
    await job.remove();
    return true;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  private queue(agentId: string): Queue {
    let queue = this.queues.get(agentId);
    if (!queue) {
      queue = new Queue(agentQueueName(agentId), {
        connection: this.redis.duplicate(),
        prefix: this.config.queuePrefix,
      });
      this.queues.set(agentId, queue);
    }
    return queue;
  }
}
