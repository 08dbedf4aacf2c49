import * as crypto from 'node:crypto';
import * as fs from 'node:fs';

import { parseRmanLog } from '@rampart/rman';

import { handlesOf, SimHost } from './sim-harness';

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function bytesOfTag(host: SimHost, tag: string): number {
  return host
    .inspect()
    .backups.filter((b) => b.tag === tag && b.kind === 'datafile')
    .flatMap((b) => b.pieces)
    .reduce((sum, p) => sum + p.bytes, 0);
}

describe(SimHost.name, () => {
  let host: SimHost;

  beforeEach(() => {
    host = new SimHost();
    host.create();
  });

  afterEach(() => host.cleanup());

  it('creates an ORACLE_HOME, and says so when the database already exists', () => {
    expect(fs.existsSync(`${host.home}/bin/rman`)).toBe(true);
    expect(fs.statSync(`${host.home}/oradata/DEMO/system01.dbf`).size).toBeGreaterThan(0);
    expect(host.create()).toMatch(/already exists/);
  });

  it('runs a full backup plus archivelog on two disk channels with real pieces', () => {
    const dir = host.dir('bk');
    const run = host.rman(`run {
  allocate channel c1 device type disk format '${dir}/%d_%T_%U';
  allocate channel c2 device type disk format '${dir}/%d_%T_%U';
  backup as compressed backupset database plus archivelog tag 'FULL_WEEKLY';
}
`);
    const verdict = parseRmanLog(run.stdout, run.status);

    expect(run.status).toBe(0);
    expect(verdict.status).toBe('success');
    expect(run.stdout).toMatch(/^connected to target database: DEMO \(DBID=\d+\)$/m);
    expect(run.stdout).toMatch(/Recovery Manager complete\.\n$/);
    expect(run.stdout.match(/^Starting backup at /gm)).toHaveLength(3);
    expect(run.stdout).toMatch(/^piece handle=\S+\/c-\d+-\d{8}-00 comment=NONE$/m);

    const handles = handlesOf(run.stdout);
    expect(verdict.handles).toEqual(handles);
    const pieces = host.inspect().backups.flatMap((b) => b.pieces);
    for (const handle of handles) {
      const piece = pieces.find((p) => p.handle === handle);
      expect(piece).toBeDefined();
      expect(sha256(handle)).toBe(piece?.sha256);
    }
  });

  it('makes a level 1 smaller than the level 0, and a cumulative at least the differential', () => {
    expect(host.rman("backup incremental level 0 database tag 'L0';\n").status).toBe(0);
    host.cli('workload', '--home', host.home, '--sid', 'DEMO', '--blocks', '20', '--switches', '1');
    expect(host.rman("backup incremental level 1 database tag 'L1A';\n").status).toBe(0);
    host.cli('workload', '--home', host.home, '--sid', 'DEMO', '--blocks', '20', '--switches', '1');
    expect(host.rman("backup incremental level 1 database tag 'L1B';\n").status).toBe(0);
    const cumulative = host.rman("backup incremental level 1 cumulative database tag 'L1C';\n");

    expect(parseRmanLog(cumulative.stdout, cumulative.status).status).toBe('success');
    expect(cumulative.stdout).toMatch(/starting incremental level 1 datafile backup set/);
    expect(bytesOfTag(host, 'L1A')).toBeLessThan(bytesOfTag(host, 'L0'));
    expect(bytesOfTag(host, 'L1C')).toBeGreaterThanOrEqual(bytesOfTag(host, 'L1B'));
    expect(host.inspect().backups.find((b) => b.tag === 'L1C')?.cumulative).toBe(true);
  });

  it('backs up archived logs not backed up once and deletes the input', () => {
    const dir = host.dir('arch');
    const run = host.rman(`run {
  allocate channel a1 device type disk format '${dir}/%d_arc_%U';
  backup as compressed backupset archivelog all not backed up 1 times
    tag 'ARCH_HOURLY' delete input;
  release channel a1;
}
`);

    expect(parseRmanLog(run.stdout, run.status).status).toBe('success');
    expect(run.stdout).toMatch(/channel a1: deleting archived log\(s\)/);
    expect(host.inspect().archivedLogs.every((l) => l.status === 'D' && !l.onDisk)).toBe(true);
  });

  it('backs up tablespaces, a datafile with sections, and to SBT with the media comment', () => {
    const dir = host.dir('ts');
    const ts = host.rman(`backup tablespace 'HR_DATA', USERS format '${dir}/%d_%U';\n`);
    const df = host.rman(`backup datafile 1 section size 1M format '${dir}/%d_%U';\n`);
    const sbt = host.rman(`run {
  allocate channel t1 device type sbt parms 'ENV=(NB_ORA_POLICY=ora)';
  backup database tag 'SBT_FULL';
}
`);

    expect(parseRmanLog(ts.stdout, ts.status).status).toBe('success');
    expect(ts.stdout).toMatch(/hr_data01\.dbf/);
    expect(df.stdout).toMatch(/backing up blocks 1 through 128/);
    expect(df.stdout).toMatch(/starting piece 2 at/);
    expect(parseRmanLog(sbt.stdout, sbt.status).status).toBe('success');
    expect(sbt.stdout).toMatch(/tag=SBT_FULL comment=API Version 2\.0,MMS Version 5\.1\.0\.0/);
    expect(sbt.stdout).toMatch(/device type=SBT_TAPE/);
  });

  it('configures, crosschecks, deletes obsolete, validates and lists', () => {
    const dir = host.dir('m');
    host.rman(`backup database format '${dir}/a_%U';\n`);
    host.rman(`backup database format '${dir}/b_%U';\n`);
    const run = host.rman(`CONFIGURE RETENTION POLICY TO REDUNDANCY 1;
CONFIGURE CONTROLFILE AUTOBACKUP ON;
CONFIGURE COMPRESSION ALGORITHM 'MEDIUM';
crosscheck backup;
crosscheck archivelog all;
delete noprompt obsolete;
delete noprompt expired backup;
restore database validate;
restore database preview;
validate database;
list backup summary;
`);

    expect(run.status).toBe(0);
    expect(parseRmanLog(run.stdout, run.status).status).toBe('success');
    expect(run.stdout).toMatch(/new RMAN configuration parameters are successfully stored/);
    expect(run.stdout).toMatch(/crosschecked backup piece: found to be 'AVAILABLE'/);
    expect(run.stdout).toMatch(/Deleting the following obsolete backups and copies:/);
    expect(run.stdout).toMatch(/channel ORA_DISK_1: validation complete/);
    expect(run.stdout).toMatch(/Media recovery start SCN is \d+/);
    expect(run.stdout).toMatch(/^Key {5}TY LV S Device Type/m);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('a_'))).toHaveLength(0);
  });

  it('fails a restore validate when a piece was corrupted on disk', () => {
    const dir = host.dir('c');
    host.rman(`backup database format '${dir}/%U';\n`);
    for (const file of fs.readdirSync(dir)) fs.appendFileSync(`${dir}/${file}`, 'x');
    const run = host.rman('restore database validate;\n');

    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/ORA-19599: block number \d+ is corrupt in backup piece/);
    expect(parseRmanLog(run.stdout, run.status).status).toBe('failed');
  });

  it('answers unknown syntax with the RMAN-00558 stack', () => {
    const run = host.rman('backup databse;\n');

    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/RMAN-00558: error encountered while parsing input commands/);
    expect(run.stdout).toMatch(/RMAN-01008: the bad identifier was: databse/);
    expect(run.stdout).toMatch(/RMAN-01007: at line 1 column 8 file: /);
    expect(parseRmanLog(run.stdout, run.status).status).toBe('failed');
  });

  it('reads commands from standard input, echoing only the prompts', () => {
    const run = host.tool('rman', ['target', '/'], 'run {\nbackup archivelog all;\n}\n');

    expect(run.stdout).toMatch(/^RMAN> 2> 3> $/m);
    expect(parseRmanLog(run.stdout, run.status).status).toBe('success');
  });
});
