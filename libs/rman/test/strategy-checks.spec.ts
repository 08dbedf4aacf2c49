import { checkStrategy } from '../src';
import { READY, strategy } from './strategy-fixtures';

const codes = (findings: ReturnType<typeof checkStrategy>): string[] => findings.map((f) => f.code);
const errorCodes = (findings: ReturnType<typeof checkStrategy>): string[] =>
  findings.filter((f) => f.severity === 'error').map((f) => f.code);

describe(checkStrategy.name, () => {
  it('finds nothing wrong with a well-formed full backup on an ARCHIVELOG target', () => {
    const doc = strategy(
      {},
      {
        archivedLogs: { include: true, deleteInput: true },
        retention: { kind: 'redundancy', copies: 2 },
        maintenance: { crosscheck: true, deleteObsolete: true },
      },
    );

    expect(checkStrategy(doc, READY)).toEqual([]);
  });

  describe('NOARCHIVELOG targets', () => {
    const noarch = { ...READY, logMode: 'NOARCHIVELOG' as const };

    it('refuses an online backup and says how to switch to ARCHIVELOG', () => {
      const findings = checkStrategy(strategy({}, { archivedLogs: { include: false } }), noarch);

      expect(errorCodes(findings)).toEqual(['NOARCHIVELOG_ONLINE_BACKUP']);
      expect(findings[0].message).toMatch(/ARCHIVELOG mode/);
      expect(findings[0].message).toMatch(/restart/);
    });

    it('allows a mounted consistent backup but refuses PLUS ARCHIVELOG', () => {
      const mounted = { ...noarch, databaseOpen: false };

      expect(
        errorCodes(checkStrategy(strategy({}, { archivedLogs: { include: false } }), mounted)),
      ).toEqual([]);
      expect(errorCodes(checkStrategy(strategy(), mounted))).toEqual([
        'PLUS_ARCHIVELOG_IN_NOARCHIVELOG',
      ]);
    });

    it('refuses an archived-log-only backup, open or not', () => {
      const doc = strategy({ type: 'archivelog' });

      expect(errorCodes(checkStrategy(doc, { ...noarch, databaseOpen: false }))).toEqual([
        'ARCHIVELOG_BACKUP_IN_NOARCHIVELOG',
      ]);
    });

    it('warns when the log mode is unknown, and lets a validate run anyway', () => {
      expect(codes(checkStrategy(strategy(), { ...READY, logMode: null }))).toContain(
        'LOG_MODE_UNKNOWN',
      );
      expect(checkStrategy(strategy({ type: 'validate' }), noarch)).toEqual([]);
    });
  });

  describe('level 1 backups', () => {
    const level1 = strategy(
      { type: 'incremental', incremental: { level: 1, cumulative: false } },
      { archivedLogs: { include: false } },
    );

    it('refuses a level 1 when no level 0 exists', () => {
      const findings = checkStrategy(level1, { ...READY, hasLevel0: false });

      expect(findings).toEqual([
        expect.objectContaining({
          code: 'LEVEL0_MISSING',
          severity: 'error',
          field: 'incremental.level',
        }),
      ]);
    });

    it.each([null, undefined])('warns when the level 0 is unknown (%s)', (hasLevel0) => {
      expect(checkStrategy(level1, { ...READY, hasLevel0 })).toEqual([
        expect.objectContaining({ code: 'LEVEL0_UNKNOWN', severity: 'warning' }),
      ]);
    });
  });

  describe('licences and option combinations', () => {
    it.each(['low', 'medium', 'high'])('notes the Advanced Compression licence for %s', (c) => {
      expect(codes(checkStrategy(strategy({}, { compression: c }), READY))).toContain(
        'LICENCE_ADVANCED_COMPRESSION',
      );
    });

    it('needs no extra licence for BASIC compression in RMAN', () => {
      expect(codes(checkStrategy(strategy({}, { compression: 'basic' }), READY))).not.toContain(
        'LICENCE_ADVANCED_COMPRESSION',
      );
    });

    it('notes Advanced Security and the wallet for encryption', () => {
      const finding = checkStrategy(strategy({}, { encryption: true }), READY).find(
        (f) => f.code === 'LICENCE_ADVANCED_SECURITY',
      );

      expect(finding?.message).toMatch(/keystore \(wallet\)/);
    });

    it('warns about archived log options on a strategy that takes no archived logs', () => {
      const doc = strategy({}, { archivedLogs: { include: false, deleteInput: true } });

      expect(codes(checkStrategy(doc, READY))).toContain('ARCHIVED_LOG_OPTIONS_UNUSED');
    });

    it('warns when archived logs are backed up but never deleted', () => {
      expect(codes(checkStrategy(strategy(), READY))).toContain('ARCHIVED_LOGS_NEVER_DELETED');
    });

    it('warns about retention without DELETE OBSOLETE, and the reverse', () => {
      const window = { kind: 'recovery-window', days: 7 };

      expect(codes(checkStrategy(strategy({}, { retention: window }), READY))).toContain(
        'RETENTION_NOT_ENFORCED',
      );
      const obsolete = strategy({}, { maintenance: { deleteObsolete: true } });
      expect(codes(checkStrategy(obsolete, READY))).toEqual(
        expect.arrayContaining(['DELETE_OBSOLETE_WITHOUT_RETENTION']),
      );
    });

    it('warns about DELETE OBSOLETE without CROSSCHECK (RMAN-06207)', () => {
      const doc = strategy(
        {},
        { retention: { kind: 'redundancy', copies: 1 }, maintenance: { deleteObsolete: true } },
      );

      expect(codes(checkStrategy(doc, READY))).toContain('DELETE_OBSOLETE_WITHOUT_CROSSCHECK');
    });

    it('warns that SECTION SIZE is unused without datafiles, and about SBT without PARMS', () => {
      const doc = strategy(
        { type: 'archivelog' },
        {
          sectionSize: '32G',
          destination: { kind: 'sbt' },
          archivedLogs: { deleteInput: true },
        },
      );

      expect(codes(checkStrategy(doc, READY))).toEqual([
        'SECTION_SIZE_UNUSED',
        'SBT_WITHOUT_PARMS',
      ]);
    });
  });

  describe('Data Pump strategies', () => {
    const schemas = { type: 'partial', partial: { schemas: ['HR'] } };

    it('refuses a closed database and a media manager destination', () => {
      const doc = strategy(schemas, { destination: { kind: 'sbt', parms: 'ENV=(A=B)' } });

      expect(errorCodes(checkStrategy(doc, { ...READY, databaseOpen: false }))).toEqual([
        'DATAPUMP_NEEDS_OPEN_DATABASE',
        'DATAPUMP_CANNOT_USE_SBT',
      ]);
    });

    it('notes that RMAN-only settings are ignored and compression needs a licence', () => {
      const doc = strategy(schemas, { tag: 'X', compression: 'basic' });

      expect(codes(checkStrategy(doc, READY))).toEqual([
        'LICENCE_ADVANCED_COMPRESSION',
        'DATAPUMP_IGNORES_RMAN_OPTIONS',
      ]);
    });
  });

  describe('document shape', () => {
    it.each([
      [{ type: 'incremental' }, 'incremental'],
      [{ type: 'partial' }, 'partial'],
      [{ type: 'partial', partial: { tablespaces: ['USERS'], schemas: ['HR'] } }, 'partial'],
      [{ type: 'custom' }, 'custom.script'],
      [{ type: 'weekly' }, 'type'],
    ])('refuses %j naming %s', (fields, field) => {
      const doc = { ...strategy(), ...fields } as ReturnType<typeof strategy>;

      expect(checkStrategy(doc, READY)).toEqual([
        expect.objectContaining({ severity: 'error', field }),
      ]);
    });
  });

  describe('custom scripts', () => {
    const custom = (script: string) => strategy({ type: 'custom', custom: { script } });
    const admin = { ...READY, isAdmin: true };
    const ok = "RUN {\n  SET COMMAND ID TO 'x';\n  BACKUP DATABASE;\n}\n";

    it('accepts a custom script only from an admin', () => {
      expect(errorCodes(checkStrategy(custom(ok), READY))).toEqual(['CUSTOM_NEEDS_ADMIN']);
      expect(checkStrategy(custom(ok), admin)).toEqual([]);
    });

    it.each([
      ["HOST 'rm -rf /u01';", 'CUSTOM_HOST_COMMAND'],
      ['host;', 'CUSTOM_HOST_COMMAND'],
      ['@/tmp/other.rman', 'CUSTOM_NESTED_SCRIPT'],
      ['CONNECT TARGET sys/secret@prod;', 'CUSTOM_CONNECT'],
      ['DROP DATABASE INCLUDING BACKUPS;', 'CUSTOM_DESTRUCTIVE_COMMAND'],
      ['DELETE OBSOLETE;', 'CUSTOM_DELETE_PROMPTS'],
      ["BACKUP DATABASE FORMAT '/u01/x;\nHOST", 'CUSTOM_UNTERMINATED_QUOTE'],
      ['DROP TABLE hr.employees;', 'CUSTOM_DESTRUCTIVE_COMMAND'],
      ['SPOOL LOG TO /tmp/x.log;', 'CUSTOM_SPOOL_LOG'],
      ["SPOOL LOG TO '/tmp/x.log' APPEND;", 'CUSTOM_SPOOL_LOG'],
      ['EXECUTE SCRIPT nightly;', 'CUSTOM_STORED_SCRIPT'],
      ['EXECUTE GLOBAL SCRIPT nightly;', 'CUSTOM_STORED_SCRIPT'],
      ['REPLACE SCRIPT nightly { BACKUP DATABASE; }', 'CUSTOM_STORED_SCRIPT'],
      ['DELETE NOPROMPT BACKUP;', 'CUSTOM_DELETES_ALL_BACKUPS'],
      ['DELETE NOPROMPT FORCE BACKUP OF DATABASE;', 'CUSTOM_DELETES_ALL_BACKUPS'],
      ['DELETE NOPROMPT COPY;', 'CUSTOM_DELETES_ALL_BACKUPS'],
      ['RESTORE DATABASE;', 'CUSTOM_CHANGES_DATABASE'],
      ['RECOVER DATABASE;', 'CUSTOM_CHANGES_DATABASE'],
      ['DUPLICATE TARGET DATABASE TO dev;', 'CUSTOM_CHANGES_DATABASE'],
      ['CREATE USER x IDENTIFIED BY y;', 'CUSTOM_CHANGES_DATABASE'],
      ['SELECT * FROM dba_users;', 'CUSTOM_UNKNOWN_COMMAND'],
      ['BACKPU DATABASE;', 'CUSTOM_UNKNOWN_COMMAND'],
      [
        "BEGIN DBMS_SCHEDULER.CREATE_JOB('X', 'EXECUTABLE', '/bin/sh'); END;",
        'CUSTOM_UNKNOWN_COMMAND',
      ],
      [
        `SQL "BEGIN DBMS_SCHEDULER.CREATE_JOB(job_name => ''X'', job_type => ''EXECUTABLE'', ` +
          `job_action => ''/bin/sh''); END;";`,
        'CUSTOM_SQL_NOT_ADMITTED',
      ],
      ["SQL 'ALTER SYSTEM ARCHIVE LOG CURRENT; DROP TABLE x';", 'CUSTOM_SQL_NOT_ADMITTED'],
      ["SQL 'ALTER USER sys IDENTIFIED BY x';", 'CUSTOM_SQL_NOT_ADMITTED'],
      ['ALTER SYSTEM SET log_archive_dest_1 = x;', 'CUSTOM_SQL_NOT_ADMITTED'],
      // A doubled quote is one quote to RMAN: the whole string is one statement.
      [
        "SQL 'BEGIN DBMS_SCHEDULER.CREATE_JOB(job_name=>''X'', job_type=>''EXECUTABLE''); " +
          "END; --'' ''ALTER SYSTEM SWITCH LOGFILE';",
        'CUSTOM_SQL_NOT_ADMITTED',
      ],
      ['SQL "GRANT DBA TO PUBLIC --"" ""ALTER SYSTEM SWITCH LOGFILE";', 'CUSTOM_SQL_NOT_ADMITTED'],
      ["SQL 'GRANT DBA TO PUBLIC' 'ALTER SYSTEM SWITCH LOGFILE';", 'CUSTOM_SQL_NOT_ADMITTED'],
      // RMAN 12.2+ takes SQL without quotes: only the quoted form is admitted.
      [
        'SQL ALTER USER SYS IDENTIFIED BY "ALTER SYSTEM SWITCH LOGFILE";',
        'CUSTOM_SQL_NOT_ADMITTED',
      ],
      [
        "SQL DELETE FROM HR.EMPLOYEES WHERE 'ALTER SYSTEM CHECKPOINT' IS NOT NULL;",
        'CUSTOM_SQL_NOT_ADMITTED',
      ],
      ['DELETE FROM SYS.OBJ$ NOPROMPT;', 'CUSTOM_SQL_NOT_ADMITTED'],
      ["DELETE NOPROMPT BACKUP COMPLETED AFTER 'SYSDATE-36500';", 'CUSTOM_DELETES_ALL_BACKUPS'],
      ['DELETE NOPROMPT CONTROLFILECOPY ALL;', 'CUSTOM_DELETES_ALL_BACKUPS'],
      ['CHANGE BACKUP UNCATALOG;', 'CUSTOM_DESTRUCTIVE_COMMAND'],
      ['CHANGE ARCHIVELOG ALL UNAVAILABLE;', 'CUSTOM_DESTRUCTIVE_COMMAND'],
      ['CHANGE BACKUP NOKEEP;', 'CUSTOM_DESTRUCTIVE_COMMAND'],
      ["BACKUP BACKUPSET ALL FORMAT '/tmp/%U' DELETE INPUT;", 'CUSTOM_DESTRUCTIVE_COMMAND'],
      [
        "SQL \"ALTER DATABASE BACKUP CONTROLFILE TO ''/u01/oradata/system01.dbf'' REUSE\";",
        'CUSTOM_SQL_NOT_ADMITTED',
      ],
      ["SQL \"CREATE PFILE=''/u01/dbs/spfilePROD.ora'' FROM SPFILE\";", 'CUSTOM_SQL_NOT_ADMITTED'],
      ['RESTORE DATABASE FROM TAG VALIDATE$1;', 'CUSTOM_CHANGES_DATABASE'],
      ['SPOOL LOG TO OFF;', 'CUSTOM_SPOOL_LOG'],
      ["RUN HOST 'id' { BACKUP DATABASE; }", 'CUSTOM_UNKNOWN_COMMAND'],
    ])('refuses %j', (line, code) => {
      const found = errorCodes(checkStrategy(custom(`${ok}${line}\n`), admin));

      expect([...new Set(found)]).toEqual([code]);
    });

    it.each([
      "SQL 'ALTER SYSTEM ARCHIVE LOG CURRENT';",
      'SQL "alter system switch logfile";',
      'ALTER SYSTEM CHECKPOINT;',
      'SQL "create pfile from spfile";',
      "SQL \"ALTER DATABASE BACKUP CONTROLFILE TO TRACE AS ''/u01/backup/ctl.trc''\";",
      "SQL 'ALTER SYSTEM ARCHIVE LOG CURRENT';",
      "SQL CHANNEL c1 'ALTER SYSTEM SWITCH LOGFILE';",
      'ALTER DATABASE MOUNT;',
      'DELETE NOPROMPT OBSOLETE;',
      "DELETE NOPROMPT BACKUP TAG 'OLD_LEVEL0';",
      "DELETE NOPROMPT BACKUP COMPLETED BEFORE 'SYSDATE-30';",
      'CHANGE ARCHIVELOG ALL CROSSCHECK;',
      'RESTORE DATABASE VALIDATE;',
      'RESTORE DATABASE PREVIEW SUMMARY;',
      'CROSSCHECK ARCHIVELOG ALL;',
      'LIST BACKUP SUMMARY;',
      'SPOOL LOG OFF;',
    ])('admits %j', (line) => {
      expect(errorCodes(checkStrategy(custom(`${ok}${line}\n`), admin))).toEqual([]);
    });

    it('does not mistake quoted text or comments for commands', () => {
      const script = `${ok}# host is a comment\nBACKUP DATABASE FORMAT '/host/;@x/%U';\n`;

      expect(checkStrategy(custom(script), admin)).toEqual([]);
    });

    it('still applies the log mode and level 0 checks to what the script backs up', () => {
      const script = "SET COMMAND ID TO 'x';\nBACKUP INCREMENTAL LEVEL 1 DATABASE PLUS ARCHIVELOG;";
      const ctx = { ...admin, logMode: 'NOARCHIVELOG' as const, hasLevel0: false };

      expect(errorCodes(checkStrategy(custom(script), ctx))).toEqual([
        'NOARCHIVELOG_ONLINE_BACKUP',
        'PLUS_ARCHIVELOG_IN_NOARCHIVELOG',
        'LEVEL0_MISSING',
      ]);
    });

    it('warns about restarts and a missing SET COMMAND ID', () => {
      const script = 'SHUTDOWN IMMEDIATE;\nSTARTUP MOUNT;\nBACKUP DATABASE;';

      expect(codes(checkStrategy(custom(script), admin))).toEqual([
        'CUSTOM_RESTARTS_DATABASE',
        'CUSTOM_RESTARTS_DATABASE',
        'CUSTOM_NO_COMMAND_ID',
      ]);
    });
  });
});
