import { MetricsService } from '../src/metrics/metrics.service';
import { connectAgent, runFixtures, type RunFixtures } from './support/run-fixtures';
import { startTestConsole, type TestConsole } from './support/test-console';

describe(MetricsService.name, () => {
  let console: TestConsole;
  let fx: RunFixtures;

  beforeAll(async () => {
    console = await startTestConsole();
    fx = await runFixtures(console);
  });

  afterAll(async () => {
    await console.close();
  });

  const scrape = async () => (await console.api('/metrics')).text();

  it('answers Prometheus text without a token, outside the API prefix', async () => {
    const response = await console.api('/metrics');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('counts runs by status from logs_backup', async () => {
    await fx.run({ status: 'failed' });
    await fx.run({ status: 'failed' });

    expect(await scrape()).toMatch(/rampart_runs\{status="failed"\} 2\b/);
  });

  it('counts agent connections and the log lines they send', async () => {
    const runId = await fx.run({ status: 'running' });
    const agent = await connectAgent(console, fx);
    const lines = [1, 2, 3].map((seq) => ({
      seq,
      ts: new Date().toISOString(),
      stream: 'stdout',
      text: `channel ORA_DISK_1: starting piece ${seq}`,
    }));

    const ack = await agent.emitWithAck('run.log', { runId, lines });

    expect(ack).toEqual({ runId, ackedSeq: 3 });
    const text = await scrape();
    expect(text).toMatch(/rampart_agent_connections 1\b/);
    expect(text).toMatch(/rampart_log_lines_ingested_total 3\b/);
    agent.disconnect();
  });

  it('times requests by route pattern, never by raw path', async () => {
    await console.api('/api/v1/runs/00000000-0000-4000-8000-000000000000');

    const text = await scrape();
    expect(text).toContain('route="/api/v1/runs/:id"');
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
  });

  it("echoes the caller's x-request-id and makes one when it is absent or unsafe", async () => {
    const given = await console.api('/health', { headers: { 'x-request-id': 'rq-42' } });
    const unsafe = await console.api('/health', { headers: { 'x-request-id': 'a b\tc' } });

    expect(given.headers.get('x-request-id')).toBe('rq-42');
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
