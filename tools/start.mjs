#!/usr/bin/env node
// `npm start`: the whole system on this machine. Builds what is missing, creates the simulated
// database DEMO, starts a local mail sink, the console (serving the dashboard) and one agent
// enrolled for DEMO, then prints where to sign in. Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const state = resolve(process.env.RAMPART_STATE_DIR ?? join(root, '.rampart'));
const port = Number(process.env.PORT ?? 3000);
const sinkPort = Number(process.env.RAMPART_SMTP_SINK_PORT ?? 2525);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rampart';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const oracleHome = join(state, 'oracle');
const agentConfig = join(state, 'agent', 'agent.json');
const children = [];

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
  setTimeout(() => process.exit(code), 1500).unref();
  if (children.length === 0) process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** Secrets made once for this machine's demo, kept readable by this user only. */
function demoSecrets() {
  const file = join(state, 'secrets.json');
  const fresh = !existsSync(file);
  if (fresh) {
    const secrets = {
      RAMPART_JWT_SECRET: randomBytes(32).toString('base64'),
      RAMPART_MASTER_KEY: randomBytes(32).toString('base64'),
      RAMPART_ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
    };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  const secrets = JSON.parse(readFileSync(file, 'utf8'));
  if (process.env.RAMPART_ADMIN_PASSWORD) {
    secrets.RAMPART_ADMIN_PASSWORD = process.env.RAMPART_ADMIN_PASSWORD;
  }
  return { secrets, file, fresh };
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

  if (!(await reachable(databaseUrl, 5432))) {
    fail(
      `no PostgreSQL answers at ${new URL(databaseUrl).host}. Start one ` +
        '(pg_ctlcluster 15 main start) or set DATABASE_URL=postgres://user@host:5432/rampart',
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

  const built = ['apps/console/dist/main.js', 'apps/agent/dist/main.js',
    'apps/oracle-sim/dist/main.js', 'apps/dashboard/dist/browser/index.html']
    .every((file) => existsSync(join(root, file)));
  if (!built || process.env.RAMPART_REBUILD) {
    say('building the console, agent, simulator and dashboard (first start only)…');
    runOnce('build', 'npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], {
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NG_CLI_ANALYTICS: 'false',
    });
  }

  say('creating the simulated Oracle database DEMO (ARCHIVELOG on)…');
  runOnce('simulator', 'node', ['apps/oracle-sim/dist/main.js', 'create', '--home', oracleHome,
    '--sid', 'DEMO']);

  const demo = demoSecrets();
  const env = {
    ...demo.secrets,
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

  startChild('agent  ', 'node', ['apps/agent/dist/main.js', '--config', agentConfig, 'start']);

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
