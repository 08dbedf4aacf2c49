#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only NAME]`: runs every tools/bench/*.bench.mjs as its own
// process, collects the metrics each prints, writes tools/bench/results/latest.json and
// prints a table against the targets. Nothing here asserts: the figures are reported.
//
// A benchmark is a script that prints, as its last stdout line, one JSON object
// {"metrics": {NAME: {"value": n, "unit": "…", "target": n, "better": "lower"|"higher"}}}.
// It receives --quick when a short run is asked for, and must stop by itself.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;

const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => !only || f.startsWith(only))
  .sort();

const metrics = {};
const problems = [];
for (const file of benches) {
  process.stderr.write(`bench ${file}${quick ? ' (quick)' : ''}…\n`);
  const result = spawnSync('node', [join(here, file), ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: (quick ? 5 : 30) * 60_000,
  });
  const last = result.stdout.trim().split('\n').pop() ?? '';
  try {
    Object.assign(metrics, JSON.parse(last).metrics);
  } catch {
    problems.push(`${file}: exit ${result.status}, no metrics line`);
  }
}

mkdirSync(join(here, 'results'), { recursive: true });
const report = { generatedAt: new Date().toISOString(), quick, metrics };
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify(report, null, 2) + '\n');

const rows = Object.entries(metrics).map(([name, m]) => {
  const met = m.better === 'lower' ? m.value <= m.target : m.value >= m.target;
  return [name, `${round(m.value)} ${m.unit}`, `${m.better === 'lower' ? '≤' : '≥'} ${m.target}`,
    met ? 'met' : 'MISSED'];
});
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 8));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(line(['metric', 'value', 'target', 'status']));
for (const row of rows) console.log(line(row));
for (const problem of problems) console.log(`problem: ${problem}`);

function round(value) {
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}
