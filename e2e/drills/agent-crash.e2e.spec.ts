import { startSmtpSink } from '../support/smtp-sink';
import { freePort, startSystem, type SystemUnderTest, waitFor } from '../support/system-under-test';
import { DrillClient, recordFigure, SHORT } from './drill-kit';

/**
 * Drill (b): the agent dies with SIGKILL in the middle of a run. Its heartbeats stop, the
 * console's watchdog marks the run `interrupted` and the notification rule mails the DBA,
 * all within a minute.
 */
describe('drill: the agent is killed mid-run', () => {
  let system: SystemUnderTest;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    sink = await startSmtpSink(await freePort());
    system = await startSystem(sink.port, {
      paceMs: SHORT ? 200 : 300,
      env: { RAMPART_AGENT_SILENCE_SECONDS: '5' },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  it('ends the run interrupted and sends the alert within a minute', async () => {
    const client = new DrillClient(system);
    await client.signIn();
    const runId = await client.runDemo();
    await client.waitForLines(runId, 10, 60_000);
    expect(await client.status(runId)).toBe('running');

    await system.kill('agent', 'SIGKILL');
    const killed = Date.now();
    const status = await client.waitForStatus(runId, ['interrupted'], 60_000);
    recordFigure('agent-crash', 'interrupted_after_s', (Date.now() - killed) / 1000, 's');
    await waitFor(
      async () => sink.received.some((m) => /interrupted/i.test(m.subject)),
      60_000 - (Date.now() - killed),
      'the interrupted e-mail',
    );
    recordFigure('agent-crash', 'alert_after_s', (Date.now() - killed) / 1000, 's');

    expect(status).toBe('interrupted');
    expect(Date.now() - killed).toBeLessThan(60_000);
  });
});
