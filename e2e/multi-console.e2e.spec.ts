import { readFileSync } from 'node:fs';

import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';

import { startSmtpSink } from './support/smtp-sink';
import {
  freePort,
  signInAsAdmin,
  startSystem,
  type SystemUnderTest,
  waitFor,
} from './support/system-under-test';

interface LiveLine {
  seq: number;
  text: string;
}

interface RunUpdate {
  id: string;
  status: string;
}

/**
 * Two console processes on one database, one Redis and one queue prefix, as behind a load
 * balancer: the agent reports to console A, a dashboard follows the run on console B, and B
 * relays every live line and the final state through the socket.io Redis adapter.
 */
describe('several consoles behind one load balancer', () => {
  let system: SystemUnderTest;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let dashboard: Socket | null = null;

  beforeAll(async () => {
    sink = await startSmtpSink(await freePort());
    system = await startSystem(sink.port, { extraConsoles: 1, paceMs: 120 });
  });

  afterAll(async () => {
    dashboard?.disconnect();
    await system?.stop();
    await sink?.close();
  });

  it('streams a run started on console B, carried out through console A, to B live', async () => {
    const [consoleA, consoleB] = system.consoleUrls as [string, string];
    const agentFile = JSON.parse(readFileSync(system.agentConfig, 'utf8'));
    expect(agentFile.consoleUrl).toBe(consoleA);

    const token = await signInAsAdmin(consoleB, system.adminPassword);
    dashboard = await connectDashboard(consoleB, token);
    const lines: LiveLine[] = [];
    const updates: RunUpdate[] = [];
    dashboard.on('run.log', (event: { runId: string; lines: LiveLine[] }) =>
      lines.push(...event.lines),
    );
    dashboard.on('run.updated', (run: RunUpdate) => updates.push(run));

    const strategies = await api(consoleB, '/api/v1/strategies', token);
    const demo = strategies.find((s: { name: string }) => s.name === 'DEMO nightly full');
    const run = await api(consoleB, `/api/v1/strategies/${demo.id}/runs`, token, 'POST');
    expect(await dashboard.emitWithAck('run.follow', run.id)).toEqual({ ok: true });

    await waitFor(
      async () => updates.some((u) => u.id === run.id && u.status === 'succeeded'),
      90_000,
      `console B to relay run ${run.id} succeeding\n${system.output()}`,
    );

    const texts = lines.map((line) => line.text);
    expect(texts).toContain('Recovery Manager complete.');
    const seqs = lines.map((line) => line.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    expect(updates.filter((u) => u.id === run.id).map((u) => u.status)).toContain('running');
  });

  it('keeps one watchdog lead for the deployment, with a TTL to hand over', async () => {
    const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    try {
      const holder = await redis.get(`${system.queuePrefix}:leader:watchdog`);
      const ttl = await redis.pttl(`${system.queuePrefix}:leader:watchdog`);

      expect(holder).toMatch(/:\d+:[0-9a-f]{8}$/);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30_000);
    } finally {
      redis.disconnect();
    }
  });
});

async function connectDashboard(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}/ui`, { auth: { token }, transports: ['websocket'] });
  await new Promise<void>((done, fail) => {
    socket.once('connect', () => done());
    socket.once('connect_error', fail);
  });
  return socket;
}

async function api(url: string, path: string, token: string, method = 'GET') {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}
