#!/usr/bin/env node
// parse_lines_per_s: how fast libs/rman's streaming RMAN parser reads output, fed line by line
// as the agent feeds it (target > 200,000 lines/s). The log is synthetic but built from the
// corpus's real line shapes: channel messages, input datafiles, piece handles, elapsed times.
// Median of several passes, so a noisy machine still gives a stable figure.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { RmanLogParser } = require(resolve(import.meta.dirname, '../../libs/rman/dist/index.js'));

const quick = process.argv.includes('--quick');
const lineCount = quick ? 200_000 : 1_000_000;
const passes = quick ? 3 : 5;

function syntheticLog(count) {
  const lines = [
    'Recovery Manager: Release 19.0.0.0.0 - Production on Sat Mar 16 01:00:02 2024',
    'connected to target database: FINPRD (DBID=3172945518)',
    'Starting backup at 2024-03-16 01:00:03',
  ];
  for (let set = 0; lines.length < count - 3; set++) {
    const channel = `ORA_DISK_${(set % 4) + 1}`;
    lines.push(`channel ${channel}: starting compressed full datafile backup set`);
    lines.push(`channel ${channel}: specifying datafile(s) in backup set`);
    for (let f = 0; f < 20; f++) {
      const file = String(set * 20 + f + 1).padStart(5, '0');
      lines.push(`input datafile file number=${file} name=/u02/oradata/FINPRD/data_${file}.dbf`);
    }
    lines.push(`channel ${channel}: starting piece 1 at 2024-03-16 01:00:04`);
    lines.push(`channel ${channel}: finished piece 1 at 2024-03-16 01:03:16`);
    lines.push(
      `piece handle=/u04/rman/FINPRD/FINPRD_20240316_${set}_1_1 tag=FULL_WEEKLY comment=NONE`,
    );
    lines.push(`channel ${channel}: backup set complete, elapsed time: 00:03:12`);
  }
  lines.push('Finished backup at 2024-03-16 01:30:00', '', 'Recovery Manager complete.');
  return lines;
}

const log = syntheticLog(lineCount);
const rates = [];
for (let pass = 0; pass < passes; pass++) {
  const parser = new RmanLogParser();
  const started = process.hrtime.bigint();
  for (const line of log) parser.feed(line);
  const verdict = parser.result(0);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (verdict.status !== 'success' || verdict.pieces === 0) {
    throw new Error(`the synthetic log parsed as ${verdict.status}: the benchmark is broken`);
  }
  rates.push(log.length / seconds);
}

rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)];
process.stderr.write(
  `parsed ${log.length} lines x ${passes}: median ${Math.round(median)} lines/s\n`,
);
console.log(
  JSON.stringify({
    metrics: {
      parse_lines_per_s: {
        value: Math.round(median),
        unit: 'lines/s',
        target: 200000,
        better: 'higher',
      },
    },
  }),
);
