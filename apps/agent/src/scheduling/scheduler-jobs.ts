import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

import { openSealed, SealError } from '@rampart/agent-seal';
import {
  describeSchedule,
  SCHEDULER_CREDENTIAL_NAME,
  schedulerCredentialPurpose,
  type ScheduleRemoveJob,
  scheduleRemoveJobSchema,
  type ScheduleSyncJob,
  scheduleSyncJobSchema,
  type TargetConnection,
} from '@rampart/contracts';
import {
  schedulerCredentialPlsql,
  schedulerDropPlsql,
  schedulerJobPlsql,
  scheduleToCalendar,
} from '@rampart/oracle-calendar';

import type { AgentLogger } from '../agent-logger';
import { runSqlplus } from '../oracle/sqlplus-session';
import type { HostPlatform } from '../platform/platform-paths';
import type { SyncedSchedule, SyncedSchedules } from './synced-schedules';

/** The trigger only hands a request to the daemon: a fire running longer is stuck. */
const TRIGGER_MAX_RUN_MINUTES = 10;

export interface SchedulerJobsOptions {
  platform: HostPlatform;
  dataDir: string;
  /** Absolute paths the Scheduler runs: node, then the agent's main.js and its config. */
  nodePath: string;
  agentMain: string;
  configFile: string;
  /** The agent's private sealing key: opens the OS password the console sealed for it. */
  sealKey: string;
}

/** The row of dba_scheduler_jobs for one job, as the agent reads it back. */
export interface SchedulerJobRow {
  jobName: string;
  enabled: boolean;
  state: string;
  repeatInterval: string | null;
}

export interface ScheduleJobAnswer {
  strategyId: string;
  jobName: string;
  /** `registered`, `registered-disabled` or `removed`. */
  outcome: string;
  job: SchedulerJobRow | null;
}

/**
 * `schedule.sync` and `schedule.remove`: create or replace, or drop, the strategy's external
 * Scheduler job through SQL*Plus (`/ as sysdba`), then answer what the database now holds.
 */
export class SchedulerJobs {
  constructor(
    private readonly options: SchedulerJobsOptions,
    private readonly synced: SyncedSchedules,
    private readonly log: AgentLogger,
  ) {}

  async sync(job: Job): Promise<ScheduleJobAnswer> {
    const request = parse(scheduleSyncJobSchema, job.data);
    const calendar = scheduleToCalendar(request.schedule.spec);
    const home = homeOf(request.target);
    await this.leavePreviousDatabase(request, home);

    const credential = this.credentialPlsql(request);
    const plsql = schedulerJobPlsql({
      jobName: request.jobName,
      expression: calendar.expression,
      startDate: calendar.startDate,
      timezone: calendar.timezone,
      jobAction: this.options.nodePath,
      arguments: this.triggerArguments(request.strategyId),
      credentialName: credential ? SCHEDULER_CREDENTIAL_NAME : null,
      maxRunMinutes: TRIGGER_MAX_RUN_MINUTES,
      comments: `Rampart: ${request.strategy.name} (${describeSchedule(request.schedule.spec)})`,
      enabled: request.schedule.enabled,
    });

    await this.sqlplus(request.target, [...(credential ? [credential, '/'] : []), plsql, '/']);
    this.synced.save(syncedOf(request, calendar, home));
    this.log.info('registered scheduler job', {
      strategyId: request.strategyId,
      jobName: request.jobName,
      target: request.target.name,
      enabled: request.schedule.enabled,
      osCredential: request.credential?.username ?? null,
    });
    return this.answer(request, request.schedule.enabled ? 'registered' : 'registered-disabled');
  }

  async remove(job: Job): Promise<ScheduleJobAnswer> {
    const request = parse(scheduleRemoveJobSchema, job.data);
    await this.sqlplus(request.target, [schedulerDropPlsql(request.jobName), '/']);
    this.synced.remove(request.strategyId);

    this.log.info('dropped scheduler job', {
      strategyId: request.strategyId,
      jobName: request.jobName,
      target: request.target.name,
    });
    return this.answer(request, 'removed');
  }

