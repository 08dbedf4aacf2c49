import { Injectable } from '@nestjs/common';

import { describeSchedule, schedulerJobName } from '@rampart/contracts';
import { nextRuns } from '@rampart/oracle-calendar';

import { type Actor, AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { StrategiesService } from '../strategies/strategies.service';
import { ConsoleClock } from './console-clock';
import { anchoredSchedule, calendarOf } from './schedule-calendar';
import { ScheduleStateStore } from './schedule-state.store';
import { ScheduleSyncService } from './schedule-sync.service';

/** What a DBA sees of a strategy's schedule, and the repair button. */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly strategies: StrategiesService,
    private readonly sync: ScheduleSyncService,
    private readonly clock: ConsoleClock,
    private readonly state: ScheduleStateStore,
    private readonly audit: AuditService,
  ) {}

  async preview(strategyId: string, count: number) {
    const strategy = await this.strategies.get(strategyId);
    const raw = strategy.document.schedule;
    if (!raw) {
      return { strategyId, scheduled: false, nextRuns: [], drift: [], lastApplied: null };
    }

    const schedule = anchoredSchedule(raw, strategy.createdAt);
    const calendar = calendarOf(schedule);
    const active = schedule.enabled && strategy.enabled;
    const { applied, job } = await this.sync.lastAnswer(strategyId);
    return {
      strategyId,
      scheduled: true,
      active,
      summary: describeSchedule(schedule.spec),
      clock: schedule.clock,
      latePolicy: schedule.latePolicy,
      graceMinutes: schedule.graceMinutes,
      calendar,
      jobName: schedule.clock === 'oracle-scheduler' ? schedulerJobName(strategyId) : null,
      nextRuns: active ? upcoming(calendar, count) : [],
      nextConsoleFire: schedule.clock === 'console' ? await this.clock.nextFire(strategyId) : null,
      lastApplied: applied,
      lastAgentAnswer: job,
      drift: await this.state.drift(strategyId),
    };
  }

  async resync(strategyId: string, actor: Actor) {
    const strategy = await this.strategies.get(strategyId);
    if (!strategy.document.schedule) {
      throw new DomainError('validation', 'the strategy has no schedule', [
        { field: 'schedule', message: 'is not set: nothing to apply' },
      ]);
    }

    await this.state.forgetApplied(strategyId);
    await this.sync.reconcile(strategyId);
    await this.audit.record(actor, 'resync', 'schedule', strategyId);
    return this.preview(strategyId, 10);
  }
}

function upcoming(calendar: ReturnType<typeof calendarOf>, count: number): string[] {
  return nextRuns(calendar.expression, {
    start: calendar.startDate,
    tz: calendar.timezone,
    count,
    after: new Date().toISOString(),
  });
}
