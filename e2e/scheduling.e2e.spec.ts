import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { startSmtpSink } from './support/smtp-sink';
import {
  freePort,
  ROOT,
  signInAsAdmin,
  startSystem,
  type SystemUnderTest,
  waitFor,
} from './support/system-under-test';

interface RunRow {
  id: string;
  status: string;
  trigger: string;
  strategyId: string;
}

/**
 * Oracle Scheduler as the clock: a schedule saved in the console becomes a DBMS_SCHEDULER job
 * in the (simulated) database; when the Scheduler fires it, the agent's `trigger` command
 * hands the run to the daemon, and the run arrives in the console with trigger `scheduler`.
 */
describe('a scheduled strategy fired by Oracle Scheduler', () => {
  let system: SystemUnderTest;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let token: string;

  beforeAll(async () => {
    sink = await startSmtpSink(await freePort());
    system = await startSystem(sink.port, {
      paceMs: 10,
      beforeAgent: async ({ agentConfig }) => useOwnIpcPath(agentConfig),
    });
    token = await signInAsAdmin(system.url, system.adminPassword);
  });

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  it('registers the job, fires it, and stores the run as a scheduler run', async () => {
    const strategy = await post(system, token, '/api/v1/strategies', scheduledStrategy());
    const jobName = `RAMPART_${strategy.id.replace(/-/g, '').toUpperCase().slice(0, 24)}`;

    await waitFor(
      async () => simulatorJobs(system).includes(jobName),
      60_000,
      `the Scheduler job ${jobName} in the simulated database\n${system.output()}`,
    );
    simulator(system, ['scheduler', 'advance', '--home', system.oracleHome, '--by', '1d']);

    let run: RunRow | undefined;
    await waitFor(
      async () => {
        const page = await get(system, token, `/api/v1/runs?strategyId=${strategy.id}`);
        run = (page.items as RunRow[]).find((r) => r.trigger === 'scheduler');
        return run?.status === 'succeeded';
      },
      90_000,
      `the scheduler run to succeed\n${system.output()}`,
    );
    expect(run).toMatchObject({ strategyId: strategy.id, trigger: 'scheduler' });
  });
});

function scheduledStrategy() {
  return {
    name: 'DEMO scheduled full',
    target: 'DEMO',
    type: 'full',
    priority: 'normal',
    schedule: {
      enabled: true,
      spec: { kind: 'daily', time: '03:00', timezone: 'UTC' },
      clock: 'oracle-scheduler',
      latePolicy: 'run-once',
      graceMinutes: 30,
    },
    options: {
      channels: 1,
      retention: { kind: 'redundancy', copies: 1 },
      maintenance: { crosscheck: true, deleteObsolete: true },
    },
  };
}

/** Each test system gets its own daemon socket, beside its own agent configuration. */
function useOwnIpcPath(agentConfig: string): void {
  const config = JSON.parse(readFileSync(agentConfig, 'utf8')) as Record<string, unknown>;
  config['ipcPath'] = join(dirname(agentConfig), 'agent.sock');
  writeFileSync(agentConfig, JSON.stringify(config, null, 2), { mode: 0o600 });
}

function simulator(system: SystemUnderTest, args: string[]): string {
  const result = spawnSync('node', ['apps/oracle-sim/dist/main.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`simulator ${args[0]}: ${result.stderr}`);
  return result.stdout;
}

function simulatorJobs(system: SystemUnderTest): string {
  return simulator(system, ['inspect', '--home', system.oracleHome, '--sid', 'DEMO', '--json']);
}

async function get(system: SystemUnderTest, token: string, path: string) {
  const response = await fetch(`${system.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown> & { items: unknown[] };
}

async function post(system: SystemUnderTest, token: string, path: string, body: unknown) {
  const response = await fetch(`${system.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}
