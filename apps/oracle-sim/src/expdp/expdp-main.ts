import * as fs from 'node:fs';
import * as path from 'node:path';

import { formatBannerTime, formatDataPumpElapsed } from '../common/oracle-date';
import { databaseExists, readOracleEnv } from '../common/oracle-home';
import {
  DatabaseState,
  loadState,
  Table,
  takeFaults,
  updateState,
} from '../database/database-state';
import { ExpdpParameters, parseExpdpArguments } from './expdp-parameters';

const CONNECTED =
  'Connected to: Oracle Database 19c Enterprise Edition Release 19.0.0.0.0 - Production';

class DataPumpLog {
  private fd: number | null = null;

  constructor(private readonly pace: number) {}

  open(file: string): void {
    this.fd = fs.openSync(file, 'w');
  }

  /** A line on the client's output and in the log file. */
  line(text: string): void {
    process.stdout.write(`${text}\n`);
    if (this.fd !== null) fs.writeSync(this.fd, `${text}\n`);
  }

  header(lines: string[]): void {
    for (const l of lines) process.stdout.write(`${l}\n`);
  }

  logOnly(text: string): void {
    if (this.fd !== null) fs.writeSync(this.fd, `${text}\n`);
  }

  async step(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.pace));
  }
}

/** `12.34 KB`, `1.734 GB`, `0 KB`: four significant digits, as Data Pump prints sizes. */
export function dataPumpSize(bytes: number): string {
  if (bytes === 0) return '0 KB';
  const units: Array<[string, number]> = [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ];
  const [unit, size] = units.find(([, s]) => bytes >= s) ?? ['KB', 1024];
  return `${Number((bytes / size).toPrecision(4))} ${unit}`;
}

function bannerLines(): string[] {
  return [
    `Export: Release 19.0.0.0.0 - Production on ${formatBannerTime(new Date())}`,
    'Version 19.22.0.0.0',
    '',
    'Copyright (c) 1982, 2019, Oracle and/or its affiliates.  All rights reserved.',
  ];
}

function fail(log: DataPumpLog, lines: string[]): number {
  for (const l of lines) log.line(l);
  return 1;
}

function mode(p: ExpdpParameters): 'SCHEMA' | 'TABLE' | 'FULL' {
  if (p.full) return 'FULL';
  return p.tables.length > 0 ? 'TABLE' : 'SCHEMA';
}

function ownerOf(p: ExpdpParameters): string {
  return p.logon.trim().startsWith('/') ? 'SYS' : p.logon.split(/[/@\s]/)[0].toUpperCase();
}

function jobName(state: DatabaseState, p: ExpdpParameters): string {
  if (p.jobName) return p.jobName;
  for (let n = 1; n < 100; n += 1) {
    const name = `SYS_EXPORT_${mode(p)}_${String(n).padStart(2, '0')}`;
    if (!state.dataPumpMasterTables.some((t) => t.endsWith(`.${name}`))) return name;
  }
  return `SYS_EXPORT_${mode(p)}_99`;
}

function selectTables(
  state: DatabaseState,
  p: ExpdpParameters,
): { tables: Table[]; errors: string[] } {
  const errors: string[] = [];
  if (p.full) return { tables: state.tables, errors };
  if (p.tables.length > 0) {
    const tables = p.tables.flatMap((spec) => {
      const [owner, name] = spec.includes('.') ? spec.split('.') : [ownerOf(p), spec];
      const found = state.tables.filter((t) => t.owner === owner && t.name === name);
      if (found.length === 0)
        errors.push(
          `ORA-39166: Object ${owner}.${name} was not found or could not be exported or imported.`,
        );
      return found;
    });
    return { tables, errors };
  }
  const schemas = p.schemas.length > 0 ? p.schemas : [ownerOf(p)];
  for (const s of schemas)
    if (!state.users.includes(s)) errors.push(`ORA-39165: Schema ${s} was not found.`);
  return { tables: state.tables.filter((t) => schemas.includes(t.owner)), errors };
}

const OBJECT_PATHS = [
  'TABLE/TABLE_DATA',
  'TABLE/INDEX/STATISTICS/INDEX_STATISTICS',
  'TABLE/STATISTICS/TABLE_STATISTICS',
  'STATISTICS/MARKER',
  'USER',
  'SYSTEM_GRANT',
  'ROLE_GRANT',
  'DEFAULT_ROLE',
  'TABLESPACE_QUOTA',
  'TABLE/TABLE',
  'TABLE/COMMENT',
  'TABLE/INDEX/INDEX',
  'TABLE/CONSTRAINT/CONSTRAINT',
];

function dumpFiles(dir: string, p: ExpdpParameters): string[] {
  const count = /%U/i.test(p.dumpfile) ? p.parallel : 1;
  return Array.from({ length: count }, (_, i) =>
    path.join(dir, p.dumpfile.replace(/%U/i, String(i + 1).padStart(2, '0'))),
  );
}

function tableBytes(t: Table): number {
  return t.rows * t.avgRowLen + (t.rows > 0 ? 8192 : 0);
}

function tableImage(t: Table): Buffer {
  const rows = Math.min(t.rows, 2000);
  const lines = Array.from(
    { length: rows },
    (_, i) => `${t.owner}|${t.name}|${i + 1}|row data ${(i * 7919) % 104729}`,
  );
  return Buffer.from(`TABLE "${t.owner}"."${t.name}" ROWS ${t.rows}\n${lines.join('\n')}\n`);
}

