import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { type Job, Queue, type RepeatOptions, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

import { nextRuns, type OracleCalendar } from '@rampart/oracle-calendar';

import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { REDIS } from '../redis.provider';
import { ScheduledRunsService } from './scheduled-runs.service';

const QUEUE = 'console-clock';
const FIRE = 'schedule.fire';

/**
 * The console as the clock, for databases where external jobs are forbidden: one BullMQ job
 * scheduler per strategy whose "pattern" is the Oracle calendar, evaluated by our own repeat
 * strategy. BullMQ names each fire `repeat:<strategy>:<planned ms>`, so several consoles add
 * it once, and the run of a planned time is created once.
 */
@Injectable()
export class ConsoleClock implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ConsoleClock.name);
  private queue: Queue | null = null;
  private worker: Worker | null = null;

  constructor(
    private readonly scheduledRuns: ScheduledRunsService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  onModuleInit(): void {
    const settings = { repeatStrategy: nextCalendarMillis };
    const prefix = this.config.queuePrefix;
    this.queue = new Queue(QUEUE, { connection: this.redis.duplicate(), prefix, settings });
    this.worker = new Worker(QUEUE, (job) => this.fire(job), {
      connection: this.redis.duplicate(),
      prefix,
      settings,
      concurrency: 4,
    });
    this.worker.on('error', (error) =>
      this.logger.warn({ msg: 'clock error', error: String(error) }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }

  async set(strategyId: string, calendar: OracleCalendar): Promise<void> {
    await this.clockQueue().upsertJobScheduler(
      strategyId,
      { pattern: JSON.stringify(calendar) },
      { name: FIRE, data: { strategyId }, opts: { removeOnComplete: 1000, removeOnFail: 1000 } },
    );
  }

  async clear(strategyId: string): Promise<void> {
    await this.clockQueue().removeJobScheduler(strategyId);
  }

  async nextFire(strategyId: string): Promise<string | null> {
    const scheduler = await this.clockQueue().getJobScheduler(strategyId);
    return scheduler?.next ? new Date(scheduler.next).toISOString() : null;
  }

  private async fire(job: Job<{ strategyId: string }>): Promise<{ runId: string }> {
    const plannedAt = new Date(job.opts.prevMillis ?? job.timestamp);
    const run = await this.scheduledRuns.requestRun(
      job.data.strategyId,
      plannedAt,
      'console-clock',
      null,
    );
    return { runId: run.id };
  }

  private clockQueue(): Queue {
    if (!this.queue) throw new Error('the console clock is not started');
    return this.queue;
  }
}

/** BullMQ repeat strategy: the first calendar slot strictly after `millis`. */
export function nextCalendarMillis(millis: number, opts: RepeatOptions): number | undefined {
  const calendar = JSON.parse(opts.pattern ?? '{}') as OracleCalendar;
  const [next] = nextRuns(calendar.expression, {
    start: calendar.startDate,
    tz: calendar.timezone,
    count: 1,
    after: new Date(millis).toISOString(),
  });
  return next ? Date.parse(next) : undefined;
}
