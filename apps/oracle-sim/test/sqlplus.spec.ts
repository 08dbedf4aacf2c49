import * as fs from 'node:fs';

import { schedulerJobPlsql } from '@rampart/oracle-calendar';

import { SimHost } from './sim-harness';

const QUIET = "SET PAGESIZE 0 FEEDBACK OFF HEADING OFF VERIFY OFF ECHO OFF\nSET COLSEP '|'\n";

describe('sqlplus', () => {
  let host: SimHost;

  beforeEach(() => {
    host = new SimHost();
    host.create();
  });

  afterEach(() => host.cleanup());

  it('answers the v$database query, with headings as in the corpus and with COLSEP', () => {
    const plain = host.sqlplus(
      'select name, log_mode, open_mode, database_role from v$database;\n',
    );
    const quiet = host.sqlplus(
      `${QUIET}SELECT name, dbid, log_mode, open_mode, database_role FROM v$database;\n`,
    );

    expect(plain.stdout).toBe(
      '\nNAME      LOG_MODE     OPEN_MODE            DATABASE_ROLE\n' +
        '--------- ------------ -------------------- ----------------\n' +
        'DEMO      ARCHIVELOG   READ WRITE           PRIMARY\n\n',
    );
    expect(quiet.stdout).toMatch(/^DEMO {5}\| *\d+\|ARCHIVELOG {2}\|READ WRITE {10}\|PRIMARY\n$/);
  });

  it('prints ARCHIVE LOG LIST in the exact corpus layout, for both log modes', () => {
    const archiving = host.sqlplus('archive log list\n').stdout;
    expect(archiving).toMatch(
      /^Database log mode {14}Archive Mode\nAutomatic archival {13}Enabled\n/,
    );
    expect(archiving).toMatch(/Archive destination {12}USE_DB_RECOVERY_FILE_DEST\n/);
    expect(archiving).toMatch(/Next log sequence to archive {3}\d+\n/);

    const other = new SimHost('LAB');
    other.create('--noarchivelog');
    const noArchive = other.sqlplus('archive log list\n').stdout;
    other.cleanup();
    expect(noArchive).toMatch(
      /^Database log mode {14}No Archive Mode\nAutomatic archival {13}Disabled\n/,
    );
    expect(noArchive).not.toMatch(/Next log sequence/);
  });

  it('switches to ARCHIVELOG through shutdown, startup mount, alter database', () => {
    const other = new SimHost('LAB');
    other.create('--noarchivelog');
    const refused = other.sqlplus('alter database archivelog;\n');
    const switched = other.sqlplus(
      'shutdown immediate\nstartup mount\nalter database archivelog;\nalter database open;\n' +
        'select log_mode from v$database;\n',
    );
    other.cleanup();

    expect(refused.stdout).toMatch(/ERROR at line 1:\nORA-01126: database must be mounted/);
    expect(switched.stdout).toMatch(
      /Database closed\.\nDatabase dismounted\.\nORACLE instance shut down\./,
    );
    expect(switched.stdout).toMatch(/ORACLE instance started\.[\s\S]*Database mounted\./);
    expect(switched.stdout).toMatch(/Database altered\.[\s\S]*\nARCHIVELOG\n/);
  });

  it('answers the inventory queries: version, recovery area, tablespaces, schemas, tables', () => {
    const out = host.sqlplus(
      `${QUIET}SELECT version, instance_name, status FROM v$instance;\n` +
        'SELECT name, space_limit, space_used, space_reclaimable, number_of_files FROM ' +
        'v$recovery_file_dest;\n' +
        'SELECT tablespace_name, contents, status FROM dba_tablespaces ORDER BY 1;\n' +
        "SELECT username FROM dba_users WHERE oracle_maintained = 'N' ORDER BY 1;\n" +
        "SELECT owner, table_name FROM dba_tables WHERE owner NOT IN ('SYS','SYSTEM') ORDER BY " +
        '1, 2;\n',
    ).stdout;

    expect(out).toMatch(/^19\.0\.0\.0\.0 +\|DEMO +\|OPEN/m);
    expect(out).toMatch(/\/fra *\| *2147483648\|/);
    expect(out).toMatch(/^UNDOTBS1 +\|UNDO +\|ONLINE$/m);
    expect(out).toMatch(/^HR\nSALES$/m);
    expect(out).toMatch(/^HR +\|EMPLOYEES$/m);
    expect(out).not.toMatch(/AUD\$/);
  });

  it('gives ORA errors and exits with SQL.SQLCODE under WHENEVER SQLERROR', () => {
    const run = host.sqlplus(
      'WHENEVER SQLERROR EXIT SQL.SQLCODE\nselect * from no_such_view;\nselect 1 from dual;\n',
    );

    expect(run.stdout).toBe('ERROR at line 1:\nORA-00942: table or view does not exist\n\n');
    expect(run.status).toBe(942 % 256);
  });

  it('runs the scheduler PL/SQL that libs/oracle-calendar renders', () => {
    const plsql = schedulerJobPlsql({
      jobName: 'RAMPART_42',
      expression: 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30;BYSECOND=0',
      startDate: '2024-03-08T00:00:00',
      timezone: 'Europe/Paris',
      jobAction: '/usr/bin/true',
      arguments: ['trigger', '--strategy', '42'],
      credentialName: 'RAMPART_OS',
      maxRunMinutes: 240,
      comments: 'Rampart strategy 42',
      enabled: true,
    });
    const script =
      `${QUIET}WHENEVER SQLERROR EXIT SQL.SQLCODE\n` +
      "BEGIN DBMS_SCHEDULER.CREATE_CREDENTIAL(credential_name => 'RAMPART_OS', username => " +
      "'oracle', password => 'x'); END;\n/\n" +
      `${plsql}\n/\n${plsql}\n/\n` +
      'SELECT job_name, enabled, state, repeat_interval FROM dba_scheduler_jobs WHERE job_name ' +
      "LIKE 'RAMPART%';\n";
    const run = host.sqlplus(script);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^RAMPART_42 *\|TRUE *\|SCHEDULED *\|FREQ=DAILY;BYHOUR=2;BYMINUTE=30;BYSECOND=0$/m,
    );
    const [job] = host.inspect().schedulerJobs;
    expect(job.arguments).toEqual(['trigger', '--strategy', '42']);
  });

  it('refuses the connection under the insufficient-privileges fault', () => {
    host.cli('fault', '--home', host.home, '--sid', 'DEMO', '--kind', 'insufficient-privileges');
    const run = host.sqlplus('select 1 from dual;\n');

    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^ERROR:\nORA-01031: insufficient privileges\n/);
    expect(fs.existsSync(host.home)).toBe(true);
  });
});
