import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkStrategy, dataPumpJobName, renderStrategy, StrategyRefused } from '../src';
import { scanRmanScript } from '../src/rman-command-scanner';
import { CORPUS } from './corpus';
import { READY, strategy } from './strategy-fixtures';

const rman = (fields = {}, options = {}) => renderStrategy(strategy(fields, options), READY);
const RUN_ID = READY.runId;

/** The features the corpus lists for a script, read back from a rendered one. */
function features(script: string) {
  const commands = scanRmanScript(script).commands;
  const backups = commands.filter((c) => c.bare.startsWith('BACKUP'));
  const first = backups[0]?.bare ?? '';
  const level = / INCREMENTAL LEVEL (\d)/.exec(first);

  return {
    backupType: level ? 'incremental' : / ARCHIVELOG ALL/.test(first) ? 'archivelog' : 'full',
    level: level ? Number(level[1]) : null,
    cumulative: / CUMULATIVE/.test(first),
    compressed: / AS COMPRESSED BACKUPSET/.test(first),
    deviceType: /DEVICE TYPE (\w+)/.exec(script)?.[1] ?? null,
    channels: commands.filter((c) => c.bare.startsWith('ALLOCATE CHANNEL')).length,
    archivelog: {
      included: / ARCHIVELOG/.test(first),
      notBackedUpTimes: Number(/NOT BACKED UP (\d+) TIMES/.exec(first)?.[1] ?? NaN) || null,
      deleteInput: / DELETE INPUT/.test(first),
    },
    tags: backups.flatMap((b) => (/ TAG ''/.test(b.bare) ? [b.strings[b.strings.length - 1]] : [])),
    formats: commands.flatMap((c) => (/ FORMAT ''/.test(c.bare) ? c.strings : [])),
  };
}

interface ScriptCase {
  name: string;
  strategy: Record<string, any>;
  pitfalls: string[];
}

const scriptCases: ScriptCase[] = readdirSync(join(CORPUS, 'scripts'))
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => {
    const json = JSON.parse(readFileSync(join(CORPUS, 'scripts', f), 'utf8'));
    return {
      name: f.replace('.expected.json', ''),
      strategy: json.strategy,
      pitfalls: json.pitfalls,
    };
  });

/** The strategy document a DBA would save to get what the corpus script does. */
function documentFor(s: Record<string, any>) {
  const tag = (s.tags as string[]).find((t) => /^[A-Z0-9_]{1,30}$/.test(t));
  const days = s.retention?.days as number | undefined;

  return strategy(
    {
      type: s.backupType,
      incremental:
        s.backupType === 'incremental' ? { level: s.level, cumulative: !!s.cumulative } : undefined,
    },
    {
      destination: { kind: 'disk', path: '/backup/PROD1' },
      compression: s.compressed ? 'basic' : 'none',
      channels: typeof s.channels === 'number' ? s.channels : 1,
      tag,
      archivedLogs: {
        include: s.archivelog.included,
        notBackedUpTimes: s.archivelog.notBackedUpTimes ?? undefined,
        deleteInput: s.archivelog.deleteInput,
      },
      retention: days ? { kind: 'recovery-window', days } : undefined,
      maintenance: { crosscheck: !!s.crosscheck, deleteObsolete: !!days },
    },
  );
}

