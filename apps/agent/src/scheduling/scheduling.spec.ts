import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AgentLogger } from '../agent-logger';
import { RunRequestOutbox } from '../ipc/run-request-outbox';
import { TriggerServer } from '../ipc/trigger-server';
import { plannedTimeFor } from './planned-time';
import { scheduleDrift } from './schedule-drift';
import type { SyncedSchedule } from './synced-schedules';
import { SyncedSchedules } from './synced-schedules';
import { syncedSchedulesFile, triggerCommand } from './trigger-command';

const STRATEGY = '2b9f4c1e-8d3a-4f7b-9c2e-1a5d6e7f8a9b';

function schedule(overrides: Partial<SyncedSchedule> = {}): SyncedSchedule {
  return {
    strategyId: STRATEGY,
    jobName: 'RAMPART_2B9F4C1E8D3A4F7B9C2E1A5D',
    targetName: 'PROD1',
    oracleHome: '/u01/app/oracle',
    oracleSid: 'PROD1',
    expression: 'FREQ=DAILY;BYHOUR=2;BYMINUTE=0;BYSECOND=0',
    startDate: '2024-01-01T00:00:00',
    timezone: 'Europe/Paris',
    enabled: true,
    graceMinutes: 15,
    syncedAt: '2024-01-01T00:00:00Z',
    ...overrides,
  };
}

describe('plannedTimeFor', () => {
  it('takes the calendar slot when Oracle fires a little late', () => {
    const now = new Date('2024-03-08T01:03:20Z');

    expect(plannedTimeFor(schedule(), now)).toBe('2024-03-08T01:00:00.000Z');
  });

  it('follows the region across DST: 02:00 Paris is 00:00 UTC in summer', () => {
    const now = new Date('2024-07-01T00:00:40Z');

    expect(plannedTimeFor(schedule(), now)).toBe('2024-07-01T00:00:00.000Z');
  });

  it('falls back to now, to the second, when no slot is within the grace', () => {
    const now = new Date('2024-03-08T09:30:12.345Z');

    expect(plannedTimeFor(schedule(), now)).toBe('2024-03-08T09:30:12.000Z');
  });
});

describe('scheduleDrift', () => {
  const row = { jobName: schedule().jobName, enabled: true, state: 'SCHEDULED' };

  it('reports a job dropped behind the agent', () => {
    expect(scheduleDrift([schedule()], [])).toEqual([
      expect.objectContaining({ problem: 'missing', strategyId: STRATEGY }),
    ]);
  });

  it('reports a job disabled by hand and a calendar changed by hand', () => {
    const drifted = { ...row, enabled: false, repeatInterval: 'FREQ=DAILY;BYHOUR=3' };

    const problems = scheduleDrift([schedule()], [drifted]).map((d) => d.problem);

    expect(problems).toEqual(['disabled', 'calendar']);
  });

  it('finds nothing when the job matches, whatever the case and trailing semicolon', () => {
    const same = { ...row, repeatInterval: 'freq=daily;byhour=2;byminute=0;bysecond=0;' };

    expect(scheduleDrift([schedule()], [same])).toEqual([]);
  });

  it('reports a RAMPART_ job it never registered, and leaves other jobs alone', () => {
    const same = { ...row, repeatInterval: 'FREQ=DAILY;BYHOUR=2;BYMINUTE=0;BYSECOND=0' };
    const leftOver = { ...row, jobName: 'rampart_0123456789abcdef01234567', repeatInterval: 'X' };
    const dbasOwn = { ...row, jobName: 'NIGHTLY_STATS', repeatInterval: 'FREQ=DAILY' };

    expect(scheduleDrift([schedule()], [same, leftOver, dbasOwn])).toEqual([
      {
        strategyId: '',
        jobName: 'RAMPART_0123456789ABCDEF01234567',
        problem: 'unexpected',
        expected: null,
        actual: 'X',
      },
    ]);
  });
});

describe('triggerCommand', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-trigger-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the request in the outbox and exits 0 when the daemon is down', async () => {
    const settings = { dataDir: dir, ipcPath: join(dir, 'absent.sock') };
    new SyncedSchedules(syncedSchedulesFile(dir)).save(schedule());

    const result = await triggerCommand(
      settings,
      STRATEGY,
      undefined,
      new Date('2024-03-08T01:02:00Z'),
    );

    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('not reachable');
    expect(RunRequestOutbox.under(dir).pending()).toEqual([
      { strategyId: STRATEGY, plannedAt: '2024-03-08T01:00:00.000Z' },
    ]);
  });

  it('hands the request to the daemon over its socket', async () => {
    const ipcPath = join(dir, 'agent.sock');
    const received: unknown[] = [];
    const server = new TriggerServer(
      ipcPath,
      async (request) => {
        received.push(request);
        return { ok: true, delivery: 'sent', runId: 'run-1' };
      },
      new AgentLogger('error'),
    );
    await server.start();

    try {
      const result = await triggerCommand(
        { dataDir: dir, ipcPath },
        STRATEGY,
        '2024-03-08T01:00:00Z',
      );

      expect(result).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('run-1') });
      expect(received).toEqual([{ strategyId: STRATEGY, plannedAt: '2024-03-08T01:00:00.000Z' }]);
    } finally {
      await server.stop();
    }
  });

  it.each(['../../etc/passwd', "x'; DROP TABLE logs_backup; --", ''])(
    'refuses a strategy id that is not a UUID: %j',
    async (hostile) => {
      const result = await triggerCommand(
        { dataDir: dir, ipcPath: join(dir, 's') },
        hostile,
        undefined,
      );

      expect(result.exitCode).toBe(2);
      expect(RunRequestOutbox.under(dir).pending()).toEqual([]);
    },
  );
});
