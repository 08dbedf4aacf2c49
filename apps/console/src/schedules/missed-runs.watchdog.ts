import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { IsNull, Repository } from 'typeorm';

import type { RunTrigger, Schedule } from '@rampart/contracts';

import { LeaderLock } from '../common/leader-lock';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { REDIS } from '../redis.provider';
import type { RunEntity } from '../runs/run.entity';
import { StrategyEntity } from '../strategies/strategy.entity';
import { anchoredSchedule, calendarOf, slotsBetween } from './schedule-calendar';
import { ScheduledRunsService } from './scheduled-runs.service';

const SWEEP_INTERVAL_MS = 15_000;
/** How far back a sweep looks for planned starts: a longer outage is not counted slot by slot. */
const LOOKBACK_MS = 24 * 3_600_000;

/**
 * No silent missed run: a planned start with no run within the strategy's grace becomes a
 * `missed` run (terminal, so it alerts). The late-run policy then decides, explicitly and in
 * the run's message, whether one run makes up for the missed starts or none does.
 */
@Injectable()
export class MissedRunsWatchdog implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MissedRunsWatchdog.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;
  /** With several consoles, only the holder of this lock sweeps (the unique index backs it). */
  readonly leader: LeaderLock;

  constructor(
    @InjectRepository(StrategyEntity) private readonly strategies: Repository<StrategyEntity>,
    private readonly scheduledRuns: ScheduledRunsService,
    @Inject(CONSOLE_CONFIG) config: ConsoleConfig,
    @Inject(REDIS) redis: Redis,
  ) {
    this.leader = new LeaderLock(redis, `${config.queuePrefix}:leader:missed-runs`, {
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

  /** Returns the missed runs it recorded. */
  async sweep(now = new Date()): Promise<RunEntity[]> {
    if (this.sweeping) return [];
    if (!this.leader.isLeader && !(await this.leader.acquireOrRenew())) return [];
    this.sweeping = true;
    try {
      const live = await this.strategies.findBy({ deletedAt: IsNull(), enabled: true });
      const missed: RunEntity[] = [];
      for (const strategy of live) missed.push(...(await this.sweepStrategy(strategy, now)));
      return missed;
    } catch (error) {
      this.logger.error({ msg: 'missed-run sweep failed', error: String(error) });
      return [];
    } finally {
      this.sweeping = false;
    }
  }

  private async sweepStrategy(strategy: StrategyEntity, now: Date): Promise<RunEntity[]> {
    const raw = strategy.document.schedule;
    if (!raw?.enabled) return [];

    const schedule = anchoredSchedule(raw, strategy.createdAt);
    const overdue = await this.overdueSlots(strategy, schedule, now);
    if (overdue.length === 0) return [];

    const trigger: RunTrigger = schedule.clock === 'console' ? 'console-clock' : 'scheduler';
    const missed = await this.recordAll(strategy, schedule, overdue, trigger);
    const catchUp = await this.scheduledRuns.applyLatePolicy(
      strategy.id,
      schedule.latePolicy,
      trigger,
      missed,
    );

    for (const run of missed) {
      run.message = `${run.message}; ${policyOutcome(schedule, catchUp?.id ?? null)}`;
      this.scheduledRuns.publish(await this.scheduledRuns.saveMessage(run));
    }
    return missed;
  }

  /** Planned starts past their grace, since the schedule was last saved, with no run. */
  private async overdueSlots(strategy: StrategyEntity, schedule: Schedule, now: Date) {
    const floor = Math.max(now.getTime() - LOOKBACK_MS, strategy.updatedAt.getTime());
    const graceMs = schedule.graceMinutes * 60_000;
    const slots = slotsBetween(
      calendarOf(schedule),
      new Date(floor),
      new Date(now.getTime() - graceMs),
    );
    if (slots.length === 0) return [];

    const taken = await this.scheduledRuns.existingPlannedTimes(strategy.id, new Date(floor));
    return slots.filter((slot) => !taken.has(slot.getTime()));
  }

  private async recordAll(
    strategy: StrategyEntity,
    schedule: Schedule,
    slots: Date[],
    trigger: RunTrigger,
  ): Promise<RunEntity[]> {
    const missed: RunEntity[] = [];
    for (const slot of slots) {
      const message =
        `no run started within ${schedule.graceMinutes} min of the planned start ` +
        `${slot.toISOString()} (${schedule.clock} clock)`;
      const row = await this.scheduledRuns.recordMissed(strategy.id, slot, trigger, message);
      if (row) missed.push(row);
    }
    if (missed.length) {
      this.logger.warn({
        msg: 'planned runs missed',
        strategyId: strategy.id,
        count: missed.length,
      });
    }
    return missed;
  }
}

function policyOutcome(schedule: Schedule, catchUpRunId: string | null): string {
  if (schedule.latePolicy === 'skip') return 'late-run policy skip: this start is not made up';
  return `late-run policy run-once: run ${catchUpRunId} makes up for the missed start(s)`;
}
