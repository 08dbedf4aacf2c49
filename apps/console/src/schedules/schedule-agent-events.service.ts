import { Injectable, Logger } from '@nestjs/common';

import type { RunRequestEvent, ScheduleDriftEvent } from '@rampart/contracts';

import { DomainError } from '../common/domain-error';
import { StrategiesService } from '../strategies/strategies.service';
import { TargetsService } from '../targets/targets.service';
import { ScheduleStateStore } from './schedule-state.store';
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
    const strategy = await this.strategies.get(event.strategyId);
    const target = await this.targets.get(strategy.targetId);
    if (target.agentId !== agentId) {
      throw new DomainError('forbidden', `strategy ${strategy.id} does not belong to this agent`);
    }

    await this.state.saveDrift(event);
    this.logger.warn({ msg: 'scheduler job drift', ...event, target: target.name });
    return { ok: true };
  }
}
