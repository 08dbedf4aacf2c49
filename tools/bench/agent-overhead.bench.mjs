#!/usr/bin/env node
// agent_overhead_ratio: wall time of a backup run through the agent's BackupRunner (render,
// log-mode query, child process, line capture, outbox writes) against running the same
// simulated RMAN command file directly (target ≤ 1.02). Runs alternate; medians are compared.
import { spawn, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..', '..');
const { BackupRunner } = require(join(root, 'apps/agent/dist/runner/backup-runner.js'));
const { Outbox } = require(join(root, 'apps/agent/dist/outbox/outbox.js'));
const { AgentLogger } = require(join(root, 'apps/agent/dist/agent-logger.js'));
const { strategyDocumentSchema } = require('@rampart/contracts');
const { renderStrategy } = require('@rampart/rman');

const quick = process.argv.includes('--quick');
const rounds = quick ? 3 : 7;
const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-overhead-'));
const home = join(dir, 'oracle');
execFileSync('node', [
  join(root, 'apps/oracle-sim/dist/main.js'),
  'create',
  '--home',
  home,
  '--sid',
  'BENCH',
  '--pace-ms',
  quick ? '30' : '60',
]);

const target = {
  targetId: 't',
  name: 'BENCH',
  oracleHome: home,
  oracleSid: 'BENCH',
  auth: 'os',
  connectString: null,
  username: null,
};
const strategy = strategyDocumentSchema.parse({
  name: 'bench',
  target: 'BENCH',
  type: 'full',
  priority: 'normal',
  options: { destination: { kind: 'recovery-area' }, channels: 1 },
});
const outbox = new Outbox(join(dir, 'outbox'));
const runner = new BackupRunner(
  { platform: 'linux', dataDir: dir, cancelGraceMs: 5000 },
  outbox,
  new AgentLogger('error'),
);

const direct = [];
const agent = [];
for (let i = 0; i < rounds; i++) {
  direct.push(await runDirect());
  agent.push(await runThroughAgent());
}
rmSync(dir, { recursive: true, force: true });

const ratio = median(agent) / median(direct);
process.stderr.write(`direct ms ${direct.map(Math.round)}; agent ms ${agent.map(Math.round)}\n`);
console.log(
  JSON.stringify({
    metrics: { agent_overhead_ratio: { value: ratio, unit: 'x', target: 1.02, better: 'lower' } },
  }),
);

async function runThroughAgent() {
  const started = performance.now();
  const state = await runner.run({
    runId: randomUUID(),
    strategyId: 's',
    trigger: 'manual',
    strategy,
    target,
  });
  if (state !== 'succeeded' && state !== 'succeeded_with_warnings') throw new Error(state);
  return performance.now() - started;
}

async function runDirect() {
  const work = renderStrategy(strategy, { runId: randomUUID() });
  const file = join(dir, 'direct.rman');
  writeFileSync(file, work.script);
  const started = performance.now();
  const child = spawn(join(home, 'bin', 'rman'), ['target', '/', `cmdfile=${file}`], {
    env: { ...process.env, ORACLE_HOME: home, ORACLE_SID: 'BENCH' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.resume();
  child.stderr.resume();
  const code = await new Promise((done) => child.on('close', done));
  if (code !== 0) throw new Error(`rman exited ${code}`);
  return performance.now() - started;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
