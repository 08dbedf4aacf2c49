import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { ScheduleClock, ScheduleDriftEvent } from '@rampart/contracts';

import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { REDIS } from '../redis.provider';

/** What the console last applied for a strategy's schedule. */
export interface AppliedSchedule {
  /** Digest of the desired state; a different one means the schedule must be applied again. */
  digest: string;
  clock: ScheduleClock | null;
  agentId: string | null;
  /** The agent's `schedule.sync`/`schedule.remove` job, to read its answer. */
  jobId: string | null;
  at: string;
}

export interface StoredDrift extends ScheduleDriftEvent {
  reportedAt: string;
}

/** Three missed drift checks of the agent (every 5 minutes) and a drift is taken as gone. */
const DRIFT_TTL_SECONDS = 15 * 60;

/** Schedule state shared by every console replica, in Redis under the queue prefix. */
/** The digest of a schedule to apply again at the next reconcile, changed or not. */
export const FORGOTTEN = 'forgotten';

@Injectable()
export class ScheduleStateStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  async applied(strategyId: string): Promise<AppliedSchedule | null> {
    const raw = await this.redis.get(this.key('applied', strategyId));
    return raw ? (JSON.parse(raw) as AppliedSchedule) : null;
  }

  async saveApplied(strategyId: string, applied: AppliedSchedule): Promise<void> {
    await this.redis.set(this.key('applied', strategyId), JSON.stringify(applied));
  }

  /** The next reconcile applies the schedule again, changed or not. */
  async forgetApplied(strategyId: string): Promise<void> {
    const applied = await this.applied(strategyId);
    if (applied) await this.saveApplied(strategyId, { ...applied, digest: FORGOTTEN });
  }

  async saveDrift(event: ScheduleDriftEvent): Promise<void> {
    const key = this.key('drift', event.strategyId);
    const stored: StoredDrift = { ...event, reportedAt: new Date().toISOString() };
    await this.redis
      .multi()
      .hset(key, event.problem, JSON.stringify(stored))
      .expire(key, DRIFT_TTL_SECONDS)
      .exec();
  }

  async drift(strategyId: string): Promise<StoredDrift[]> {
    const fields = await this.redis.hgetall(this.key('drift', strategyId));
    const cutoff = Date.now() - DRIFT_TTL_SECONDS * 1000;
    return Object.values(fields)
      .map((raw) => JSON.parse(raw) as StoredDrift)
      .filter((d) => Date.parse(d.reportedAt) >= cutoff);
  }

  async clearDrift(strategyId: string): Promise<void> {
    await this.redis.del(this.key('drift', strategyId));
  }

  private key(kind: string, strategyId: string): string {
    return `${this.config.queuePrefix}:schedules:${kind}:${strategyId}`;
  }
}