  /**
   * The block that creates the OS credential, or null when the target has none. The sealed
   * password is opened here and lives only in this block, which goes to SQL*Plus's stdin.
   */
  private credentialPlsql(request: ScheduleSyncJob): string | null {
    if (!request.credential) return null;

    let password: string;
    try {
      password = openSealed(
        this.options.sealKey,
        request.credential.sealedPassword,
        schedulerCredentialPurpose(request.target.targetId),
      );
    } catch (error) {
      const reason = error instanceof SealError ? error.message : String(error);
      throw new UnrecoverableError(
        `the Scheduler OS password for ${request.target.name} cannot be opened (${reason}); ` +
          'restart the agent so the console learns its key, then save the target again',
      );
    }
    return schedulerCredentialPlsql({
      credentialName: SCHEDULER_CREDENTIAL_NAME,
      username: request.credential.username,
      password,
    });
  }

  /**
   * A target moved to another ORACLE_HOME or SID: the job registered under the old one is
   * dropped there first, so two databases never fire the same strategy.
   */
  private async leavePreviousDatabase(
    request: ScheduleSyncJob,
    home: { oracleHome: string; oracleSid: string | null },
  ): Promise<void> {
    const previous = this.synced.find(request.strategyId);
    const moved =
      previous &&
      (previous.oracleHome !== home.oracleHome || previous.oracleSid !== home.oracleSid);
    if (!previous || !moved) return;

    try {
      await runSqlplus(
        this.options.platform,
        { oracleHome: previous.oracleHome, oracleSid: previous.oracleSid },
        [schedulerDropPlsql(previous.jobName), '/'],
        this.options.dataDir,
      );
      this.log.info('dropped scheduler job from the database the target left', {
        strategyId: request.strategyId,
        jobName: previous.jobName,
        oracleSid: previous.oracleSid,
      });
    } catch (error) {
      this.log.warn('could not drop the scheduler job from the database the target left', {
        strategyId: request.strategyId,
        jobName: previous.jobName,
        oracleSid: previous.oracleSid,
        error: String(error),
      });
    }
  }

  /** The RAMPART% jobs of a database, as dba_scheduler_jobs shows them. */
  async listJobs(target: Pick<TargetConnection, 'oracleHome' | 'oracleSid'>) {
    const rows = await runSqlplus(
      this.options.platform,
      { oracleHome: target.oracleHome ?? '', oracleSid: target.oracleSid },
      [
        'SELECT job_name, enabled, state, repeat_interval FROM dba_scheduler_jobs ' +
          "WHERE job_name LIKE 'RAMPART%';",
      ],
      this.options.dataDir,
    );
    return rows.map(rowOf);
  }

  triggerArguments(strategyId: string): string[] {
    const o = this.options;
    return [o.agentMain, '--config', o.configFile, 'trigger', '--strategy', strategyId];
  }

  private async answer(
    request: ScheduleSyncJob | ScheduleRemoveJob,
    outcome: string,
  ): Promise<ScheduleJobAnswer> {
    const jobs = await this.listJobs(request.target);
    const job = jobs.find((j) => j.jobName === request.jobName.toUpperCase()) ?? null;
    return { strategyId: request.strategyId, jobName: request.jobName, outcome, job };
  }

  private async sqlplus(target: TargetConnection, statements: string[]): Promise<void> {
    await runSqlplus(this.options.platform, homeOf(target), statements, this.options.dataDir);
  }
}

function homeOf(target: TargetConnection) {
  if (!target.oracleHome) {
    throw new UnrecoverableError(`target ${target.name} has no ORACLE_HOME on this agent`);
  }
  return { oracleHome: target.oracleHome, oracleSid: target.oracleSid };
}

function parse<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UnrecoverableError(`invalid job: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}

function syncedOf(
  request: ScheduleSyncJob,
  calendar: { expression: string; startDate: string; timezone: string },
  home: { oracleHome: string; oracleSid: string | null },
): SyncedSchedule {
  return {
    strategyId: request.strategyId,
    jobName: request.jobName.toUpperCase(),
    targetName: request.target.name,
    ...home,
    ...calendar,
    enabled: request.schedule.enabled,
    graceMinutes: request.schedule.graceMinutes,
    syncedAt: new Date().toISOString(),
  };
}

function rowOf(cells: string[]): SchedulerJobRow {
  const [jobName = '', enabled = '', state = '', repeatInterval = ''] = cells;
  return {
    jobName,
    enabled: enabled.toUpperCase() === 'TRUE',
    state,
    repeatInterval: repeatInterval === '' ? null : repeatInterval,
  };
}
