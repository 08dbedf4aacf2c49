import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What the agent last registered with Oracle Scheduler for one strategy. */
export interface SyncedSchedule {
  strategyId: string;
  jobName: string;
  targetName: string;
  oracleHome: string;
  oracleSid: string | null;
  expression: string;
  /** Local wall time of the job's start_date. */
  startDate: string;
  timezone: string;
  enabled: boolean;
  graceMinutes: number;
  syncedAt: string;
}

/**
 * The schedules this agent registered, kept in one JSON file in its data folder. The trigger
 * command reads it to know a strategy's calendar; the drift check compares against it.
 */
export class SyncedSchedules {
  constructor(private readonly file: string) {}

  all(): SyncedSchedule[] {
    if (!existsSync(this.file)) return [];
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as SyncedSchedule[];
    } catch {
      return [];
    }
  }

  find(strategyId: string): SyncedSchedule | null {
    return this.all().find((s) => s.strategyId === strategyId) ?? null;
  }

  save(schedule: SyncedSchedule): void {
    const others = this.all().filter((s) => s.strategyId !== schedule.strategyId);
    this.write([...others, schedule]);
  }

  remove(strategyId: string): void {
    this.write(this.all().filter((s) => s.strategyId !== strategyId));
  }

  /** Written to a temporary file, then renamed: a crash never leaves half a file. */
  private write(schedules: SyncedSchedule[]): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(schedules, null, 2) + '\n', { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
