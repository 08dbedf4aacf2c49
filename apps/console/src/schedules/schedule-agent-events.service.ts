import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import {
  type RunRequestEvent,
  type ScheduleDriftEvent,
  schedulerJobName,
} from '@rampart/contracts';

import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { StrategiesService } from '../strategies/strategies.service';
import { StrategyEntity } from '../strategies/strategy.entity';
import { TargetEntity } from '../targets/target.entity';
import { TargetsService } from '../targets/targets.service';
import { ScheduleStateStore } from './schedule-state.store';
import { ScheduleSyncService } from './schedule-sync.service';
import { ScheduledRunsService } from './scheduled-runs.service';

/** What agents say about schedules: Oracle Scheduler fired (`run.request`), or drift. */
@Injectable()
export class ScheduleAgentEvents {
  private readonly logger = new Logger(ScheduleAgentEvents.name);

  constructor(
    private readonly scheduledRuns: ScheduledRunsService,
    private readonly strategies: StrategiesService,
    private readonly targets: TargetsService,
    private readonly state: ScheduleStateStore,
    private readonly sync: ScheduleSyncService,
    private readonly audit: AuditService,
    @InjectRepository(StrategyEntity) private readonly strategyRows: Repository<StrategyEntity>,
    @InjectRepository(TargetEntity) private readonly targetRows: Repository<TargetEntity>,
  ) {}

  /** The run of the fire: created with trigger `scheduler` once, the same run after that. */
  async onRunRequest(agentId: string, event: RunRequestEvent) {
    const plannedAt = new Date(event.plannedAt);
    if (Number.isNaN(plannedAt.getTime())) {
      throw new DomainError('validation', 'plannedAt is not a date and time');
    }

    const run = await this.scheduledRuns.requestRun(
      event.strategyId,
      plannedAt,
      'scheduler',
      agentId,
    );
    this.logger.log({
      msg: 'scheduler fire',
      strategyId: event.strategyId,
      runId: run.id,
      agentId,
    });
    return { runId: run.id, status: run.status };
  }

  async onDrift(agentId: string, event: ScheduleDriftEvent) {
    if (event.problem === 'unexpected') return this.onUnexpectedJob(agentId, event.jobName);

    const strategy = await this.strategies.get(event.strategyId);
    const target = await this.targets.get(strategy.targetId);
    if (target.agentId !== agentId) {
      throw new DomainError('forbidden', `strategy ${strategy.id} does not belong to this agent`);
    }

    await this.state.saveDrift(event);
    this.logger.warn({ msg: 'scheduler job drift', ...event, target: target.name });
    return { ok: true };
  }

  /**
   * A RAMPART_ job the agent never registered. The job of a deleted strategy, or of one that
   * no longer runs on Oracle Scheduler here, is dropped; the job of a live strategy the agent
   * forgot (a lost data directory) is registered again; a job no strategy of this agent
   * explains is left alone (it may be a DBA's) and logged.
   */
  private async onUnexpectedJob(agentId: string, jobName: string) {
    const strategy = await this.strategyOfJob(agentId, jobName);
    if (!strategy) {
      this.logger.warn({ msg: 'scheduler job of no known strategy left alone', agentId, jobName });
      return { ok: true, action: 'left' };
    }

    const target = await this.targets.get(strategy.targetId);
    const stillWanted =
      !strategy.deletedAt &&
      target.agentId === agentId &&
      (strategy.document.schedule?.clock ?? 'oracle-scheduler') === 'oracle-scheduler';
    if (stillWanted) {
      await this.state.forgetApplied(strategy.id);
      await this.sync.reconcile(strategy.id);
      this.logger.warn({ msg: 'scheduler job re-registered', strategyId: strategy.id, jobName });
      return { ok: true, action: 'registered-again' };
    }

    await this.sync.removeOracleJob(strategy, agentId);
    await this.audit.record(null, 'drop-left-over-job', 'strategy', strategy.id, { jobName });
    this.logger.warn({ msg: 'left-over scheduler job dropped', strategyId: strategy.id, jobName });
    return { ok: true, action: 'dropped' };
  }

  /** The strategy (deleted ones included) whose job name this is, among this agent's targets. */
  private async strategyOfJob(agentId: string, jobName: string): Promise<StrategyEntity | null> {
    const targetIds = (
      await this.targetRows.find({ select: { id: true }, where: { agentId } })
    ).map((t) => t.id);
    if (targetIds.length === 0) return null;

    const candidates = await this.strategyRows.find({
      where: { targetId: In(targetIds) },
      withDeleted: true,
    });
    return candidates.find((s) => schedulerJobName(s.id) === jobName.toUpperCase()) ?? null;
  }
}
