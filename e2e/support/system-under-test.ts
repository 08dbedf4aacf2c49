import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Client } from 'pg';

export const ROOT = resolve(__dirname, '..', '..');
const PG_SERVER =
  process.env['RAMPART_TEST_DATABASE_SERVER'] ?? 'postgres://postgres@127.0.0.1:5432';

export interface SystemUnderTest {
  url: string;
  adminPassword: string;
  databaseUrl: string;
  redisUrl: string;
  oracleHome: string;
  /** The agent's config file, and the queue prefix its console uses. */
  agentConfig: string;
  queuePrefix: string;
  /** Every console's URL, `url` first; more than one with `extraConsoles`. */
  consoleUrls: string[];
  output: () => string;
  /** Kills one part (SIGKILL by default, as a crash) and, unless asked, starts it again. */
  kill(part: SystemPart, signal?: NodeJS.Signals): Promise<void>;
  restart(part: SystemPart): Promise<void>;
  /** The process id of a running part, e.g. to read its memory from /proc. */
  pid(part: SystemPart): number | undefined;
  stop(): Promise<void>;
}

export type SystemPart = 'console' | 'agent';

/** Options for drills; without them the system starts as the foundation test expects. */
export interface SystemOptions {
  /** Time each simulated backup step takes (40 ms by default). */
  paceMs?: number;
  /** Extra environment for the console and the agent, e.g. RAMPART_AGENT_SILENCE_SECONDS. */
  env?: Record<string, string>;
  /** A Redis of the drill's own instead of REDIS_URL. */
  redisUrl?: string;
  /** Runs after seeding, before the agent starts: e.g. to put a proxy in front of it. */
  beforeAgent?: (system: { url: string; agentConfig: string; oracleHome: string }) => Promise<void>;
  /** More console processes on the same database, Redis and prefix; the agent dials `url`. */
  extraConsoles?: number;
}

/** A free TCP port on loopback, as the kernel hands one out. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The whole system as a DBA runs it, from the built artifacts: a simulated database DEMO,
 * the console (serving the dashboard) on its own PostgreSQL database and queue prefix, and
 * one agent. Mail goes to `smtpPort` on loopback.
 */
export async function startSystem(
  smtpPort: number,
  options: SystemOptions = {},
): Promise<SystemUnderTest> {
  const suffix = randomBytes(5).toString('hex');
  const work = mkdtempSync(join(tmpdir(), 'rampart-e2e-'));
  const oracleHome = join(work, 'oracle');
  const agentConfig = join(work, 'agent', 'agent.json');
  const port = await freePort();
  const databaseName = `rampart_e2e_${suffix}`;
  const adminPassword = `e2e-${suffix}`;
  const logs: string[] = [];

  const env = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `${PG_SERVER}/${databaseName}`,
    REDIS_URL: options.redisUrl ?? process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    RAMPART_QUEUE_PREFIX: `e2e-${suffix}`,
    RAMPART_PUBLIC_URL: `http://127.0.0.1:${port}`,
    RAMPART_ADMIN_PASSWORD: adminPassword,
    RAMPART_JWT_SECRET: randomBytes(32).toString('base64'),
    RAMPART_MASTER_KEY: randomBytes(32).toString('base64'),
    ...options.env,
  };

  runToEnd(
    'node',
    [
      'apps/oracle-sim/dist/main.js',
      'create',
      '--home',
      oracleHome,
      '--sid',
      'DEMO',
      '--pace-ms',
      String(options.paceMs ?? 40),
    ],
    env,
  );
  runToEnd(
    'node',
    [
      'apps/console/dist/main.js',
      'seed-demo',
      '--agent-config',
      agentConfig,
      '--oracle-home',
      oracleHome,
      '--sid',
      'DEMO',
      '--smtp-port',
      String(smtpPort),
    ],
    env,
  );

  const url = `http://127.0.0.1:${port}`;
  const commands: Record<SystemPart, string[]> = {
    console: ['apps/console/dist/main.js', 'serve'],
    agent: ['apps/agent/dist/main.js', '--config', agentConfig, 'start'],
  };
  const parts: Record<SystemPart, ChildProcess | null> = { console: null, agent: null };
  const start = async (part: SystemPart) => {
    parts[part] = keepRunning(part, commands[part], env, logs);
    if (part === 'console') {
      await waitFor(async () => (await fetch(`${url}/health`)).ok, 60_000, 'the console /health');
    }
  };

  await start('console');
  await options.beforeAgent?.({ url, agentConfig, oracleHome });
  await start('agent');
  const extra = await startExtraConsoles(options.extraConsoles ?? 0, env, logs);

  return {
    url,
    adminPassword,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    oracleHome,
    agentConfig,
    queuePrefix: env.RAMPART_QUEUE_PREFIX,
    consoleUrls: [url, ...extra.map((console) => console.url)],
    output: () => logs.join(''),
    async kill(part, signal = 'SIGKILL') {
      const child = parts[part];
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill(signal);
      await exited;
    },
    restart: (part) => start(part),
    pid: (part) => parts[part]?.pid,
    async stop() {
      const running = [...Object.values(parts), ...extra.map((console) => console.child)].filter(
        (c): c is ChildProcess => c !== null,
      );
      await Promise.all(running.map(stopProcess));
      await dropDatabase(databaseName);
      rmSync(work, { recursive: true, force: true });
    },
  };
}

function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${args[0]} ${args[1]} failed: ${result.stdout}\n${result.stderr}`);
  }
}

function keepRunning(label: string, args: string[], env: NodeJS.ProcessEnv, logs: string[]) {
  const child = spawn('node', args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => logs.push(`${label}: ${chunk}`));
  child.stderr.on('data', (chunk) => logs.push(`${label}: ${chunk}`));
  return child;
}

/** Consoles beside the first, on the same database, Redis and queue prefix, one port each. */
async function startExtraConsoles(count: number, env: NodeJS.ProcessEnv, logs: string[]) {
  const started: { url: string; child: ChildProcess }[] = [];
  for (let n = 2; n <= count + 1; n++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const own = { ...env, PORT: String(port), RAMPART_PUBLIC_URL: url };
    const args = ['apps/console/dist/main.js', 'serve'];
    started.push({ url, child: keepRunning(`console-${n}`, args, own, logs) });
    await waitFor(async () => (await fetch(`${url}/health`)).ok, 60_000, `console ${n} /health`);
  }
  return started;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}

export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function dropDatabase(name: string): Promise<void> {
  const client = new Client({ connectionString: `${PG_SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Signs in as `admin` on a console; fails loudly with the console's answer otherwise. */
export async function signInAsAdmin(url: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  }
  return ((await response.json()) as { accessToken: string }).accessToken;
}
