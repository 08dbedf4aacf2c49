import { getRepositoryToken } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Repository } from 'typeorm';

import { agentQueueName, JOB_NAMES, schedulerJobName } from '@rampart/contracts';

import { AgentsService } from '../src/agents/agents.service';
import { SmtpSettingsEntity } from '../src/notifications/notification.entity';
import { MissedRunsWatchdog } from '../src/schedules/missed-runs.watchdog';
import { ScheduleAgentEvents } from '../src/schedules/schedule-agent-events.service';
import { TargetsService } from '../src/targets/targets.service';
import { startTestConsole, type TestConsole } from './support/test-console';

const SYSTEM = { id: null, username: 'test-setup' };

interface Mail {
  to: string[];
  subject: string;
}

async function startSmtp(): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      simpleParser(stream)
        .then((mail) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
          });
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe(MissedRunsWatchdog.name, () => {
  let console: TestConsole;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let token: string;
  let agentId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    console = await startTestConsole();
    token = await console.login();

    agentId = (await console.get(AgentsService).register('sched-host', {})).agentId;
    await console.get(TargetsService).create(
      {
        name: 'PROD1',
        agentId,
        oracleHome: '/u01/app/oracle/product/19',
        oracleSid: 'PROD1',
        auth: 'os',
        connectString: null,
        username: null,
      },
      SYSTEM,
    );
    const smtpRows = console.get<Repository<SmtpSettingsEntity>>(
      getRepositoryToken(SmtpSettingsEntity) as never,
    );
    await smtpRows.save(
      smtpRows.create({
        id: 1,
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        rejectUnauthorized: true,
        username: null,
        passwordEnc: null,
        sender: 'Rampart <rampart@test.invalid>',
      }),
    );
  });

  afterAll(async () => {
    await console?.close();
    await smtp?.close();
  });

  async function createStrategy(name: string, latePolicy: 'run-once' | 'skip') {
    const response = await console.api('/api/v1/strategies', {
      method: 'POST',
      token,
      body: JSON.stringify({
        name,
        target: 'PROD1',
        type: 'full',
        schedule: {
          spec: { kind: 'everyHours', hours: 1, minute: 0, timezone: 'Europe/Paris' },
          clock: 'oracle-scheduler',
          latePolicy,
          graceMinutes: 10,
        },
        notify: { on: ['missed'], recipients: ['dba@test.invalid'] },
      }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string };
  }

  async function runsOf(strategyId: string) {
    const response = await console.api(`/api/v1/runs?strategyId=${strategyId}&limit=50`, { token });
    return ((await response.json()) as { items: Record<string, unknown>[] }).items;
  }

  it('marks a planned start with no run missed, applies run-once and mails the alert', async () => {
    const strategy = await createStrategy('Hourly full', 'run-once');
    const later = new Date(Date.now() + 2 * 3_600_000);

    const missed = await console.get(MissedRunsWatchdog).sweep(later);

    expect(missed.length).toBeGreaterThanOrEqual(1);
    const runs = await runsOf(strategy.id);
    const missedRuns = runs.filter((r) => r['status'] === 'missed');
    expect(missedRuns).toHaveLength(missed.length);
    expect(missedRuns[0]).toMatchObject({ trigger: 'scheduler' });
    expect(String(missedRuns[0]['message'])).toContain('late-run policy run-once');
    expect(runs.filter((r) => r['status'] === 'queued' && r['scheduledAt'] === null)).toHaveLength(
      1,
    );
    await waitFor(async () => smtp.mails.length >= missed.length, 'the missed-run e-mail');
    expect(smtp.mails[0]).toMatchObject({ to: ['dba@test.invalid'] });
    expect(smtp.mails[0].subject.toLowerCase()).toContain('missed');
  });

  it('records each missed start once however often it sweeps', async () => {
    const strategy = await createStrategy('Hourly twice swept', 'skip');
    const later = new Date(Date.now() + 2 * 3_600_000);
    const watchdog = console.get(MissedRunsWatchdog);

    const first = await watchdog.sweep(later);
    const second = await watchdog.sweep(later);

    expect(first.filter((r) => r.strategyId === strategy.id).length).toBeGreaterThanOrEqual(1);
    expect(second.filter((r) => r.strategyId === strategy.id)).toEqual([]);
    const runs = await runsOf(strategy.id);
    expect(runs.every((r) => String(r['message']).includes('late-run policy skip'))).toBe(true);
  });
});

