import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { REDIS } from '../redis.provider';

export const NOTIFICATION_QUEUE = 'notifications';

export type NotificationJob =
  | { name: 'send'; data: { notificationId: string } }
  | { name: 'digest'; data: { ruleId: string } }
  | { name: 'sweep'; data: Record<string, never> };

const DIGEST_PREFIX = 'digest-';
const SWEEP_EVERY_MS = 60_000;

/**
 * The BullMQ side of notifications: a `send` job per message (its id is the message's id, so
 * adding it twice is harmless), a job scheduler per digest rule, and a sweep every minute.
 * Job data holds ids only: never a password, never an address list.
 */
@Injectable()
export class NotificationQueue implements OnModuleDestroy {
  readonly queue: Queue;
  private worker: Worker | null = null;
  private readonly connections: Redis[] = [];

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {
    this.queue = new Queue(NOTIFICATION_QUEUE, this.options());
  }

  /** Starts this console's worker; every console runs one, each job goes to one of them. */
  process(handler: (job: Job, token?: string) => Promise<unknown>): void {
    this.worker = new Worker(NOTIFICATION_QUEUE, handler, { ...this.options(), concurrency: 4 });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  async send(notificationId: string): Promise<void> {
    const { attempts, backoffMs } = this.config.notify;
    await this.queue.add(
      'send',
      { notificationId },
      {
        jobId: notificationId,
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: { age: 86_400 },
        removeOnFail: { age: 30 * 86_400 },
      },
    );
  }

  /** One scheduler per rule id: several consoles upserting it still fire it once a day. */
  async scheduleDigest(ruleId: string, hour: number, timeZone: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      `${DIGEST_PREFIX}${ruleId}`,
      { pattern: `0 ${hour} * * *`, tz: timeZone },
      { name: 'digest', data: { ruleId }, opts: { removeOnComplete: true, attempts: 3 } },
    );
  }

  async unscheduleDigest(ruleId: string): Promise<void> {
    await this.queue.removeJobScheduler(`${DIGEST_PREFIX}${ruleId}`);
  }

  async scheduledDigests(): Promise<{ ruleId: string; pattern: string; tz: string }[]> {
    const schedulers = await this.queue.getJobSchedulers(0, -1);
    return schedulers
      .filter((s) => s.key.startsWith(DIGEST_PREFIX))
      .map((s) => ({
        ruleId: s.key.slice(DIGEST_PREFIX.length),
        pattern: s.pattern ?? '',
        tz: s.tz ?? '',
      }));
  }

  async scheduleSweep(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'sweep',
      { every: SWEEP_EVERY_MS },
      { name: 'sweep', data: {}, opts: { removeOnComplete: true, removeOnFail: true } },
    );
  }

  /** BullMQ leaves connections it was given open: they are closed in onModuleDestroy. */
  private options() {
    const connection = this.redis.duplicate();
    this.connections.push(connection);
    return { connection, prefix: this.config.queuePrefix };
  }
}
