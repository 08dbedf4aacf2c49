// Shared by the console benchmarks: a dedicated PostgreSQL database seeded with runs by
// generate_series, the built console (apps/console/dist) started on a free loopback port, and
// a cleanup that stops it and drops the database. Nothing here is aimed beyond 127.0.0.1.
// Simulated agents (many at once) run the built agent's own socket link and outbox
// (apps/agent/dist), so they speak to the console exactly as a real agent does.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

const root = join(import.meta.dirname, '..', '..', '..');
const SERVER = process.env.RAMPART_BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_PASSWORD = 'bench-admin-password';
/** The agent's default heartbeat (apps/agent/src/config/agent-config.ts). */
const AGENT_HEARTBEAT_SECONDS = 10;
const require = createRequire(import.meta.url);

/** Starts a console on its own database; `seed` runs once the schema exists. */
export async function startBenchConsole(name) {
  const suffix = randomBytes(4).toString('hex');
  const database = `rampart_bench_${name}_${suffix}`;
  const databaseUrl = `${SERVER}/${database}`;
  const port = await freePort();
  const queuePrefix = `bench-${suffix}`;
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []),
      join(root, 'apps/console/dist/main.js'),
      'serve',
    ],
    {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        REDIS_URL: REDIS,
        RAMPART_QUEUE_PREFIX: queuePrefix,
        RAMPART_ADMIN_PASSWORD: ADMIN_PASSWORD,
        RAMPART_JWT_SECRET: randomBytes(32).toString('base64'),
        RAMPART_MASTER_KEY: randomBytes(32).toString('base64'),
        RAMPART_LOG_LEVEL: 'warn',
        RAMPART_ACCESS_TOKEN_SECONDS: '3600',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const db = new pg.Client({ connectionString: databaseUrl });

  const close = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve).once('error', resolve));
    await db.end().catch(() => undefined);
    await dropDatabase(database);
  };

  try {
    await untilHealthy(url, child);
    await db.connect();
    const token = await login(url);
    const seeded = await seedTarget(db);
    return { url, db, token, pid: child.pid, queuePrefix, redisUrl: REDIS, close, ...seeded };
  } catch (error) {
    await close();
    throw error;
  }
}

/** An agent with a known secret and one target it serves. */
async function seedTarget(db) {
  const secret = randomBytes(24).toString('base64url');
  const hash = createHash('sha256').update(secret).digest('hex');
  const agent = await db.query(
    `INSERT INTO agents (name, secret_hash) VALUES ('bench-host', $1) RETURNING id`,
    [hash],
  );
  const agentId = agent.rows[0].id;
  const target = await db.query(
    `INSERT INTO targets (name, agent_id, oracle_sid) VALUES ('PROD1', $1, 'PROD1') RETURNING id`,
    [agentId],
  );
  return { agentId, secret, targetId: target.rows[0].id };
}

/**
 * `count` more agents, each with its own secret and one target (BENCH001, BENCH002, …), as
 * enrollment leaves them: only the secret's hash is stored.
 */
export async function enrollBenchAgents(bench, count) {
  const numbers = Array.from({ length: count }, (_, i) => String(i + 1).padStart(3, '0'));
  const secrets = numbers.map(() => randomBytes(24).toString('base64url'));
  const hashes = secrets.map((secret) => createHash('sha256').update(secret).digest('hex'));

  const agents = await bench.db.query(
    `INSERT INTO agents (name, secret_hash)
     SELECT 'bench-host-' || n, h FROM unnest($1::text[], $2::text[]) AS u(n, h)
     RETURNING id, name`,
    [numbers, hashes],
  );
  const idOf = new Map(agents.rows.map((row) => [row.name, row.id]));

  const enrolled = numbers.map((n, i) => ({
    agentId: idOf.get(`bench-host-${n}`),
    secret: secrets[i],
    targetName: `BENCH${n}`,
  }));
  const targets = await bench.db.query(
    `INSERT INTO targets (name, agent_id, oracle_sid)
     SELECT t, a, t FROM unnest($1::text[], $2::uuid[]) AS u(t, a)
     RETURNING id, name`,
    [enrolled.map((a) => a.targetName), enrolled.map((a) => a.agentId)],
  );
  const targetIdOf = new Map(targets.rows.map((row) => [row.name, row.id]));
  return enrolled.map((agent) => ({ ...agent, targetId: targetIdOf.get(agent.targetName) }));
}

