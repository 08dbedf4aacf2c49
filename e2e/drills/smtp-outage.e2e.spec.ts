import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

import { startSmtpSink } from '../support/smtp-sink';
import { freePort, startSystem, type SystemUnderTest, waitFor } from '../support/system-under-test';
import { DrillClient, injectFault, recordFigure, SHORT } from './drill-kit';

interface Rule {
  events: string[];
  recipients: string[];
  strategyId: string | null;
  enabled: boolean;
}

interface Notification {
  id: string;
  runId: string | null;
  recipients: string[];
  status: string;
  attempts: number;
  attemptLog: { at: string; ok: boolean; response: string }[];
}

/** The first back-off of a message; it doubles after each failed attempt. */
const BACKOFF_MS = 250;

/**
 * Drill (e): the SMTP server is down while runs succeed and fail. First it refuses
 * connections, then it answers 451 (try again later), then it accepts again. Every alert the
 * rules call for reaches the sink exactly once, and the history shows the failed attempts
 * before the one that sent it.
 */
describe('drill: SMTP is down while runs raise alerts', () => {
  let system: SystemUnderTest;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    sink = await startSmtpSink(await freePort());
    system = await startSystem(sink.port, {
      paceMs: SHORT ? 20 : 60,
      // Short back-offs, and enough attempts to outlast the outage (250 ms · 2^11 ≈ 8.5 min).
      env: { RAMPART_NOTIFY_BACKOFF_MS: String(BACKOFF_MS), RAMPART_NOTIFY_ATTEMPTS: '12' },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  it('delivers every alert exactly once when SMTP is back', async () => {
    const client = new DrillClient(system);
    await client.signIn();
    const rules = await client.api<Rule[]>('/api/v1/notifications/rules');
    const history = async (runId: string) =>
      (await client.api<{ items: Notification[] }>(`/api/v1/notifications?runId=${runId}`)).items;
    const failedWith = async (runId: string, answer: RegExp, times = 1) =>
      (await history(runId)).some(
        (n) => n.attemptLog.filter((a) => !a.ok && answer.test(a.response)).length >= times,
      );

    await sink.stop();
    const refused = [await client.runDemo()];
    await client.waitForStatus(refused[0], ['succeeded'], 60_000);
    injectFault(system, 'disk-full');
    refused.push(await client.runDemo());
    await client.waitForStatus(refused[1], ['failed'], 60_000);
    // Held down until the first alert has been refused several times over its back-offs.
    const retries = SHORT ? 3 : 5;
    await waitFor(() => failedWith(refused[0], /ECONNREFUSED/, retries), 60_000, 'retries');
    await waitFor(() => failedWith(refused[1], /ECONNREFUSED/), 30_000, 'a refused attempt');

    sink.refuse(451);
    await sink.start();
    const busy = await client.runDemo();
    await client.waitForStatus(busy, ['succeeded'], 60_000);
    await waitFor(() => failedWith(busy, /451/), 30_000, 'an attempt answered 451');

    sink.refuse(null);
    const back = Date.now();
    const runs = [...refused, busy];
    await waitFor(
      async () => {
        for (const runId of runs) {
          if ((await history(runId)).some((n) => n.status !== 'sent')) return false;
        }
        return true;
      },
      120_000,
      'every alert sent',
    );
    const drainSeconds = (Date.now() - back) / 1000;
    await waitForNoSendJob(system);

    const expected = await expectedMails(client, rules, runs);
    const notifications = (await Promise.all(runs.map(history))).flat();
    const received = sink.received.map((m) => m.messageId);
    const delivered = notifications.filter((n) =>
      received.includes(`<${n.id}@rampart.notifications>`),
    );
    const duplicates = received.length - new Set(received).size;
    recordFigure('smtp-outage', 'alerts_expected', expected.length, 'mails');
    recordFigure('smtp-outage', 'alerts_delivered', delivered.length, 'mails');
    recordFigure('smtp-outage', 'duplicates', duplicates, 'mails');
    recordFigure('smtp-outage', 'drained_after_s', drainSeconds, 's');
    recordFigure(
      'smtp-outage',
      'failed_attempts',
      notifications.reduce((sum, n) => sum + n.attemptLog.filter((a) => !a.ok).length, 0),
      'attempts',
    );

    const addressed = notifications.map((n) => `${n.runId} ${[...n.recipients].sort()}`);
    expect(addressed.sort()).toEqual(expected.sort());
    expect(received.length).toBe(notifications.length);
    expect(duplicates).toBe(0);
    expect(delivered.length).toBe(notifications.length);
    for (const n of notifications) {
      const last = n.attemptLog[n.attemptLog.length - 1];
      expect(n.status).toBe('sent');
      expect(n.attempts).toBe(n.attemptLog.length);
      expect(n.attemptLog.filter((a) => a.ok)).toEqual([last]);
      expect(n.attemptLog.length).toBeGreaterThan(1);
    }
    for (const runId of refused) expect(await failedWith(runId, /ECONNREFUSED/)).toBe(true);
    expect(await failedWith(busy, /451/)).toBe(true);
  });
});

/**
 * What the rules call for: per run, its outcome mailed once to every address of every enabled
 * rule of the demo strategy that names the outcome (the strategy's own block adds the same
 * address, which the planner does not address twice).
 */
async function expectedMails(client: DrillClient, rules: Rule[], runs: string[]) {
  const expected: string[] = [];
  for (const runId of runs) {
    const status = await client.status(runId);
    const covering = rules.filter((r) => r.enabled && r.strategyId && r.events.includes(status));
    for (const rule of covering) expected.push(`${runId} ${[...rule.recipients].sort()}`);
  }
  return expected;
}

/** Waits until no `send` job waits, runs or is delayed: nothing is left that could resend. */
async function waitForNoSendJob(system: SystemUnderTest): Promise<void> {
  const connection = new Redis(system.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('notifications', { connection, prefix: system.queuePrefix });
  try {
    await waitFor(
      async () => {
        const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized']);
        return !jobs.some((job) => job.name === 'send');
      },
      30_000,
      'the notification queue to settle',
    );
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
