import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';

import type { LatePolicy, RunTrigger } from '@rampart/contracts';

import { DomainError } from '../common/domain-error';
import { RunEntity } from '../runs/run.entity';
import { type RunView, toRunView } from '../runs/run-view';
import { RunsService } from '../runs/runs.service';
import { StrategiesService } from '../strategies/strategies.service';
import { TargetsService } from '../targets/targets.service';

/**
 * Runs that a clock asked for. A planned start is one run, whoever asks and however often:
 * `logs_backup` has a unique index on (strategy_id, scheduled_at).
 */
@Injectable()
export class ScheduledRunsService {
  private readonly logger = new Logger(ScheduledRunsService.name);

  constructor(
    @InjectRepository(RunEntity) private readonly runs: Repository<RunEntity>,
    private readonly runsService: RunsService,
    private readonly strategies: StrategiesService,
    private readonly targets: TargetsService,
  ) {}

  /** The run of (strategy, planned time): created and queued once, the same one after that. */
  async requestRun(
    strategyId: string,
    plannedAt: Date,
    trigger: RunTrigger,
    agentId: string | null,
  ): Promise<RunView> {
    const strategy = await this.strategies.get(strategyId);
    if (agentId !== null) await this.assertAgentServes(agentId, strategy.targetId);

    const existing = await this.find(strategyId, plannedAt);
    if (existing) return toRunView(existing);

    try {
      const run = await this.runsService.queueRun(strategyId, trigger, plannedAt);
      this.logger.log({ msg: 'scheduled run queued', runId: run.id, strategyId, trigger });
      return run;
    } catch (error) {
      const raced = isUniqueViolation(error) ? await this.find(strategyId, plannedAt) : null;
      if (raced) return toRunView(raced);
      throw error;
    }
  }

  /** A `missed` row for a planned start nobody made; null when a run exists for it. */
  async recordMissed(
    strategyId: string,
    plannedAt: Date,
    trigger: RunTrigger,
    message: string,
  ): Promise<RunEntity | null> {
    const strategy = await this.strategies.get(strategyId);
    const target = await this.targets.get(strategy.targetId);
    const now = new Date();

    const row = this.runs.create({
      strategyId,
      targetId: target.id,
      agentId: target.agentId,
      strategyName: strategy.name,
      targetName: target.name,
      type: strategy.type,
      trigger,
      priority: strategy.priority,
      status: 'missed',
      scheduledAt: plannedAt,
      queuedAt: now,
      finishedAt: now,
      durationSeconds: 0,
      message,
      transitions: [{ state: 'missed', at: now.toISOString(), by: 'watchdog' }],
    });
    try {
      return await this.runs.save(row);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** After missed starts: `run-once` queues one run now for all of them, `skip` does nothing. */
  async applyLatePolicy(
    strategyId: string,
    policy: LatePolicy,
    trigger: RunTrigger,
    missed: RunEntity[],
  ): Promise<RunView | null> {
    if (policy === 'skip' || missed.length === 0) return null;

    const catchUp = await this.runsService.queueRun(strategyId, trigger, null);
    const slots = missed.map((m) => m.scheduledAt?.toISOString()).join(', ');
    await this.runs.update(
      { id: catchUp.id },
      { message: `late-run policy run-once: one run for the missed start(s) ${slots}` },
    );
    return catchUp;
  }

  async saveMessage(run: RunEntity): Promise<RunEntity> {
    await this.runs.update({ id: run.id }, { message: run.message });
    return run;
  }

  publish(run: RunEntity): void {
    this.runsService.publishFinished(run);
  }

  async existingPlannedTimes(strategyId: string, after: Date): Promise<Set<number>> {
    const rows = await this.runs
      .createQueryBuilder('r')
      .select(['r.scheduledAt'])
      .where('r.strategy_id = :strategyId AND r.scheduled_at > :after', { strategyId, after })
      .getMany();
    return new Set(rows.map((r) => (r.scheduledAt as Date).getTime()));
  }

  private find(strategyId: string, plannedAt: Date): Promise<RunEntity | null> {
    return this.runs.findOneBy({ strategyId, scheduledAt: plannedAt });
  }

  private async assertAgentServes(agentId: string, targetId: string): Promise<void> {
    const target = await this.targets.get(targetId);
    if (target.agentId !== agentId) {
      throw new DomainError(
        'forbidden',
        `the strategy's target ${target.name} is not this agent's`,
      );
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error as QueryFailedError & { code?: string }).code === '23505'
  );
}
