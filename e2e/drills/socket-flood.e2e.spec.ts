import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSmtpSink } from '../support/smtp-sink';
import { freePort, ROOT, startSystem, type SystemUnderTest } from '../support/system-under-test';
import {
  compareWithRman,
  DrillClient,
  recordFigure,
  recordRmanOutput,
  SHORT,
  storedLines,
} from './drill-kit';

interface PhaseReport {
  sent?: number;
  refused: number;
  accepted: number;
  errors: Record<string, number>;
  disconnected: boolean;
}

interface FloodReport {
  oversize: (PhaseReport & { bytes: number })[];
  burst: PhaseReport & { sent: number; megabytes: number; writeSeconds: number };
  malformed: PhaseReport & { sent: number };
}

/**
 * Drill (f): a second enrolled agent floods the console's /agents socket (messages of several
 * MB, thousands of large run.log batches for a run it does not own, malformed events) while the
 * real agent runs a backup. The console keeps answering /health, its memory stays bounded, the
 * flooder is cut off or refused, and the real run stores every rman line exactly once.
 */
describe('drill: an agent floods the /agents socket during a run', () => {
  let system: SystemUnderTest;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let printed: () => string[];

  beforeAll(async () => {
    sink = await startSmtpSink(await freePort());
    system = await startSystem(sink.port, {
      // Slow enough that the run outlasts the flood.
      paceMs: SHORT ? 300 : 400,
      beforeAgent: async ({ oracleHome }) => {
        printed = recordRmanOutput(oracleHome);
      },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
  });

  it('stays up, bounded and exact while the flooder is refused', async () => {
    const client = new DrillClient(system);
    await client.signIn();
    const flooder = await enrollAgent(client, 'flooder');
    const runId = await client.runDemo();
    await client.waitForLines(runId, 5, 60_000);
    const pid = system.pid('console');
    if (!pid) throw new Error('the console is not running');
    const baselineMb = memoryMb(pid, 'VmRSS');

    const linesBefore = (await storedLines(system, runId)).length;
    const probe = probeHealth(system.url, pid);
    const report = await flood(system.url, runId, flooder, SHORT ? 1_000 : 2_000);
    const during = await probe.stop();
    const linesDuring = (await storedLines(system, runId)).length - linesBefore;
    const status = await client.waitForStatus(runId, ['succeeded'], 180_000);
    const after = await fetch(`${system.url}/health`);

    const stored = await storedLines(system, runId);
    const comparison = compareWithRman(stored, printed());
    const { lost, doubled } = countDifferences(
      stored.filter((l) => l.stream !== 'agent').map((l) => l.text),
      printed(),
    );
    const peakMb = memoryMb(pid, 'VmHWM');
    const figure = (name: string, value: number, unit: string) =>
      recordFigure('socket-flood', name, value, unit);
    figure('flood_sent', report.burst.megabytes, 'MB');
    figure('flood_refused', report.burst.refused, 'batches');
    figure('run_lines_during_flood', linesDuring, 'lines');
    figure('max_health_latency', during.maxLatencyMs, 'ms');
    figure('health_failures', during.failures, 'probes');
    figure('console_rss_before', baselineMb, 'MB');
    figure('console_peak_rss', peakMb, 'MB');
    figure('lines_lost', lost, 'lines');
    figure('lines_doubled', doubled, 'lines');

    expect(status).toBe('succeeded');
    expect(linesDuring).toBeGreaterThan(0);
    expect(after.status).toBe(200);
    expect(during.failures).toBe(0);
    expect(during.maxLatencyMs).toBeLessThan(3_000);
    expect(peakMb - baselineMb).toBeLessThan(400);
    expect({ lost, doubled }).toEqual({ lost: 0, doubled: 0 });
    expect(comparison).toEqual({ ...comparison, stored: comparison.printed, identical: true });

    for (const phase of [...report.oversize, report.burst, report.malformed]) {
      expect(phase.accepted).toBe(0);
    }
    for (const oversize of report.oversize) expect(oversize.disconnected).toBe(true);
    expect(report.burst.disconnected || report.burst.refused === report.burst.sent).toBe(true);
    expect(report.malformed.disconnected).toBe(true);
  });
});

/** Enrolls an agent as `rampart-agent enroll` does; answers its credentials. */
async function enrollAgent(client: DrillClient, agentName: string) {
  const { token } = await client.api<{ token: string }>(
    '/api/v1/agents/enrollment-tokens',
    'POST',
    { agentName },
  );
  return client.api<{ agentId: string; secret: string }>('/api/v1/agents/enroll', 'POST', {
    token,
  });
}

/** Runs tools/drills/socket-flooder.mjs against the console and answers its report. */
function flood(
  url: string,
  runId: string,
  agent: { agentId: string; secret: string },
  batches: number,
): Promise<FloodReport> {
  const script = join(ROOT, 'tools', 'drills', 'socket-flooder.mjs');
  const child = spawn('node', [script, url, runId, String(batches), '100'], {
    cwd: ROOT,
    env: {
      ...process.env,
      RAMPART_FLOOD_AGENT_ID: agent.agentId,
      RAMPART_FLOOD_SECRET: agent.secret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((done, fail) => {
    child.once('exit', (code) => {
      if (code === 0) done(JSON.parse(output) as FloodReport);
      else fail(new Error(`the flooder ended with ${code}: ${output.slice(-2000)}`));
    });
  });
}

/** Asks /health every 100 ms until stopped: the slowest answer, failures, the largest RSS. */
function probeHealth(url: string, pid: number) {
  let stopped = false;
  let maxLatencyMs = 0;
  let failures = 0;
  let peakRssMb = 0;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) })
        .then((r) => r.ok)
        .catch(() => false);
      maxLatencyMs = Math.max(maxLatencyMs, performance.now() - started);
      if (!ok) failures += 1;
      peakRssMb = Math.max(peakRssMb, memoryMb(pid, 'VmRSS'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { maxLatencyMs, failures, peakRssMb };
    },
  };
}

/** A memory figure of a process from /proc/PID/status, in MB (VmRSS now, VmHWM its peak). */
function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  if (!kb) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/** Lines rman printed that were not stored, and stored lines beyond what rman printed. */
function countDifferences(stored: string[], printed: string[]) {
  const balance = new Map<string, number>();
  for (const text of printed) balance.set(text, (balance.get(text) ?? 0) + 1);
  for (const text of stored) balance.set(text, (balance.get(text) ?? 0) - 1);
  let lost = 0;
  let doubled = 0;
  for (const count of balance.values()) {
    if (count > 0) lost += count;
    else doubled -= count;
  }
  return { lost, doubled };
}
