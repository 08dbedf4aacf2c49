import { startSmtpSink } from '../support/smtp-sink';
import { freePort, startSystem, type SystemUnderTest } from '../support/system-under-test';
import {
  compareWithRman,
  DrillClient,
  recordFigure,
  recordRmanOutput,
  SHORT,
  storedLines,
} from './drill-kit';

/**
 * Drill (a): the console dies with SIGKILL in the middle of a run and comes back. The agent
 * keeps its events in the outbox meanwhile; every line rman printed is stored exactly once.
 */
describe('drill: the console is killed mid-run', () => {
  let system: SystemUnderTest;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let printed: () => string[];

  beforeAll(async () => {
    sink = await startSmtpSink(await freePort());
    system = await startSystem(sink.port, {
      paceMs: SHORT ? 120 : 250,
      beforeAgent: async ({ oracleHome }) => {
        printed = recordRmanOutput(oracleHome);
      },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  it('stores every rman line exactly once after the console restarts', async () => {
    const client = new DrillClient(system);
    await client.signIn();
    const runId = await client.runDemo();
    await client.waitForLines(runId, 10, 60_000);
    expect(await client.status(runId)).toBe('running');

    await system.kill('console');
    const down = Date.now();
    await new Promise((resolve) => setTimeout(resolve, SHORT ? 2_000 : 5_000));
    await system.restart('console');
    recordFigure('console-crash', 'console_down_s', (Date.now() - down) / 1000, 's');
    await client.signIn();
    const status = await client.waitForStatus(runId, ['succeeded'], 120_000);

    const comparison = compareWithRman(await storedLines(system, runId), printed());
    recordFigure('console-crash', 'lines_stored', comparison.stored, 'lines');
    expect(status).toBe('succeeded');
    expect(comparison.printed).toBeGreaterThan(20);
    expect(comparison).toEqual({ ...comparison, stored: comparison.printed, identical: true });
  });
});
