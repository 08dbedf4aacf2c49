import fc from 'fast-check';

import { RmanLogParser, parseRmanLog } from '../src';
import { comparableFields, corpusCases, replaceLine } from './corpus';

const cases = corpusCases('rman');
const byName = (name: string): string => {
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(name);
  return found.log;
};

describe(RmanLogParser.name, () => {
  describe('on the shared corpus', () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s gives every expected field', (_, c) => {
      // The corpus's null exit code means "unknown", which the parser spells undefined.
      const exitCode = (c.expected.expectedExitCode as number | null) ?? undefined;
      const verdict = parseRmanLog(c.log, exitCode);
      const fields = comparableFields(c.expected, verdict);
      const advisory = c.expected.confidence === 'low';
      const wrong = fields.filter((f) => JSON.stringify(f.got) !== JSON.stringify(f.want));

      expect(fields.map((f) => f.field)).toEqual(expect.arrayContaining(['status', 'pieces']));
      if (advisory && wrong.length > 0) console.warn(`${c.name} (low confidence)`, wrong);
      else expect(wrong).toEqual([]);
    });

    it.each(cases.map((c) => [c.name, c.log] as const))(
      '%s gives the same verdict without the exit code, line by line',
      (_, log) => {
        const parser = new RmanLogParser();
        for (const line of log.split('\n')) parser.feed(line);

        expect(parser.result().status).toBe(parseRmanLog(log).status);
      },
    );
  });

  describe('reading output as it arrives', () => {
    it('gives the same verdict whatever the chunk boundaries (CRLF included)', () => {
      const log = byName('disk-full-03009-19502').replace(/\n/g, '\r\n');
      const whole = parseRmanLog(log);

      fc.assert(
        fc.property(fc.uniqueArray(fc.nat(log.length), { maxLength: 40 }), (cuts) => {
          const parser = new RmanLogParser();
          const points = [0, ...cuts.sort((a, b) => a - b), log.length];
          for (let i = 1; i < points.length; i++)
            parser.feedChunk(log.slice(points[i - 1], points[i]));

          expect(parser.result()).toEqual(whole);
        }),
        { numRuns: 60 },
      );
    });

    it('accepts lines with a trailing carriage return or several lines in one feed', () => {
      const log = byName('full-ok-01');
      const parser = new RmanLogParser();
      const lines = log.split('\n');
      parser.feed(lines.slice(0, 20).join('\r\n'));
      for (const line of lines.slice(20)) parser.feed(`${line}\r`);

      expect(parser.result(0)).toEqual(parseRmanLog(log, 0));
    });

    it('reports the phase while the backup runs and 100 % once RMAN completes', () => {
      const parser = new RmanLogParser();
      const lines = byName('full-ok-01').split('\n');
      const at = lines.findIndex((l) => l.includes('starting compressed full datafile'));
      for (const line of lines.slice(0, at + 1)) parser.feed(line);

      expect(parser.progress).toEqual({ percent: null, phase: 'backing up datafiles' });
      for (const line of lines.slice(at + 1)) parser.feed(line);
      expect(parser.progress).toEqual({ percent: 100, phase: 'finished' });
    });
  });

  describe('deciding the status', () => {
    it('calls a log that stops without "Recovery Manager complete." interrupted', () => {
      const log = byName('full-ok-01');
      const cut = log.slice(0, log.indexOf('Finished backup at'));

      expect(parseRmanLog(cut).status).toBe('interrupted');
      expect(parseRmanLog(cut, 1).status).toBe('failed');
      expect(parseRmanLog('').status).toBe('interrupted');
    });

    it('treats a killed channel session as interrupted, pieces kept as partial output', () => {
      const log = replaceLine(
        byName('disk-full-03009-19502'),
        'ORA-19502: write error on file "/dbbackup/SALPRD/rman/DiffInc_SALPRD_5o3b8r1e", ' +
          'block number 2097152 (block size=8192)',
        'ORA-00028: your session has been killed',
      );
      const verdict = parseRmanLog(log);

      expect(verdict.status).toBe('interrupted');
      expect(verdict.interruptionMarkers).toEqual(['ORA-00028']);
      expect(verdict.partialOutput).toBe(true);
    });

    it('keeps ORA-00258 as a notice when no error stack follows it', () => {
      const log = byName('noarchivelog-plus-archivelog-06149');
      const noStack = log.slice(0, log.indexOf('Starting backup at 08-JUL-24\nusing channel'));
      const verdict = parseRmanLog(`${noStack}\nRecovery Manager complete.\n`, 0);

      expect(verdict.status).toBe('success');
      expect(verdict.errorCodes).toEqual([]);
      expect(verdict.notices).toEqual(['ORA-00258']);
    });

    it('does not trust a non-zero exit code that the log cannot explain', () => {
      expect(parseRmanLog(byName('full-ok-01'), 1).status).toBe('failed');
      expect(parseRmanLog(byName('full-ok-01'), null).status).toBe('interrupted');
      expect(parseRmanLog(byName('delete-obsolete-mismatch-06207'), 1).status).toBe('warnings');
    });

    it('fails on error codes printed without a stack banner', () => {
      const log = replaceLine(
        byName('full-ok-01'),
        'Finished backup at 16-MAR-24\n\nStarting Control',
        'ORA-19502: write error on file "/u04/x"\nFinished backup at 16-MAR-24\n\nStarting Control',
      );

      expect(parseRmanLog(log, 0).status).toBe('failed');
    });
  });

  describe('matching codes, not texts', () => {
    it('reads a localized stack the same way', () => {
      const log = byName('missing-archlog-06059')
        .replace('expected archived log not found, loss of', 'archivo de registro no encontrado')
        .replace('unable to obtain file status', 'no se puede obtener el estado del archivo')
        .replace('Recovery Manager complete.', 'Recovery Manager terminado.');
      const verdict = parseRmanLog(log);

      expect(verdict.status).toBe('failed');
      expect(verdict.primaryError).toBe('RMAN-06059');
      expect(verdict.recoveryManagerCompleteLinePresent).toBe(true);
    });

    it('reads the older "lost of archived log" wording and finds the missing sequence', () => {
      const verdict = parseRmanLog(
        byName('missing-archlog-06059').replace('loss of archived log', 'lost of archived log'),
      );

      expect(verdict.primaryError).toBe('RMAN-06059');
      expect(verdict.missingArchivedLog).toEqual({ thread: 1, sequence: 47712 });
    });

    it('treats lower-case "warning:" lines as warnings', () => {
      const log = byName('delete-obsolete-mismatch-06207').replace('WARNING: 2', 'warning: 2');

      expect(parseRmanLog(log).status).toBe('warnings');
    });

    it('treats an unknown RMAN code announced as a WARNING as a warning', () => {
      const log = replaceLine(
        byName('full-ok-01'),
        'Finished backup at 16-MAR-24\n\nStarting Control',
        'RMAN-99999: WARNING: something new\nFinished backup at 16-MAR-24\n\nStarting Control',
      );
      const verdict = parseRmanLog(log, 0);

      expect(verdict.status).toBe('warnings');
      expect(verdict.warningCodes).toEqual(['RMAN-99999']);
    });

    it('lists two codes sharing a line, and ignores code-like text inside paths', () => {
      const verdict = parseRmanLog(
        [
          'piece handle=/backup/XORA-12345:x tag=T comment=NONE',
          'RMAN-00569: =============== ERROR MESSAGE STACK FOLLOWS ===============',
          'RMAN-03002: failure of backup command at 01/02/2024 03:04:05',
          'RMAN-06004: error: RMAN-20242: no match ORA-19511: vendor',
        ].join('\n'),
      );

      expect(verdict.errorCodes).toEqual(['RMAN-03002', 'RMAN-06004', 'RMAN-20242', 'ORA-19511']);
      expect(verdict.failedAt).toBe('2024-01-02T03:04:05');
    });
  });

  describe('reading times', () => {
    it('takes RMAN-03009 times as MM/DD/YYYY whatever NLS_DATE_FORMAT is', () => {
      const verdict = parseRmanLog(byName('disk-full-03009-19502'));

      expect(verdict.firstFailureAt).toBe('2024-11-20T22:32:13');
      expect(verdict.failedAt).toBe('2024-11-20T22:32:48');
    });

    it('leaves ambiguous slashed dates out rather than guessing', () => {
      const log = byName('full-ok-01').replace(/16-MAR-24/g, '03/16/2024');

      expect(parseRmanLog(log).startedAt).toBeNull();
    });

    it('reads DD-MON-YYYY, YYYY/MM/DD and localized month names', () => {
      const starting = (date: string): string | null =>
        parseRmanLog(`Starting backup at ${date}\nRecovery Manager complete.`).startedAt;

      expect(starting('16-MAR-2024 01:02:03')).toBe('2024-03-16T01:02:03');
      expect(starting('2024/03/16 01:02:03')).toBe('2024-03-16T01:02:03');
      expect(starting('16-MÄR-24')).toBe('2024-03-16');
      expect(starting('16-ENE-99')).toBe('1999-01-16');
      expect(starting('16-XYZ-24')).toBeNull();
    });
  });

  describe('reading what was written', () => {
    it('adds up LIST sizes as approximate bytes, once per backup set', () => {
      const verdict = parseRmanLog(byName('incr-l0-ok-list-sizes'), 0);

      expect(verdict.bytes).toBe(20927228150);
      expect(verdict.bytesApprox).toBe(true);
      expect(verdict.listedBackupSets.map((s) => s.compressed)).toEqual([true, true]);
    });

    it('keeps piece handles with spaces and tags with spaces up to comment=', () => {
      const verdict = parseRmanLog(
        'piece handle=C:\\Backup Dir\\P1 tag=MY TAG comment=NONE\nRecovery Manager complete.',
      );

      expect(verdict.handles).toEqual(['C:\\Backup Dir\\P1']);
      expect(verdict.tags).toEqual(['MY TAG']);
    });

    it('does not count pieces read back by a restore validate as written pieces', () => {
      const verdict = parseRmanLog(
        [
          'Starting restore at 2024-01-01 10:00:00',
          'channel c1: piece handle=/backup/x tag=TAG20240101T000000',
          'channel c1: restored backup piece 1',
          'Finished restore at 2024-01-01 10:05:00',
          'Recovery Manager complete.',
        ].join('\n'),
        0,
      );

      expect(verdict.pieces).toBe(0);
      expect(verdict.totalElapsedSeconds).toBe(300);
    });

    it('counts a skipped range of archived logs', () => {
      const verdict = parseRmanLog(
        'skipping archived logs of thread 1 from sequence 100 to 119; already backed up\n' +
          'Recovery Manager complete.',
      );

      expect(verdict.skippedArchivedLogs).toBe(20);
    });
  });
});
