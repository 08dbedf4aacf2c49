// Shared by the console benchmarks: a dedicated PostgreSQL database seeded with runs by
// generate_series, the built console (apps/console/dist) started on a free loopback port, and
// a cleanup that stops it and drops the database. Nothing here is aimed beyond 127.0.0.1.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import pg from 'pg';

const root = join(import.meta.dirname, '..', '..', '..');
const SERVER = process.env.RAMPART_BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_PASSWORD = 'bench-admin-password';

/** Starts a console on its own database; `seed` runs once the schema exists. */
export async function startBenchConsole(name) {
  const suffix = randomBytes(4).toString('hex');
  const database = `rampart_bench_${name}_${suffix}`;
  const databaseUrl = `${SERVER}/${database}`;
  const port = await freePort();
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
        RAMPART_QUEUE_PREFIX: `bench-${suffix}`,
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
    return { url, db, token, pid: child.pid, close, ...(await seedTarget(db)) };
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