describe(renderStrategy.name, () => {
  describe('compared feature by feature with the corpus scripts', () => {
    it.each(scriptCases.map((c) => [c.name, c] as const))('%s', (_, c) => {
      const work = renderStrategy(documentFor(c.strategy), READY);
      const got = features(work.script);
      const want = c.strategy;

      expect(got.backupType).toBe(want.backupType);
      expect(got.compressed).toBe(want.compressed);
      expect(got.deviceType).toBe(want.deviceType);
      expect(got.channels).toBe(typeof want.channels === 'number' ? want.channels : 1);
      expect(got.archivelog).toEqual({
        included: want.archivelog.included,
        notBackedUpTimes: want.archivelog.notBackedUpTimes ?? null,
        deleteInput: want.archivelog.deleteInput,
      });
      if (want.level !== undefined) expect(got.level).toBe(want.level);
      if (want.level === 1) expect(got.cumulative).toBe(want.cumulative);
      expect(got.tags).toEqual(
        (want.tags as string[]).filter((t) => /^[A-Z0-9_]+$/.test(t)).slice(0, 1),
      );
    });

    it.each(scriptCases.map((c) => [c.name, c] as const))(
      '%s: the rendered script avoids the pitfalls the corpus lists',
      (_, c) => {
        const work = renderStrategy(documentFor(c.strategy), READY);
        const asCustom = strategy({ type: 'custom', custom: { script: work.script } });

        expect(features(work.script).formats.every((f) => f.includes('%U'))).toBe(true);
        expect(work.script).not.toMatch(/COMPLETED BEFORE/);
        expect(work.env.NLS_DATE_FORMAT).toBe('YYYY-MM-DD HH24:MI:SS');
        expect(checkStrategy(asCustom, { ...READY, isAdmin: true })).toEqual([]);
      },
    );

    it('flags the pitfalls of the corpus scripts themselves when used as custom scripts', () => {
      const found = scriptCases.flatMap((c) => {
        const file = readdirSync(join(CORPUS, 'scripts')).find(
          (f) => f.startsWith(`${c.name}.`) && !f.endsWith('.json'),
        ) as string;
        const script = rmanPart(readFileSync(join(CORPUS, 'scripts', file), 'utf8'));
        const doc = strategy({ type: 'custom', custom: { script } });
        return checkStrategy(doc, { ...READY, isAdmin: true }).map((f) => `${c.name}:${f.code}`);
      });

      expect(found).toEqual(
        expect.arrayContaining([
          'level0-weekly-multichannel:CUSTOM_AGE_BASED_DELETE',
          'level0-weekly-multichannel:CUSTOM_ARCHIVELOG_DELETE_UNGUARDED',
          'level0-weekly-multichannel:CUSTOM_FORMAT_NOT_UNIQUE',
          'level1-cumulative-plus-archivelog:CUSTOM_CONFIGURE_IN_RUN',
          'windows-cmdfile-l1-maintenance:CUSTOM_MAINTENANCE_BEFORE_BACKUP',
        ]),
      );
    });
  });

  describe('RMAN command files', () => {
    it('opens the RUN block with SET COMMAND ID and allocates each channel with its FORMAT', () => {
      const work = rman({}, { channels: 2, destination: { kind: 'disk', path: '/u01/bk/' } });
      const run = work.script.split('RUN {\n')[1].split('\n');

      expect(work.tool).toBe('rman');
      expect(run[0]).toBe(`  SET COMMAND ID TO 'rampart-${RUN_ID}';`);
      expect(run.slice(1, 3)).toEqual([
        "  ALLOCATE CHANNEL c1 DEVICE TYPE DISK FORMAT '/u01/bk/%d_%T_%U';",
        "  ALLOCATE CHANNEL c2 DEVICE TYPE DISK FORMAT '/u01/bk/%d_%T_%U';",
      ]);
      expect(work.script).toContain(
        "SET CONTROLFILE AUTOBACKUP FORMAT FOR DEVICE TYPE DISK TO '/u01/bk/%d_cf_%F';",
      );
      expect(work.fileName).toBe(`rampart-${RUN_ID}.rman`);
      expect(work.env).toEqual({
        NLS_DATE_FORMAT: 'YYYY-MM-DD HH24:MI:SS',
        NLS_LANG: 'AMERICAN_AMERICA.AL32UTF8',
      });
    });

    it('writes a compressed, encrypted, multisection level 1 cumulative with archived logs', () => {
      const work = rman(
        { type: 'incremental', incremental: { level: 1, cumulative: true } },
        {
          compression: 'medium',
          encryption: true,
          sectionSize: '32g',
          tag: 'inc1_daily',
          archivedLogs: { include: true, notBackedUpTimes: 1, deleteInput: true },
          retention: { kind: 'recovery-window', days: 14 },
          maintenance: { crosscheck: true, deleteObsolete: true },
        },
      );

      expect(work.script).toContain("CONFIGURE COMPRESSION ALGORITHM 'MEDIUM';");
      expect(work.script).toContain('CONFIGURE RETENTION POLICY TO RECOVERY WINDOW OF 14 DAYS;');
      expect(work.script).toContain('CONFIGURE CONTROLFILE AUTOBACKUP ON;');
      expect(work.script).toContain('  SET ENCRYPTION ON;');
      expect(work.script).toContain(
        '  BACKUP INCREMENTAL LEVEL 1 CUMULATIVE AS COMPRESSED BACKUPSET SECTION SIZE 32G ' +
          "TAG 'INC1_DAILY' DATABASE PLUS ARCHIVELOG NOT BACKED UP 1 TIMES DELETE INPUT;",
      );
      expect(work.script.indexOf('CROSSCHECK BACKUP;')).toBeGreaterThan(
        work.script.indexOf('BACKUP INCREMENTAL'),
      );
      expect(work.script.indexOf('DELETE NOPROMPT OBSOLETE;')).toBeGreaterThan(
        work.script.indexOf('CROSSCHECK ARCHIVELOG ALL;'),
      );
      expect(work.warnings.map((w) => w.code)).toEqual([
        'LICENCE_ADVANCED_COMPRESSION',
        'LICENCE_ADVANCED_SECURITY',
      ]);
    });

    it('writes a level 0 differential without CUMULATIVE and retention by redundancy', () => {
      const work = rman(
        { type: 'incremental', incremental: { level: 0, cumulative: true } },
        { archivedLogs: { include: false }, retention: { kind: 'redundancy', copies: 2 } },
      );

      expect(work.script).toContain('  BACKUP INCREMENTAL LEVEL 0 DATABASE;');
      expect(work.script).toContain('CONFIGURE RETENTION POLICY TO REDUNDANCY 2;');
    });

    it('backs up tablespaces as quoted identifiers', () => {
      const work = rman(
        { type: 'partial', partial: { tablespaces: ['users', 'APP$DATA'] } },
        { archivedLogs: { include: false } },
      );

      expect(work.script).toContain('  BACKUP TABLESPACE "USERS", "APP$DATA";');
    });

    it('backs up archived logs to a media manager with PARMS', () => {
      const work = rman(
        { type: 'archivelog' },
        {
          destination: { kind: 'sbt', parms: 'ENV=(NB_ORA_POLICY=ora_arch)' },
          archivedLogs: { deleteInput: true, notBackedUpTimes: 2 },
          sectionSize: '1G',
        },
      );

      expect(work.script).toContain(
        "ALLOCATE CHANNEL c1 DEVICE TYPE SBT PARMS 'ENV=(NB_ORA_POLICY=ora_arch)' " +
          "FORMAT '%d_%T_%U';",
      );
      expect(work.script).toContain('  BACKUP ARCHIVELOG ALL NOT BACKED UP 2 TIMES DELETE INPUT;');
      expect(work.script).not.toContain('SECTION SIZE');
    });

    it('rehearses a restore for a validate strategy without writing anything', () => {
      const work = rman(
        { type: 'validate' },
        { validation: { checkLogical: true }, compression: 'high' },
      );

      expect(work.script).toContain('  RESTORE DATABASE PREVIEW SUMMARY;');
      expect(work.script).toContain('  RESTORE DATABASE VALIDATE CHECK LOGICAL;');
      expect(work.script).toContain('  RESTORE CONTROLFILE VALIDATE;');
      expect(work.script).not.toMatch(/BACKUP |CONFIGURE|FORMAT/);
    });

    it('writes to the recovery area without FORMAT and to Windows paths with backslashes', () => {
      expect(rman().script).toContain('ALLOCATE CHANNEL c1 DEVICE TYPE DISK;');
      expect(rman({}, { destination: { kind: 'disk', path: 'D:\\rman' } }).script).toContain(
        "FORMAT 'D:\\rman\\%d_%T_%U'",
      );
    });

    it('passes a custom script through verbatim for an admin', () => {
      const script = "RUN { SET COMMAND ID TO 'x'; BACKUP DATABASE; }";
      const doc = strategy({ type: 'custom', custom: { script } });

      expect(renderStrategy(doc, { ...READY, isAdmin: true }).script).toBe(script);
    });
  });

  describe('Data Pump parameter files', () => {
    it('exports schemas consistently, in parallel, with a job name from the run id', () => {
      const work = rman(
        { type: 'partial', partial: { schemas: ['hr', 'SALES'] } },
        { dataPump: { directory: 'DP_NIGHTLY', parallel: 4, fileSize: '4g' } },
      );

      expect(work.tool).toBe('expdp');
      expect(work.script.split('\n').slice(1)).toEqual([
        'SCHEMAS="HR","SALES"',
        'DIRECTORY=DP_NIGHTLY',
        'DUMPFILE=rampart_7f3c2a10_5b1e_4c1d_9a7e_0123456789ab_%U.dmp',
        'LOGFILE=rampart_7f3c2a10_5b1e_4c1d_9a7e_0123456789ab.log',
        'JOB_NAME=RAMPART_7F3C2A105B1E4C1D9A7E01',
        'FLASHBACK_TIME=SYSTIMESTAMP',
        'PARALLEL=4',
        'FILESIZE=4G',
        '',
      ]);
      expect(work.fileName).toBe('rampart_7f3c2a10_5b1e_4c1d_9a7e_0123456789ab.par');
      expect(work.script).not.toMatch(/USERID|PASSWORD|\//i);
    });

    it('exports tables, compressed and encrypted, quoting a directory name with #', () => {
      const work = rman(
        { type: 'partial', partial: { tables: ['hr.employees'] } },
        { compression: 'basic', encryption: true, dataPump: { directory: 'DP#1' } },
      );

      expect(work.script).toContain('TABLES="HR"."EMPLOYEES"');
      expect(work.script).toContain('DIRECTORY="DP#1"');
      expect(work.script).toContain('COMPRESSION=ALL\nCOMPRESSION_ALGORITHM=BASIC');
      expect(work.script).toContain('ENCRYPTION=ALL\nENCRYPTION_MODE=TRANSPARENT');
    });

    it('keeps job names within 30 characters and distinct per run', () => {
      expect(dataPumpJobName('a'.repeat(64))).toHaveLength(30);
      expect(dataPumpJobName('run-1')).not.toBe(dataPumpJobName('run-2'));
    });
  });

  it('refuses with every finding, errors naming their field', () => {
    const doc = strategy({}, { archivedLogs: { include: false } });
    const ctx = { ...READY, logMode: 'NOARCHIVELOG' as const, runId: 'bad id' };

    expect(() => renderStrategy(doc, ctx)).toThrow(StrategyRefused);
    try {
      renderStrategy(doc, ctx);
    } catch (e) {
      const refused = e as StrategyRefused;
      expect(refused.findings.map((f) => f.field)).toEqual(['runId', 'type']);
      expect(refused.message).toMatch(/runId: must be/);
    }
  });
});

/** The RMAN commands of a shell wrapper: from the first RMAN line to EOF / EXIT. */
function rmanPart(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\s*(run\b|RUN\b|SET ECHO|set echo)/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^(EOF|EXIT;|exit;)/.test(l.trim()));

  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}
