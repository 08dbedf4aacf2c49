#!/usr/bin/env node
// csv_export_1m_s: GET /api/v1/runs/export.csv over 1,000,000 runs, read to the last byte
// (--quick: 100,000 runs, time scaled ×10, said in the unit). csv_export_peak_rss_mb: the
// console's peak resident memory (VmHWM) after the export: flat memory keeps it near idle.
import {
  peakRssMb,
  quickMode,
  report,
  seedRuns,
  startBenchConsole,
} from './support/bench-console.mjs';

const quick = quickMode();
const rows = quick ? 100_000 : 1_000_000;
const scale = 1_000_000 / rows;

const bench = await startBenchConsole('csv');
try {
  const seedSeconds = await seedRuns(bench, rows);
  process.stderr.write(`seeded ${rows} runs in ${seedSeconds.toFixed(1)} s\n`);
  const idleRss = peakRssMb(bench.pid);

  const started = performance.now();
  const response = await fetch(`${bench.url}/api/v1/runs/export.csv`, {
    headers: { authorization: `Bearer ${bench.token}` },
  });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  const seconds = (performance.now() - started) / 1000;

  if (lines !== rows + 1) throw new Error(`expected ${rows + 1} lines, got ${lines}`);
  const peak = peakRssMb(bench.pid);
  process.stderr.write(
    `${rows} rows, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s; ` +
      `RSS peak ${peak.toFixed(0)} MB (before export ${idleRss.toFixed(0)} MB)\n`,
  );
  report({
    csv_export_1m_s: {
      value: seconds * scale,
      unit: quick ? 's (100k rows ×10)' : 's',
      target: 10,
      better: 'lower',
    },
    csv_export_peak_rss_mb: {
      value: peak,
      unit: quick ? 'MB (100k rows)' : 'MB',
      target: 256,
      better: 'lower',
    },
  });
} finally {
  await bench.close();
}
