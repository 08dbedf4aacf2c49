import { join } from 'node:path';

import { AGENT_EVENTS, JOB_NAMES, type RunRequestEvent } from '@rampart/contracts';

import type { AgentLogger } from '../agent-logger';
import type { AgentConfig } from '../config/agent-config';
import { RunRequestOutbox } from '../ipc/run-request-outbox';
import { TriggerServer } from '../ipc/trigger-server';
import type { ConsoleLink } from '../link/console-link';
import type { JobHandlers } from '../worker/job-handlers';
import { DriftWatch } from './drift-watch';
import { RunRequests } from './run-requests';
import { SchedulerJobs } from './scheduler-jobs';
import { SyncedSchedules } from './synced-schedules';
import { syncedSchedulesFile } from './trigger-command';

const DRIFT_CHECK_MS = 5 * 60_000;

export interface AgentScheduling {
  /** `schedule.sync` and `schedule.remove`, for the worker. */
  handlers: JobHandlers;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The daemon's scheduling side: Scheduler jobs, the trigger socket, run requests, drift. */
export function createAgentScheduling(
  config: AgentConfig,
  link: ConsoleLink,
  log: AgentLogger,
  sealKey: string,
): AgentScheduling {
  const synced = new SyncedSchedules(syncedSchedulesFile(config.dataDir));
  const jobs = new SchedulerJobs(
    {
      platform: config.platform,
      dataDir: config.dataDir,
      nodePath: process.execPath,
      agentMain: join(__dirname, '..', 'main.js'),
      configFile: config.configFile,
      sealKey,
    },
    synced,
    log,
  );
  const requests = new RunRequests(
    RunRequestOutbox.under(config.dataDir),
    (request: RunRequestEvent) => link.request(AGENT_EVENTS.runRequest, request),
    log,
  );
  const trigger = new TriggerServer(config.ipcPath, (r) => requests.handle(r), log);
  const drift = new DriftWatch(
    synced,
    jobs,
    (event) => link.request(AGENT_EVENTS.scheduleDrift, event),
    log,
    DRIFT_CHECK_MS,
  );

  return {
    handlers: {
      [JOB_NAMES.scheduleSync]: (job) => jobs.sync(job),
      [JOB_NAMES.scheduleRemove]: (job) => jobs.remove(job),
    },
    async start() {
      await trigger.start();
      requests.start();
      drift.start();
    },
    async stop() {
      drift.stop();
      requests.stop();
      await trigger.stop();
    },
  };
}
