#!/usr/bin/env node
// ui_delivery_p99_ms: from an agent's emit of run.progress or run.log on /agents to its
// receipt by signed-in dashboards on /ui (the namespace and the `run.follow` room the
// dashboard's socket service uses). Five agents each report one running run, one event at a
// time as the agent's ConsoleLink does (the next waits for the acknowledgement), alternating
// progress and batches of 10 RMAN lines, paced at 20 events/s per run; three dashboards follow
// every run. Log batches are matched by their first seq, progress by its order within the run.
// 30 s of events (--quick: 8 s). Target: DESIGN.md names none; 250 ms is issue 11's default.
import { io } from 'socket.io-client';

import {
  enrollBenchAgents,
  percentile,
  quickMode,
  report,
  sleep,
  startBenchConsole,
  until,
} from './support/bench-console.mjs';

const quick = quickMode();
const seconds = quick ? 8 : 30;
const AGENTS = 5;
const DASHBOARDS = 3;
const INTERVAL_MS = 50;
const LINES_PER_BATCH = 10;

const bench = await startBenchConsole('ui');
const sockets = [];
try {
  const agents = await enrollBenchAgents(bench, AGENTS);
  const reporters = [];
  for (const agent of agents) reporters.push(await startReporter(agent));
  const dashboards = [];
  for (let i = 0; i < DASHBOARDS; i++) {
    dashboards.push(await openDashboard(reporters.map((r) => r.runId)));
  }
  await sleep(300);

  const events = seconds * (1000 / INTERVAL_MS);
  const sent = await Promise.all(reporters.map((r) => r.report(events, dashboards)));
  const expected = sent.reduce((sum, n) => sum + n, 0) * DASHBOARDS;
  const received = () => dashboards.reduce((sum, d) => sum + d.latencies.length, 0);
  await until(() => received() >= expected, 10_000, 'delivery').catch(() => {
    throw new Error(`the dashboards received ${received()} of ${expected} events`);
  });

  const latencies = dashboards.flatMap((d) => d.latencies);
  process.stderr.write(
    `${latencies.length} receipts (${sent.join('+')} events × ${DASHBOARDS} dashboards): ` +
      `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 0.99).toFixed(1)} ms, ` +
      `max ${Math.max(...latencies).toFixed(1)} ms\n`,
  );
  report({
    ui_delivery_p99_ms: {
      value: percentile(latencies, 0.99),
      unit: quick ? 'ms (8 s of events)' : 'ms',
      target: 250,
      better: 'lower',
    },
  });
} finally {
  for (const socket of sockets) socket.close();
  await bench.close();
}

/** An agent socket with one running run; `report` sends its events and returns their count. */
async function startReporter(agent) {
  const run = await bench.db.query(
    `INSERT INTO logs_backup (target_id, agent_id, strategy_name, target_name, type, trigger,
       priority, status, started_at)
     VALUES ($1, $2, $3 || ' full', $3, 'full', 'manual', 'normal', 'running', now())
     RETURNING id`,
    [agent.targetId, agent.agentId, agent.targetName],
  );
  const runId = run.rows[0].id;
  const socket = await connect('/agents', { agentId: agent.agentId, secret: agent.secret });
  let seq = 0;

  const report = async (events, dashboards) => {
    const started = performance.now();
    for (let i = 0; i < events; i++) {
      const wait = started + i * INTERVAL_MS - performance.now();
      if (wait > 0) await sleep(wait);

      const [event, payload] =
        i % 2 === 0
          ? ['run.progress', progress(i, events)]
          : ['run.log', { runId, lines: lines() }];
      for (const dashboard of dashboards) dashboard.expect(event, payload, performance.now());
      const ack = await socket.emitWithAck(event, payload);
      if (ack.ackedSeq !== seq) throw new Error(`${event} ${seq}: ack ${JSON.stringify(ack)}`);
    }
    return events;
  };

  const progress = (i, events) => {
    seq += 1;
    return { runId, seq, ts: new Date().toISOString(), percent: (100 * i) / events };
  };
  const lines = () =>
    Array.from({ length: LINES_PER_BATCH }, (_, i) => {
      seq += 1;
      return {
        seq,
        ts: new Date().toISOString(),
        stream: 'stdout',
        text: `channel ORA_DISK_1: specifying datafile(s) in backup set, file number=${i + 1}`,
      };
    });

  return { runId, report };
}

/** A signed-in dashboard following every run; records each event's delivery time. */
async function openDashboard(runIds) {
  const socket = await connect('/ui', { token: bench.token });
  const sentLogs = new Map();
  const sentProgress = new Map(runIds.map((runId) => [runId, []]));
  const latencies = [];
  const delivered = (sentAt, what) => {
    if (sentAt === undefined) throw new Error(`the dashboard received ${what}, never sent`);
    latencies.push(performance.now() - sentAt);
  };

  socket.on('run.log', ({ runId, lines }) => {
    const key = `${runId}:${lines[0].seq}`;
    delivered(sentLogs.get(key), `run.log ${key}`);
    sentLogs.delete(key);
  });
  socket.on('run.progress', ({ runId }) => {
    delivered(sentProgress.get(runId)?.shift(), `run.progress of ${runId}`);
  });
  for (const runId of runIds) {
    const answer = await socket.emitWithAck('run.follow', runId);
    if (!answer.ok) throw new Error(`run.follow ${runId}: ${JSON.stringify(answer)}`);
  }

  const expect = (event, payload, sentAt) => {
    if (event === 'run.log') sentLogs.set(`${payload.runId}:${payload.lines[0].seq}`, sentAt);
    else sentProgress.get(payload.runId).push(sentAt);
  };
  return { latencies, expect };
}

async function connect(namespace, auth) {
  const socket = io(`${bench.url}${namespace}`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(socket);
  await new Promise((resolve, reject) =>
    socket.once('connect', resolve).once('connect_error', reject),
  );
  return socket;
}
