import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Redis } from 'ioredis';

import { LeaderLock } from '../common/leader-lock';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { REDIS } from '../redis.provider';
import { RunsService } from './runs.service';

const SWEEP_INTERVAL_MS = 10_000;

/** Marks runs `interrupted` when their agent has been silent for longer than allowed. */
@Injectable()
export class WatchdogService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WatchdogService.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;
  /** With several consoles, only the holder of this lock sweeps. */
  readonly leader: LeaderLock;

  constructor(
    private readonly runs: RunsService,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    @Inject(REDIS) redis: Redis,
  ) {
    this.leader = new LeaderLock(redis, `${config.queuePrefix}:leader:watchdog`, {
      ttlMs: 3 * SWEEP_INTERVAL_MS,
    });
  }

  onModuleInit(): void {
    this.leader.start();
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.leader.stop();
  }

  async sweep(now = new Date()): Promise<number> {
    if (this.sweeping) return 0;
    if (!this.leader.isLeader && !(await this.leader.acquireOrRenew())) return 0;
    this.sweeping = true;
    try {
      const silentSince = new Date(now.getTime() - this.config.agentSilenceSeconds * 1000);
      return await this.runs.interruptSilentRuns(silentSince);
    } catch (error) {
      this.logger.error({ msg: 'watchdog sweep failed', error: String(error) });
      return 0;
    } finally {
      this.sweeping = false;
    }
  }
}
