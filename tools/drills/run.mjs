#!/usr/bin/env node
// `npm run drills [-- --only NAME]`: the reliability drills of e2e/drills in their short form
// (a faster simulator), one Jest run per drill, then a table of pass/fail and the figures each
// drill recorded. Needs the apps built (`npm run build`), PostgreSQL and Redis on loopback;
// the Redis drill starts a redis-server of its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const drills = readdirSync(join(root, 'e2e', 'drills'))
  .filter((f) => f.endsWith('.e2e.spec.ts'))
  .filter((f) => !only || f.startsWith(only))
  .sort();

const scratch = mkdtempSync(join(tmpdir(), 'rampart-drills-'));
const results = [];
for (const file of drills) {
  const name = file.replace('.e2e.spec.ts', '');
  const figures = join(scratch, `${name}.jsonl`);
  process.stderr.write(`drill ${name}…\n`);
  const started = Date.now();
  const run = spawnSync(
    'npx',
    ['jest', '-c', 'e2e/jest.config.js', `e2e/drills/${file}`, '--silent'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, RAMPART_DRILL_SHORT: '1', RAMPART_DRILL_FIGURES: figures },
      timeout: 10 * 60_000,
    },
  );
  const recorded = existsSync(figures)
    ? readFileSync(figures, 'utf8').trim().split('\n').map((line) => JSON.parse(line))
    : [];
  results.push({
    name,
    passed: run.status === 0,
    seconds: Math.round((Date.now() - started) / 1000),
    figures: recorded.map((f) => `${f.name}=${round(f.value)} ${f.unit}`).join(', '),
    output: run.status === 0 ? '' : `${run.stdout}\n${run.stderr}`.slice(-3000),
  });
}
rmSync(scratch, { recursive: true, force: true });

for (const r of results) {
  console.log(`${r.passed ? 'PASS' : 'FAIL'}  ${r.name.padEnd(18)} ${String(r.seconds).padStart(4)} s  ${r.figures}`);
  if (!r.passed) console.log(r.output);
}
const failed = results.filter((r) => !r.passed).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

function round(value) {
  return Math.round(value * 100) / 100;
}
