import { join } from 'node:path';

import type { RunRequestEvent } from '@rampart/contracts';

import type { CommandResult } from '../cli/offline-commands';
import { RunRequestOutbox } from '../ipc/run-request-outbox';
import { sendToDaemon } from '../ipc/trigger-client';
import { plannedTimeFor } from './planned-time';
import { SyncedSchedules } from './synced-schedules';

export interface TriggerSettings {
  dataDir: string;
  ipcPath: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the agent keeps the schedules it registered. */
export function syncedSchedulesFile(dataDir: string): string {
  return join(dataDir, 'schedules.json');
}

/**
 * `trigger --strategy ID [--planned ISO]`, run by Oracle Scheduler: hands the run request to
 * the daemon; when the daemon is down, leaves it in the daemon's outbox for its next start and
 * still exits 0, so the Scheduler does not count a failure for a fire that is not lost.
 */
export async function triggerCommand(
  settings: TriggerSettings,
  strategyId: string,
  planned: string | undefined,
  now = new Date(),
): Promise<CommandResult> {
  const problem = invalidArguments(strategyId, planned);
  if (problem) return { exitCode: 2, stdout: '', stderr: `trigger: ${problem}\n` };

  const request = requestOf(settings, strategyId, planned, now);
  try {
    const answer = await sendToDaemon(settings.ipcPath, request);
    if (!answer.ok) return { exitCode: 1, stdout: '', stderr: `trigger: ${answer.error}\n` };
    const run = answer.runId ? ` as run ${answer.runId}` : ' (kept until the console answers)';
    return { exitCode: 0, stdout: `requested ${describe(request)}${run}\n`, stderr: '' };
  } catch (error) {
    const file = RunRequestOutbox.under(settings.dataDir).put(request);
    const reason = error instanceof Error ? error.message : String(error);
    const stderr =
      `trigger: the agent daemon is not reachable at ${settings.ipcPath} (${reason}); ` +
      `the request is kept in ${file} and goes to the console at the daemon's next start\n`;
    return { exitCode: 0, stdout: '', stderr };
  }
}

function invalidArguments(strategyId: string, planned: string | undefined): string | null {
  if (!UUID.test(strategyId)) return `--strategy must be a strategy id (a UUID): ${strategyId}`;
  if (planned !== undefined && Number.isNaN(Date.parse(planned))) {
    return `--planned must be an ISO date and time: ${planned}`;
  }
  return null;
}

function requestOf(
  settings: TriggerSettings,
  strategyId: string,
  planned: string | undefined,
  now: Date,
): RunRequestEvent {
  if (planned !== undefined) {
    return { strategyId, plannedAt: new Date(planned).toISOString() };
  }
  const schedule = new SyncedSchedules(syncedSchedulesFile(settings.dataDir)).find(strategyId);
  return { strategyId, plannedAt: plannedTimeFor(schedule, now) };
}

function describe(request: RunRequestEvent): string {
  return `strategy ${request.strategyId} planned at ${request.plannedAt}`;
}
