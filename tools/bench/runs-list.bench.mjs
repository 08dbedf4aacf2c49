#!/usr/bin/env node
// runs_list_p99_ms: GET /api/v1/runs over 1,000,000 runs at a steady 200 requests/s (open
// loop: one request every 5 ms whatever the answers), mixing the first page, status and target
// filters and deep keyset pages. 15 s of load (--quick: 100,000 runs and 5 s, said in the unit).
import { quickMode, report, seedRuns, startBenchConsole } from './support/bench-console.mjs';

const quick = quickMode();
const rows = quick ? 100_000 : 1_000_000;
const seconds = quick ? 5 : 15;
const RATE = 200;

const bench = await startBenchConsole('list');
try {
  const seedSeconds = await seedRuns(bench, rows);
  process.stderr.write(`seeded ${rows} runs in ${seedSeconds.toFixed(1)} s\n`);
  const paths = await requestMix();

  const latencies = [];
  const failures = [];
  const total = RATE * seconds;
  const started = performance.now();
  const inFlight = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      timed(paths[i % paths.length]).then(
        (ms) => latencies.push(ms),
        (error) => failures.push(String(error.cause ?? error)),
      ),
    );
  }
  await Promise.all(inFlight);

  if (failures.length) {
    process.stderr.write(`${failures.length} failed requests, first: ${failures[0]}\n`);
  }
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  process.stderr.write(
    `${latencies.length} requests: p50 ${p(0.5).toFixed(1)} ms, p99 ${p(0.99).toFixed(1)} ms\n`,
  );
  report({
    runs_list_p99_ms: {
      value: p(0.99),
      unit: quick ? 'ms (100k rows, 5 s)' : 'ms',
      target: 50,
      better: 'lower',
    },
  });
} finally {
  await bench.close();
}

async function timed(path) {
  const started = performance.now();
  const response = await fetch(`${bench.url}${path}`, {
    headers: { authorization: `Bearer ${bench.token}` },
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return performance.now() - started;
}

/** First pages with and without filters, and cursors taken 1, 10 and 50 pages deep. */
async function requestMix() {
  const paths = [
    '/api/v1/runs?limit=50',
    '/api/v1/runs?limit=50&status=failed',
    `/api/v1/runs?limit=50&targetId=${bench.targetId}`,
    '/api/v1/runs?limit=50&type=archivelog&status=succeeded',
  ];
  let cursor = null;
  for (let page = 1; page <= 50; page++) {
    const response = await fetch(
      `${bench.url}/api/v1/runs?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      { headers: { authorization: `Bearer ${bench.token}` } },
    );
    cursor = (await response.json()).nextCursor;
    if ([1, 10, 50].includes(page)) paths.push(`/api/v1/runs?limit=50&cursor=${cursor}`);
  }
  return paths;
}