/**
 * Connects enrolled agents through the built agent's ConsoleLink and Outbox (heartbeat every
 * 10 s, as the agent's default), `perSecond` at a time so their heartbeats spread out as a
 * fleet's do. Resolves once every link is connected; `close` disconnects them all.
 */
export async function connectBenchAgents(bench, agents, { perSecond = 100 } = {}) {
  const dist = join(root, 'apps/agent/dist');
  const { ConsoleLink } = require(join(dist, 'link/console-link.js'));
  const { Outbox } = require(join(dist, 'outbox/outbox.js'));
  const { AgentLogger } = require(join(dist, 'agent-logger.js'));
  const { AGENT_VERSION } = require(join(dist, 'daemon.js'));
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-agents-'));
  const log = new AgentLogger('error');

  const fleet = agents.map((agent) => {
    const outbox = new Outbox(join(dir, agent.agentId, 'outbox'));
    const running = new Set();
    const link = new ConsoleLink(
      {
        consoleUrl: bench.url,
        agentId: agent.agentId,
        secret: agent.secret,
        version: AGENT_VERSION,
        heartbeatSeconds: AGENT_HEARTBEAT_SECONDS,
        runningRunIds: () => [...running],
      },
      outbox,
      log,
    );
    return { ...agent, link, outbox, running, dataDir: join(dir, agent.agentId) };
  });
  const close = () => {
    for (const agent of fleet) agent.link.stop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    for (let i = 0; i < fleet.length; i += perSecond) {
      for (const agent of fleet.slice(i, i + perSecond)) agent.link.start();
      if (i + perSecond < fleet.length) await sleep(1000);
    }
    await until(() => fleet.every((agent) => agent.link.connected), 60_000, 'agents');
    return { agents: fleet, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** `count` runs, one second apart, newest now, with millisecond timestamps (keyset cursors). */
export async function seedRuns(bench, count) {
  const started = Date.now();
  await bench.db.query(
    `INSERT INTO logs_backup (target_id, agent_id, strategy_name, target_name, type, trigger,
       priority, status, queued_at, started_at, finished_at, duration_seconds, bytes, pieces,
       error_codes, primary_error, message)
     SELECT $1, $2, 'PROD1 nightly ' || (g % 7), 'PROD1',
       (ARRAY['full','incremental_level_1','archivelog'])[1 + g % 3], 'schedule', 'normal',
       (ARRAY['succeeded','succeeded','failed','succeeded_with_warnings'])[1 + g % 4],
       date_trunc('milliseconds', now()) - make_interval(secs => g),
       date_trunc('milliseconds', now()) - make_interval(secs => g) + interval '2 seconds',
       date_trunc('milliseconds', now()) - make_interval(secs => g) + interval '900 seconds',
       898, 1073741824 + g, 4,
       CASE WHEN g % 4 = 2 THEN ARRAY['ORA-19809','RMAN-03009'] ELSE '{}' END,
       CASE WHEN g % 4 = 2 THEN 'ORA-19809' END,
       CASE WHEN g % 4 = 2 THEN '=limit exceeded for recovery files' END
     FROM generate_series(1, $3) AS g`,
    [bench.targetId, bench.agentId, count],
  );
  await bench.db.query('ANALYZE logs_backup');
  return (Date.now() - started) / 1000;
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
export function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

/** Resident memory of a process now (VmRSS), in MB. */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

/** The value below which a share `q` (0.5, 0.99) of `values` falls. */
export function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `done` every 50 ms; throws after `timeoutMs`, naming what it waited for. */
export async function until(done, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs} ms`);
    await sleep(50);
  }
}

export function quickMode() {
  return process.argv.includes('--quick');
}

export function report(metrics) {
  console.log(JSON.stringify({ metrics }));
}

async function untilHealthy(url, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`console exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('console did not become healthy within 60 s');
}

async function login(url) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  return (await response.json()).accessToken;
}

async function dropDatabase(name) {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
