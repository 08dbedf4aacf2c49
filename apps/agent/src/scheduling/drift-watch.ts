import type { ScheduleDriftEvent } from '@rampart/contracts';

import type { AgentLogger } from '../agent-logger';
import { scheduleDrift } from './schedule-drift';
import type { SchedulerJobs } from './scheduler-jobs';
import type { SyncedSchedule, SyncedSchedules } from './synced-schedules';

export type DriftSender = (event: ScheduleDriftEvent) => Promise<unknown>;

/**
 * Compares, every `intervalMs`, the RAMPART% jobs of each database with what the agent last
 * registered, and reports each difference as `schedule.drift`. A drift is reported again at
 * every check while it lasts; the console forgets one that is no longer reported.
 */
export class DriftWatch {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly synced: SyncedSchedules,
    private readonly jobs: SchedulerJobs,
    private readonly send: DriftSender,
    private readonly log: AgentLogger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async check(): Promise<ScheduleDriftEvent[]> {
    const found: ScheduleDriftEvent[] = [];
    for (const group of byDatabase(this.synced.all())) {
      found.push(...(await this.checkDatabase(group)));
    }

    for (const event of found) {
      this.log.warn('scheduler job drifted', { ...event });
      await this.send(event).catch(() => undefined);
    }
    return found;
  }

  private async checkDatabase(schedules: SyncedSchedule[]): Promise<ScheduleDriftEvent[]> {
    const { oracleHome, oracleSid, targetName } = schedules[0];
    try {
      return scheduleDrift(schedules, await this.jobs.listJobs({ oracleHome, oracleSid }));
    } catch (error) {
      this.log.warn('could not read the scheduler jobs', {
        target: targetName,
        error: String(error),
      });
      return [];
    }
  }
}

function byDatabase(schedules: SyncedSchedule[]): SyncedSchedule[][] {
  const groups = new Map<string, SyncedSchedule[]>();
  for (const s of schedules) {
    const key = `${s.oracleHome}|${s.oracleSid ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()];
}