async function exportTables(
  log: DataPumpLog,
  tables: Table[],
  files: string[],
  m: string,
): Promise<void> {
  for (const objectPath of OBJECT_PATHS.filter((o) => m === 'SCHEMA' || o.startsWith('TABLE'))) {
    log.line(`Processing object type ${m}_EXPORT/${objectPath}`);
  }
  const images = [...tables].sort((a, b) => tableBytes(b) - tableBytes(a));
  const fds = files.map((f) => fs.openSync(f, 'w'));
  for (const [i, t] of images.entries()) {
    await log.step();
    fs.writeSync(fds[i % fds.length], tableImage(t));
    const name = `. . exported "${t.owner}"."${t.name}"`;
    log.line(
      `${name.padEnd(50)}${dataPumpSize(tableBytes(t)).padStart(11)} ` +
        `${String(t.rows).padStart(8)} rows`,
    );
  }
  fds.forEach((fd) => fs.closeSync(fd));
}

async function main(argv: string[]): Promise<number> {
  const env = readOracleEnv();
  const p = parseExpdpArguments(argv);
  const started = Date.now();
  process.stdout.write('\n');
  const faults = databaseExists(env.home, env.sid) ? takeFaults(env.home, env.sid) : new Set();
  const state = databaseExists(env.home, env.sid) ? loadState(env.home, env.sid) : null;
  const log = new DataPumpLog(state?.paceMs ?? 0);
  log.header([...bannerLines(), '']);

  if (!state || faults.has('insufficient-privileges')) {
    return fail(
      log,
      state
        ? ['UDE-01031: operation generated ORACLE error 1031', 'ORA-01031: insufficient privileges']
        : [
            'UDE-01034: operation generated ORACLE error 1034',
            'ORA-01034: ORACLE not available',
            'ORA-27101: shared memory realm does not exist',
          ],
    );
  }
  log.header([CONNECTED]);

  const dir = state.directories[p.directory];
  if (!dir || !fs.existsSync(dir)) {
    return fail(log, [
      'ORA-39002: invalid operation',
      'ORA-39070: Unable to open the log file.',
      `ORA-39087: directory name ${p.directory} is invalid`,
    ]);
  }
  const owner = ownerOf(p);
  const job = jobName(state, p);
  if (state.dataPumpMasterTables.includes(`${owner}.${job}`)) {
    return fail(log, [
      'ORA-31626: job does not exist',
      `ORA-31633: unable to create master table "${owner}.${job}"`,
      'ORA-06512: at "SYS.DBMS_SYS_ERROR", line 95',
      'ORA-06512: at "SYS.KUPV$FT", line 1163',
      'ORA-00955: name is already used by an existing object',
      'ORA-06512: at "SYS.KUPV$FT", line 1056',
      'ORA-06512: at "SYS.KUPV$FT", line 1044',
    ]);
  }
  const files = dumpFiles(dir, p);
  const existing = files.find((f) => fs.existsSync(f));
  if (existing && !p.reuseDumpfiles) {
    return fail(log, [
      'ORA-39001: invalid argument value',
      'ORA-39000: bad dump file specification',
      `ORA-31641: unable to create dump file "${existing}"`,
      'ORA-27038: created file already exists',
      'Additional information: 1',
    ]);
  }
  const { tables, errors } = selectTables(state, p);
  if (tables.length === 0 && mode(p) === 'SCHEMA') {
    return fail(log, [
      'ORA-39001: invalid argument value',
      `ORA-39170: Schema expression '${p.schemas.join(',')}' does not correspond to any schemas.`,
    ]);
  }

  if (!p.nologfile) {
    const logfile = p.logfile ?? 'export.log';
    log.open(path.join(dir, logfile.includes(':') ? logfile.split(':')[1] : logfile));
    log.logOnly(';;; ');
    bannerLines().forEach((l) => log.logOnly(l));
    log.logOnly(';;; ');
    log.logOnly(CONNECTED);
  }
  updateState(env.home, env.sid, (s) => s.dataPumpMasterTables.push(`${owner}.${job}`));
  log.line(`Starting "${owner}"."${job}":  ${p.echo}`);
  for (const e of errors) log.line(e);

  if (faults.has('killed-session')) {
    log.line('ORA-39014: One or more workers have prematurely exited.');
    log.line('ORA-00028: your session has been killed');
    log.line(
      `Job "${owner}"."${job}" stopped due to fatal error at ${formatBannerTime(new Date())} ` +
        `elapsed ${formatDataPumpElapsed(Date.now() - started)}`,
    );
    return 1;
  }
  await exportTables(log, tables, files, mode(p));
  log.line(`Master table "${owner}"."${job}" successfully loaded/unloaded`);
  log.line('******************************************************************************');
  log.line(`Dump file set for ${owner}.${job} is:`);
  files.forEach((f) => log.line(`  ${f}`));
  updateState(env.home, env.sid, (s) => {
    s.dataPumpMasterTables = s.dataPumpMasterTables.filter((t) => t !== `${owner}.${job}`);
  });
  const outcome =
    errors.length > 0 ? `completed with ${errors.length} error(s)` : 'successfully completed';
  log.line(
    `Job "${owner}"."${job}" ${outcome} at ${formatBannerTime(new Date())} elapsed ` +
      `${formatDataPumpElapsed(Date.now() - started)}`,
  );
  log.line('');
  return errors.length > 0 ? 5 : 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`UDE-00008: operation generated ORACLE error 31626\n${String(error)}\n`);
    process.exit(1);
  },
);
