#!/usr/bin/env node
// pdf_export_10k_s: GET /api/v1/runs/export.pdf over 10,000 runs, read to the last byte
// (--quick: 2,000 runs, time scaled ×5, said in the unit).
import { quickMode, report, seedRuns, startBenchConsole } from './support/bench-console.mjs';

const quick = quickMode();
const rows = quick ? 2_000 : 10_000;
const scale = 10_000 / rows;

const bench = await startBenchConsole('pdf');
try {
  await seedRuns(bench, rows);

  const started = performance.now();
  const response = await fetch(`${bench.url}/api/v1/runs/export.pdf`, {
    headers: { authorization: `Bearer ${bench.token}` },
  });
  const pdf = Buffer.from(await response.arrayBuffer());
  const seconds = (performance.now() - started) / 1000;

  if (response.status !== 200 || !pdf.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
    throw new Error(`export.pdf answered ${response.status}`);
  }
  process.stderr.write(
    `${rows} runs, ${(pdf.length / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s\n`,
  );
  report({
    pdf_export_10k_s: {
      value: seconds * scale,
      unit: quick ? 's (2k runs ×5)' : 's',
      target: 5,
      better: 'lower',
    },
  });
} finally {
  await bench.close();
}
