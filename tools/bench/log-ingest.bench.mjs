#!/usr/bin/env node
// log_ingest_lines_per_s: an enrolled agent sends run.log batches of 1,000 lines over the real
// /agents socket, one batch in flight (each waits for its acknowledgement), for one running
// run; lines stored per second of wall time. 300,000 lines (--quick: 50,000).
import { io } from 'socket.io-client';

import { quickMode, report, startBenchConsole } from './support/bench-console.mjs';

const quick = quickMode();
const lines = quick ? 50_000 : 300_000;
const BATCH = 1000;

const bench = await startBenchConsole('ingest');
let socket;
try {
  const run = await bench.db.query(
    `INSERT INTO logs_backup (target_id, agent_id, strategy_name, target_name, type, trigger,
       priority, status, started_at)
     VALUES ($1, $2, 'PROD1 nightly', 'PROD1', 'full', 'manual', 'normal', 'running', now())
     RETURNING id`,
    [bench.targetId, bench.agentId],
  );
  const runId = run.rows[0].id;
  socket = io(`${bench.url}/agents`, {
    auth: { agentId: bench.agentId, secret: bench.secret },
    transports: ['websocket'],
    reconnection: false,
  });
  await new Promise((resolve, reject) =>
    socket.once('connect', resolve).once('connect_error', reject),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));

  const started = performance.now();
  for (let seq = 1; seq <= lines; seq += BATCH) {
    const ack = await socket.emitWithAck('run.log', { runId, lines: batch(seq) });
    if (ack.ackedSeq !== seq + BATCH - 1) throw new Error(`ack ${JSON.stringify(ack)}`);
  }
  const seconds = (performance.now() - started) / 1000;

  const stored = await bench.db.query('SELECT count(*)::int AS n FROM run_log_lines');
  if (stored.rows[0].n !== lines) throw new Error(`stored ${stored.rows[0].n} of ${lines}`);
  process.stderr.write(`${lines} lines in ${seconds.toFixed(2)} s\n`);
  report({
    log_ingest_lines_per_s: {
      value: lines / seconds,
      unit: quick ? 'lines/s (50k lines)' : 'lines/s',
      target: 20_000,
      better: 'higher',
    },
  });
} finally {
  socket?.close();
  await bench.close();
}

function batch(first) {
  const ts = new Date().toISOString();
  return Array.from({ length: BATCH }, (_, i) => ({
    seq: first + i,
    ts,
    stream: 'stdout',
    text: `channel ORA_DISK_1: input datafile file number=${String(i).padStart(5, '0')}`,
  }));
}
