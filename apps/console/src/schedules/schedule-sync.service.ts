import { createHash } from 'node:crypto';

import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Repository } from 'typeorm';

import {
  agentQueueName,
  JOB_NAMES,
  type Schedule,
  type ScheduleRemoveJob,
  schedulerJobName,
  type ScheduleSyncJob,
} from '@rampart/contracts';

import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { REDIS } from '../redis.provider';
import { StrategyEntity } from '../strategies/strategy.entity';
import { StrategyEvents } from '../strategies/strategy-events';
import { TargetsService } from '../targets/targets.service';
import { ConsoleClock } from './console-clock';
import { anchoredSchedule, calendarOf } from './schedule-calendar';
import { type AppliedSchedule, FORGOTTEN, ScheduleStateStore } from './schedule-state.store';

const RECONCILE_INTERVAL_MS = 60_000;

/** What a strategy's schedule should be now. */
interface DesiredSchedule {
  schedule: Schedule | null;
  active: boolean;
  agentId: string;
  /** Where and as whom the job runs: a change re-registers it. Hashed, never stored. */
  database: {
    oracleHome: string | null;
    oracleSid: string | null;
    osUser: string | null;
    osPasswordEnc: string | null;
    /** The agent's sealing key: a reset key re-seals and re-registers the credential. */
    sealKey: string | null;
  };
}

/**
 * Keeps each strategy's clock in step with the strategy: a Scheduler job on the target's
 * agent (`schedule.sync` / `schedule.remove`) or a console job scheduler. It acts on each
 * change StrategyEvents announces, and reconciles every minute, which also catches a change
 * made while Redis or the agent's queue could not be reached.
 */
