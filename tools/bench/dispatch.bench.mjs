#!/usr/bin/env node
// dispatch_p50_ms / dispatch_p99_ms: from a DBA's "run now" (POST /api/v1/strategies/:id/runs)
// to the moment the agent starts the run's child process, with 200 agents connected to the
// console. Each simulated agent is the built agent's own code (apps/agent/dist): its
// ConsoleLink and Outbox on /agents, and its AgentWorker on its own BullMQ queue
// (`agent.<id>`, the console's queue prefix). Only the runner is a stand-in: it renders the
// strategy, reports `running` through the outbox and starts `true` through the agent's own
// startChild where the real runner starts RMAN; the time is taken when startChild returns.
// Not included: the real runner's log-mode query (a sqlplus child before RMAN), which needs an
// Oracle home. Each agent first takes one unmeasured run (the console opens its queue on first
// use); then 200 runs (--quick: 40) go one after another, round the agents.
// Targets: DESIGN.md names none; p50 100 ms and p99 500 ms are issue 11's defaults.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import {
  connectBenchAgents,
  enrollBenchAgents,
  percentile,
  quickMode,
  report,
  sleep,
  startBenchConsole,
  until,
} from './support/bench-console.mjs';

const require = createRequire(import.meta.url);
const dist = join(import.meta.dirname, '..', '..', 'apps/agent/dist');
const { AgentWorker } = require(join(dist, 'worker/agent-worker.js'));
const { startChild } = require(join(dist, 'runner/child-process-runner.js'));
const { AgentLogger } = require(join(dist, 'agent-logger.js'));
const { renderStrategy } = require('@rampart/rman');

const quick = quickMode();
const AGENTS = 200;
const runs = quick ? 40 : 200;
const PAUSE_MS = 25;

/** runId → when the agent took the job and when its child process started. */
const started = new Map();

const bench = await startBenchConsole('dispatch');
let fleet;
const workers = [];
try {
  const enrolled = await enrollBenchAgents(bench, AGENTS);
  fleet = await connectBenchAgents(bench, enrolled, { perSecond: 50 });
  for (const agent of fleet.agents) workers.push(startWorker(agent));
  const strategyIds = [];
  for (const agent of fleet.agents) strategyIds.push(await createStrategy(agent.targetName));

  const firstRuns = await warmUp(strategyIds);
  process.stderr.write(
    `first run per agent (queue opened): p50 ${percentile(firstRuns, 0.5).toFixed(1)} ms, ` +
      `p99 ${percentile(firstRuns, 0.99).toFixed(1)} ms\n`,
  );

  const latencies = [];
  const taken = [];
  for (let i = 0; i < runs; i++) {
    const timing = await runNow(strategyIds[(i * 7) % AGENTS]);
    latencies.push(timing.toChildStart);
    taken.push(timing.toJobTaken);
    await sleep(PAUSE_MS);
  }

  await untilAllSucceeded(AGENTS + runs);
  process.stderr.write(
    `${runs} runs over ${AGENTS} agents: job taken p50 ${percentile(taken, 0.5).toFixed(1)} ms;` +
      ` child started p50 ${percentile(latencies, 0.5).toFixed(1)} ms,` +
      ` p99 ${percentile(latencies, 0.99).toFixed(1)} ms\n`,
  );
  const unit = quick ? 'ms (40 runs)' : 'ms';
  report({
    dispatch_p50_ms: { value: percentile(latencies, 0.5), unit, target: 100, better: 'lower' },
    dispatch_p99_ms: { value: percentile(latencies, 0.99), unit, target: 500, better: 'lower' },
  });
} finally {
  await Promise.all(workers.map((worker) => worker.stop(true)));
  fleet?.close();
  await bench.close();
}
// The agent's worker keeps its Redis connection after stop (the daemon exits right after).
process.exit();

/** The real agent's worker on the agent's own queue, with the stand-in runner. */
function startWorker(agent) {
  const worker = new AgentWorker(
    {
      agentId: agent.agentId,
      redisUrl: bench.redisUrl,
      queuePrefix: bench.queuePrefix,
      concurrency: 2,
    },
    { run: (job) => runStandIn(agent, job) },
    new AgentLogger('error'),
  );
  worker.start();
  return worker;
}

/** What BackupRunner does up to the child process, then a trivial child in place of RMAN. */
async function runStandIn(agent, job) {
  const takenAt = performance.now();
  const workDir = join(agent.dataDir, 'runs', job.runId);
  mkdirSync(workDir, { recursive: true, mode: 0o700 });

  const work = renderStrategy(job.strategy, { runId: job.runId, logMode: null, hasLevel0: null });
  writeFileSync(join(workDir, work.fileName), work.script, { mode: 0o600 });
  agent.outbox.append(job.runId, {
    kind: 'state',
    ts: now(),
    state: 'running',
    script: work.script,
  });

  const child = startChild(
    { command: 'true', args: [], env: { PATH: process.env.PATH }, cwd: workDir, onLine: () => {} },
    'linux',
  );
  started.set(job.runId, { takenAt, childStartedAt: performance.now() });
  agent.running.add(job.runId);

  const outcome = await child.done;
  agent.running.delete(job.runId);
  rmSync(workDir, { recursive: true, force: true });
  const state = outcome.exitCode === 0 ? 'succeeded' : 'failed';
  agent.outbox.append(job.runId, { kind: 'state', ts: now(), state });
  return state;
}

/** One unmeasured run per agent, ten at a time; returns their latencies. */
async function warmUp(strategyIds) {
  const latencies = [];
  for (let i = 0; i < strategyIds.length; i += 10) {
    const batch = strategyIds.slice(i, i + 10).map((id) => runNow(id));
    for (const timing of await Promise.all(batch)) latencies.push(timing.toChildStart);
  }
  return latencies;
}

/** Presses "run now" and waits until the agent has started the child process. */
async function runNow(strategyId) {
  const pressedAt = performance.now();
  const response = await fetch(`${bench.url}/api/v1/strategies/${strategyId}/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bench.token}` },
  });
  if (response.status !== 201) throw new Error(`run now answered ${response.status}`);
  const run = await response.json();
  if (run.status !== 'queued') throw new Error(`run ${run.id} is ${run.status}, not queued`);

  await until(() => started.has(run.id), 30_000, `run ${run.id} on its agent`);
  const { takenAt, childStartedAt } = started.get(run.id);
  return { toJobTaken: takenAt - pressedAt, toChildStart: childStartedAt - pressedAt };
}

/** The agents' reports reach the console: every run ends `succeeded` there. */
async function untilAllSucceeded(count) {
  const deadline = Date.now() + 30_000;
  let succeeded = 0;
  while (Date.now() < deadline) {
    const result = await bench.db.query(
      `SELECT count(*)::int AS n FROM logs_backup WHERE status = 'succeeded'`,
    );
    succeeded = result.rows[0].n;
    if (succeeded === count) return;
    await sleep(200);
  }
  throw new Error(`${succeeded} of ${count} runs succeeded in the console`);
}

async function createStrategy(targetName) {
  const response = await fetch(`${bench.url}/api/v1/strategies?acknowledgeWarnings=true`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bench.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: `${targetName} full`,
      target: targetName,
      type: 'full',
      priority: 'normal',
      options: { destination: { kind: 'recovery-area' }, channels: 1 },
    }),
  });
  if (response.status !== 201) {
    throw new Error(`strategy for ${targetName}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()).id;
}

function now() {
  return new Date().toISOString();
}