describe(ScheduleAgentEvents.name, () => {
  let console: TestConsole;
  let token: string;
  let agentId: string;
  let strategyId: string;

  beforeAll(async () => {
    console = await startTestConsole();
    token = await console.login();
    agentId = (await console.get(AgentsService).register('fire-host', {})).agentId;
    await console.get(TargetsService).create(
      {
        name: 'PROD2',
        agentId,
        oracleHome: '/u01/app/oracle/product/19',
        oracleSid: 'PROD2',
        auth: 'os',
        connectString: null,
        username: null,
      },
      SYSTEM,
    );
    const response = await console.api('/api/v1/strategies', {
      method: 'POST',
      token,
      body: JSON.stringify({
        name: 'Nightly',
        target: 'PROD2',
        type: 'full',
        schedule: { spec: { kind: 'daily', time: '02:00', timezone: 'UTC' } },
      }),
    });
    strategyId = ((await response.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await console?.close();
  });

  it('answers a repeated fire of the same planned time with the same run', async () => {
    const events = console.get(ScheduleAgentEvents);
    const fire = { strategyId, plannedAt: '2030-01-01T02:00:00Z' };

    const first = await events.onRunRequest(agentId, fire);
    const again = await events.onRunRequest(agentId, {
      ...fire,
      plannedAt: '2030-01-01T02:00:00.000Z',
    });

    expect(again.runId).toBe(first.runId);
    const run = await (await console.api(`/api/v1/runs/${first.runId}`, { token })).json();
    expect(run).toMatchObject({ trigger: 'scheduler', status: 'queued' });
  });

  it("refuses a fire from an agent that does not serve the strategy's target", async () => {
    const other = (await console.get(AgentsService).register('other-host', {})).agentId;

    await expect(
      console
        .get(ScheduleAgentEvents)
        .onRunRequest(other, { strategyId, plannedAt: '2030-01-02T02:00:00Z' }),
    ).rejects.toThrow(/not this agent's/);
  });

  it('previews the next runs on the schedule endpoint', async () => {
    const response = await console.api(`/api/v1/strategies/${strategyId}/schedule?count=3`, {
      token,
    });

    expect(response.status).toBe(200);
    const body = (await response.json()) as { nextRuns: string[] };
    expect(body).toMatchObject({
      clock: 'oracle-scheduler',
      jobName: expect.stringMatching(/^RAMPART_/),
    });
    expect(body.nextRuns).toHaveLength(3);
    expect(body.nextRuns.every((t: string) => t.includes('T02:00:00'))).toBe(true);
  });

  it('answers 400 naming count when the preview count is not a number', async () => {
    const response = await console.api(`/api/v1/strategies/${strategyId}/schedule?count=lots`, {
      token,
    });

    expect(response.status).toBe(400);
    const body = (await response.json()) as { problems: { field: string }[] };
    expect(body.problems[0]).toMatchObject({ field: 'count' });
  });

  describe('drift', () => {
    const queuedJobs = async (name: string) => {
      const queue = new Queue(agentQueueName(agentId), {
        connection: new Redis(console.config.redisUrl, { maxRetriesPerRequest: null }),
        prefix: console.config.queuePrefix,
      });
      const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active']);
      await queue.close();
      return jobs.filter((j) => j.name === name);
    };

    it('shows a calendar changed by hand on the schedule endpoint', async () => {
      const jobName = schedulerJobName(strategyId);

      await console.get(ScheduleAgentEvents).onDrift(agentId, {
        strategyId,
        jobName,
        problem: 'calendar',
        expected: 'FREQ=DAILY;BYHOUR=2',
        actual: 'FREQ=DAILY;BYHOUR=5',
      });
      const view = (await (
        await console.api(`/api/v1/strategies/${strategyId}/schedule`, { token })
      ).json()) as { drift: unknown[] };

      expect(view.drift).toEqual([
        expect.objectContaining({ problem: 'calendar', actual: 'FREQ=DAILY;BYHOUR=5' }),
      ]);
    });

    it('drops the left-over job of a deleted strategy, and audits it', async () => {
      const created = await console.api('/api/v1/strategies', {
        method: 'POST',
        token,
        body: JSON.stringify({
          name: 'Gone soon',
          target: 'PROD2',
          type: 'full',
          schedule: { spec: { kind: 'daily', time: '03:00', timezone: 'UTC' } },
        }),
      });
      const goneId = ((await created.json()) as { id: string }).id;
      await console.api(`/api/v1/strategies/${goneId}`, { method: 'DELETE', token });
      const removalsBefore = (await queuedJobs(JOB_NAMES.scheduleRemove)).length;

      const answer = await console.get(ScheduleAgentEvents).onDrift(agentId, {
        strategyId: '',
        jobName: schedulerJobName(goneId),
        problem: 'unexpected',
        expected: null,
        actual: 'FREQ=DAILY;BYHOUR=3',
      });
      const removals = await queuedJobs(JOB_NAMES.scheduleRemove);
      const audit = (await (
        await console.api(`/api/v1/audit?action=drop-left-over-job&entityId=${goneId}`, { token })
      ).json()) as { items: unknown[] };

      expect(answer).toEqual({ ok: true, action: 'dropped' });
      expect(removals.length).toBe(removalsBefore + 1);
      expect(removals.at(-1)?.data).toMatchObject({ strategyId: goneId });
      expect(audit.items).toHaveLength(1);
    });

    it("registers again a live strategy's forgotten job, and leaves others' jobs", async () => {
      const events = console.get(ScheduleAgentEvents);
      const syncsBefore = (await queuedJobs(JOB_NAMES.scheduleSync)).length;

      const forgotten = await events.onDrift(agentId, {
        strategyId: '',
        jobName: schedulerJobName(strategyId),
        problem: 'unexpected',
        expected: null,
        actual: 'FREQ=DAILY;BYHOUR=2',
      });
      const foreign = await events.onDrift(agentId, {
        strategyId: '',
        jobName: 'RAMPART_DBAS_OWN_JOB',
        problem: 'unexpected',
        expected: null,
        actual: 'FREQ=WEEKLY',
      });

      expect(forgotten).toEqual({ ok: true, action: 'registered-again' });
      expect(foreign).toEqual({ ok: true, action: 'left' });
      expect((await queuedJobs(JOB_NAMES.scheduleSync)).length).toBeGreaterThan(syncsBefore);
    });
  });
});
