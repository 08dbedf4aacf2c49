import { readFileSync, writeFileSync } from 'node:fs';

import { startSmtpSink } from '../support/smtp-sink';
import { freePort, startSystem, type SystemUnderTest } from '../support/system-under-test';
import { TcpProxy } from '../support/tcp-proxy';
import {
  compareWithRman,
  DrillClient,
  recordFigure,
  recordRmanOutput,
  SHORT,
  storedLines,
} from './drill-kit';

/**
 * Drill (d): the agent's connection to the console is cut again and again during a run (a
 * relay in between drops every socket). Reconnecting resends from the outbox; the console
 * stores each line once: nothing lost, nothing doubled.
 */
describe('drill: the agent connection is cut repeatedly mid-run', () => {
  let system: SystemUnderTest;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let proxy: TcpProxy;
  let printed: () => string[];

  beforeAll(async () => {
    sink = await startSmtpSink(await freePort());
    system = await startSystem(sink.port, {
      // Slow enough that the run outlasts several cuts on any machine.
      paceMs: SHORT ? 300 : 400,
      beforeAgent: async ({ url, agentConfig, oracleHome }) => {
        printed = recordRmanOutput(oracleHome);
        proxy = new TcpProxy(Number(new URL(url).port));
        const relayPort = await proxy.listen();
        const config = JSON.parse(readFileSync(agentConfig, 'utf8'));
        config.consoleUrl = `http://127.0.0.1:${relayPort}`;
        writeFileSync(agentConfig, JSON.stringify(config, null, 2), { mode: 0o600 });
      },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await proxy?.close();
    await sink?.close();
  });

  it('loses and doubles no line across the cuts', async () => {
    const client = new DrillClient(system);
    await client.signIn();
    const runId = await client.runDemo();
    await client.waitForLines(runId, 5, 60_000);

    while ((await client.status(runId)) === 'running' && proxy.cuts < (SHORT ? 4 : 8)) {
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const status = await client.waitForStatus(runId, ['succeeded'], 120_000);

    const comparison = compareWithRman(await storedLines(system, runId), printed());
    recordFigure('connection-cuts', 'cuts', proxy.cuts, 'cuts');
    recordFigure('connection-cuts', 'lines_stored', comparison.stored, 'lines');
    expect(status).toBe('succeeded');
    expect(proxy.cuts).toBeGreaterThanOrEqual(3);
    expect(comparison).toEqual({ ...comparison, stored: comparison.printed, identical: true });
  });
});