@Injectable()
export class ScheduleSyncService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ScheduleSyncService.name);
  private readonly queues = new Map<string, Queue>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private unsubscribeTargets: (() => void) | null = null;

  constructor(
    private readonly events: StrategyEvents,
    @InjectRepository(StrategyEntity) private readonly strategies: Repository<StrategyEntity>,
    private readonly targets: TargetsService,
    private readonly clock: ConsoleClock,
    private readonly state: ScheduleStateStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.onScheduleChanged((e) => this.reconcile(e.strategyId));
    this.unsubscribeTargets = this.targets.onSettingsChanged((id) => void this.reconcileTarget(id));
    this.timer = setInterval(() => void this.reconcileAll(), RECONCILE_INTERVAL_MS);
    this.timer.unref();
    void this.reconcileAll();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.unsubscribeTargets?.();
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  // TODO: with several replicas every one reconciles; the digests keep it idempotent (issue 10).
  async reconcileAll(): Promise<void> {
    const rows = await this.strategies.find({ select: { id: true } }).catch(() => []);
    for (const { id } of rows) await this.reconcile(id);
  }

  /** A target's ORACLE_HOME, SID or Scheduler account changed: its jobs follow at once. */
  async reconcileTarget(targetId: string): Promise<void> {
    const rows = await this.strategies
      .find({ select: { id: true }, where: { targetId } })
      .catch(() => []);
    for (const { id } of rows) await this.reconcile(id);
  }

  /** Applies the strategy's schedule when it differs from what was applied last. */
  async reconcile(strategyId: string): Promise<void> {
    try {
      const strategy = await this.strategies.findOneBy({ id: strategyId });
      if (!strategy) return;

      const desired = await this.desired(strategy);
      const digest = digestOf(desired);
      const applied = await this.state.applied(strategyId);
      if (applied?.digest === digest) return;

      await this.apply(strategy, desired, digest, applied);
    } catch (error) {
      this.logger.error({ msg: 'could not apply a schedule', strategyId, error: String(error) });
    }
  }

  /** The agent's answer to the last schedule job, or where that job stands. */
  async lastAnswer(strategyId: string) {
    const applied = await this.state.applied(strategyId);
    if (!applied?.jobId || !applied.agentId) return { applied, job: null };

    const job = await this.agentQueue(applied.agentId).getJob(applied.jobId);
    if (!job) return { applied, job: null };
    return {
      applied,
      job: {
        state: await job.getState(),
        answer: job.returnvalue ?? null,
        error: job.failedReason ?? null,
      },
    };
  }

  private async desired(strategy: StrategyEntity): Promise<DesiredSchedule> {
    const target = await this.targets.get(strategy.targetId);
    const raw = strategy.document.schedule;
    const schedule = raw ? anchoredSchedule(raw, strategy.createdAt) : null;
    const active = !!schedule && schedule.enabled && strategy.enabled && !strategy.deletedAt;
    return {
      schedule,
      active,
      agentId: target.agentId,
      database: {
        oracleHome: target.oracleHome,
        oracleSid: target.oracleSid,
        osUser: target.schedulerOsUser,
        osPasswordEnc: target.schedulerOsPasswordEnc,
        sealKey: target.schedulerOsUser ? await this.targets.sealKeyOf(target) : null,
      },
    };
  }

  private async apply(
    strategy: StrategyEntity,
    desired: DesiredSchedule,
    digest: string,
    applied: AppliedSchedule | null,
  ): Promise<void> {
    const clock = desired.schedule && !strategy.deletedAt ? desired.schedule.clock : null;
    const movedAway = applied?.clock === 'oracle-scheduler' && applied.agentId;
    const leavesOracle = clock !== 'oracle-scheduler' || applied?.agentId !== desired.agentId;
    let jobId: string | null = null;

    if (movedAway && leavesOracle) await this.removeOracleJob(strategy, applied.agentId as string);
    if (clock === 'oracle-scheduler') {
      const forced = applied?.digest === FORGOTTEN;
      jobId = await this.syncOracleJob(strategy, desired, digest, forced);
    }

    if (clock === 'console' && desired.active && desired.schedule) {
      await this.clock.set(strategy.id, calendarOf(desired.schedule));
    } else {
      await this.clock.clear(strategy.id);
    }

    await this.state.saveApplied(strategy.id, {
      digest,
      clock,
      agentId: desired.agentId,
      jobId,
      at: new Date().toISOString(),
    });
    this.logger.log({
      msg: 'schedule applied',
      strategyId: strategy.id,
      clock,
      active: desired.active,
    });
  }

  /** Registered disabled when the strategy or its schedule is disabled: the job stays visible. */
  private async syncOracleJob(
    strategy: StrategyEntity,
    desired: DesiredSchedule,
    digest: string,
    forced: boolean,
  ): Promise<string> {
    const target = await this.targets.get(strategy.targetId);
    const schedule = desired.schedule as Schedule;
    const job: ScheduleSyncJob = {
      strategyId: strategy.id,
      jobName: schedulerJobName(strategy.id),
      strategy: strategy.document,
      schedule: { ...schedule, enabled: desired.active },
      target: this.targets.connectionOf(target),
      credential: await this.targets.sealedSchedulerCredential(target),
    };

    // The same change from several replicas is one job; a repair must be a new one (BullMQ
    // keeps a finished job's id for 30 days and would ignore the same id).
    const repair = forced ? `-repair-${Date.now()}` : '';
    const jobId = `sync-${strategy.id}-${digest.slice(0, 16)}${repair}`;
    await this.agentQueue(desired.agentId).add(JOB_NAMES.scheduleSync, job, jobOptions(jobId));
    return jobId;
  }

  /** Drops the strategy's Scheduler job on the agent's database (`schedule.remove`). */
  async removeOracleJob(strategy: StrategyEntity, agentId: string): Promise<void> {
    const target = await this.targets.get(strategy.targetId);
    const job: ScheduleRemoveJob = {
      strategyId: strategy.id,
      jobName: schedulerJobName(strategy.id),
      target: this.targets.connectionOf(target),
    };
    const jobId = `remove-${strategy.id}-${Date.now()}`;
    await this.agentQueue(agentId).add(JOB_NAMES.scheduleRemove, job, jobOptions(jobId));
    await this.state.clearDrift(strategy.id);
  }

  private agentQueue(agentId: string): Queue {
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

function jobOptions(jobId: string) {
  return {
    jobId,
    priority: 1,
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 30 * 86_400, count: 1000 },
    removeOnFail: { age: 30 * 86_400 },
  };
}

function digestOf(desired: DesiredSchedule): string {
  return createHash('sha256').update(JSON.stringify(desired)).digest('hex');
}
