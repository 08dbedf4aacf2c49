import * as path from 'node:path';

import { Command } from 'commander';

import { dueRuns, fire, readClock, writeClock } from './job-runner';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function parseDuration(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  if (!match) throw new Error(`--by wants a duration such as 30m, 1h, 2d: ${text}`);
  return Number(match[1]) * UNITS[match[2]];
}

function report(run: {
  sid: string;
  jobName: string;
  planned: string;
  status: string;
  exitCode: number | null;
}): void {
  process.stdout.write(
    `${run.planned} ${run.sid} ${run.jobName} ${run.status} (exit ${run.exitCode ?? 'none'})\n`,
  );
}

/** Moves the simulated clock and fires what fell due, each planned run once, in order. */
async function advance(home: string, to: Date): Promise<void> {
  const from = readClock(home);
  for (const due of dueRuns(home, from, to)) report(await fire(home, due));
  writeClock(home, to);
  process.stdout.write(`Scheduler clock is now ${to.toISOString()}\n`);
}

/** The Scheduler as a daemon: every tick, fires the runs due since the last tick. */
async function runDaemon(home: string, tickMs: number): Promise<void> {
  let from = new Date();
  let stopping = false;
  process.on('SIGTERM', () => (stopping = true));
  process.on('SIGINT', () => (stopping = true));

  while (!stopping) {
    await new Promise((resolve) => setTimeout(resolve, tickMs));
    const to = new Date();
    for (const due of dueRuns(home, from, to)) report(await fire(home, due));
    from = to;
  }
}

export function registerSchedulerCommand(program: Command): void {
  program.enablePositionalOptions();
  const scheduler = program
    .command('scheduler')
    .enablePositionalOptions()
    .description('run the Oracle Scheduler of every database in ORACLE_HOME')
    .option('--home <dir>', 'ORACLE_HOME')
    .option('--tick-ms <n>', 'how often to look for due jobs', '1000')
    .action(async (o: { home?: string; tickMs: string }) => {
      if (!o.home) scheduler.error('scheduler: --home is required');
      await runDaemon(path.resolve(o.home as string), Number(o.tickMs));
    });

  scheduler
    .command('advance')
    .description('move the simulated clock (--to ISO or --by 1h) and fire what fell due')
    .requiredOption('--home <dir>', 'ORACLE_HOME')
    .option('--to <iso>', 'new time')
    .option('--by <duration>', 'time to add: 30m, 1h, 2d')
    .action(async (o: { home: string; to?: string; by?: string }) => {
      const home = path.resolve(o.home);
      const to = o.to
        ? new Date(o.to)
        : new Date(readClock(home).getTime() + parseDuration(o.by ?? '1h'));
      if (Number.isNaN(to.getTime())) scheduler.error(`scheduler advance: bad --to ${o.to}`);
      await advance(home, to);
    });
}
