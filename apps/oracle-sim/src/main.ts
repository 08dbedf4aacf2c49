#!/usr/bin/env node
import * as path from 'node:path';

import { Command, Option } from 'commander';

import { databaseExists } from './common/oracle-home';
import { createDatabase, DEFAULT_PACE_MS } from './database/create-database';
import { FAULT_KINDS, FaultKind, updateState } from './database/database-state';
import { formatInspection, inspectDatabase } from './database/inspect-database';
import { runWorkload } from './database/workload';
import { registerSchedulerCommand } from './scheduler/scheduler-command';

function requireDatabase(home: string, sid: string): void {
  if (!databaseExists(home, sid)) {
    process.stderr.write(`ORA-01034: ORACLE not available (no database ${sid} in ${home})\n`);
    process.exit(1);
  }
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`not a number: ${value}`);
  return n;
}

const program = new Command()
  .name('oracle-sim')
  .description('A stand-in Oracle host: an ORACLE_HOME with rman, sqlplus and expdp.');

program
  .command('create')
  .description('make DIR an ORACLE_HOME with database SID (idempotent)')
  .requiredOption('--home <dir>', 'ORACLE_HOME to create')
  .requiredOption('--sid <name>', 'database name / ORACLE_SID')
  .option('--noarchivelog', 'create the database in NOARCHIVELOG mode')
  .option('--datafile-mb <n>', 'size of each datafile in MB', positive, 4)
  .option('--fra-limit-mb <n>', 'db_recovery_file_dest_size in MB', positive, 2048)
  .option('--pace-ms <n>', 'time each backup step takes', positive, DEFAULT_PACE_MS)
  .action(
    (o: {
      home: string;
      sid: string;
      noarchivelog?: boolean;
      datafileMb: number;
      fraLimitMb: number;
      paceMs: number;
    }) => {
      const home = path.resolve(o.home);
      const sid = o.sid.toUpperCase();
      const { created } = createDatabase({
        home,
        sid,
        archivelog: !o.noarchivelog,
        datafileMb: o.datafileMb,
        fraLimitMb: o.fraLimitMb,
        paceMs: o.paceMs,
      });
      process.stdout.write(
        created
          ? `Database ${sid} created in ${home} (ORACLE_HOME=${home} ORACLE_SID=${sid})\n`
          : `Database ${sid} already exists in ${home}; binaries refreshed, nothing else changed\n`,
      );
    },
  );

program
  .command('workload')
  .description('change blocks and switch logs, as application DML would')
  .requiredOption('--home <dir>')
  .requiredOption('--sid <name>')
  .option('--blocks <n>', 'blocks to change', positive, 64)
  .option('--switches <n>', 'log switches', positive, 1)
  .action((o: { home: string; sid: string; blocks: number; switches: number }) => {
    const home = path.resolve(o.home);
    const sid = o.sid.toUpperCase();
    requireDatabase(home, sid);
    const result = runWorkload({ home, sid, blocks: o.blocks, switches: o.switches });
    process.stdout.write(
      `${result.changedBlocks} blocks changed, archived logs: ` +
        `${result.archivedLogs.join(', ') || 'none'}, SCN ${result.scn}\n`,
    );
  });

program
  .command('inspect')
  .description('show the database: log mode, tablespaces, recovery area, backups, jobs, faults')
  .requiredOption('--home <dir>')
  .requiredOption('--sid <name>')
  .option('--json', 'machine-readable output')
  .action((o: { home: string; sid: string; json?: boolean }) => {
    const home = path.resolve(o.home);
    const sid = o.sid.toUpperCase();
    requireDatabase(home, sid);
    const report = inspectDatabase(home, sid);
    process.stdout.write(
      o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatInspection(report)}\n`,
    );
  });

program
  .command('fault')
  .description('inject a fault for the database (or the next run only), or clear them')
  .requiredOption('--home <dir>')
  .requiredOption('--sid <name>')
  .addOption(new Option('--kind <kind>', 'fault to inject').choices([...FAULT_KINDS]))
  .option('--once', 'consumed by the next run')
  .option('--clear', 'remove every fault')
  .action((o: { home: string; sid: string; kind?: FaultKind; once?: boolean; clear?: boolean }) => {
    const home = path.resolve(o.home);
    const sid = o.sid.toUpperCase();
    requireDatabase(home, sid);
    if (!o.clear && !o.kind) program.error('fault: give --kind KIND or --clear');
    updateState(home, sid, (state) => {
      if (o.clear) state.faults = [];
      else state.faults.push({ kind: o.kind as FaultKind, once: Boolean(o.once) });
    });
    process.stdout.write(
      o.clear
        ? `Faults cleared for ${sid}\n`
        : `Fault ${o.kind}${o.once ? ' (once)' : ''} set for ${sid}\n`,
    );
  });

registerSchedulerCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
