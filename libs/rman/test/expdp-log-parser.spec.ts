import { ExpdpLogParser, parseExpdpLog } from '../src';
import { comparableFields, corpusCases, replaceLine } from './corpus';

const cases = corpusCases('expdp');
const byName = (name: string): string => {
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(name);
  return found.log;
};

describe(ExpdpLogParser.name, () => {
  describe('on the shared corpus', () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s gives every expected field', (_, c) => {
      const exitCode = (c.expected.expectedExitCode as number | null) ?? undefined;
      const verdict = parseExpdpLog(c.log, exitCode);
      const fields = comparableFields(c.expected, verdict);
      const wrong = fields.filter((f) => JSON.stringify(f.got) !== JSON.stringify(f.want));

      expect(fields.map((f) => f.field)).toEqual(
        expect.arrayContaining(['status', 'oracleOutcome', 'errorCodes']),
      );
      if (c.expected.confidence === 'low' && wrong.length > 0) console.warn(c.name, wrong);
      else expect(wrong).toEqual([]);
    });
  });

  describe('reading output as it arrives', () => {
    it('strips LOGTIME=ALL prefixes and reads Windows line ends', () => {
      const log = byName('schema-ok-19c')
        .split('\n')
        .map((l) => `12-MAR-24 01:00:02.123: ${l}`)
        .join('\r\n');

      expect(parseExpdpLog(log, 0)).toEqual(parseExpdpLog(byName('schema-ok-19c'), 0));
    });

    it('estimates percent from the BLOCKS estimate and the tables exported so far', () => {
      const parser = new ExpdpLogParser();
      parser.feed('Total estimation using BLOCKS method: 4 GB');
      parser.feed('Processing object type SCHEMA_EXPORT/TABLE/TABLE_DATA');
      parser.feed('. . exported "HR"."BIG"     1 GB 100 rows');

      expect(parser.progress).toEqual({ percent: 25, phase: 'SCHEMA_EXPORT/TABLE/TABLE_DATA' });
      parser.feed('Job "HR"."SYS_EXPORT_SCHEMA_01" successfully completed at 02:00:00');
      expect(parser.progress.percent).toBe(100);
    });
  });

  describe('deciding the status', () => {
    it('fails a run whose dump lacks a requested schema, with partial output', () => {
      const log = replaceLine(
        byName('schema-ok-19c'),
        'Master table',
        'ORA-39165: Schema APPARCH was not found.\nMaster table',
      ).replace('successfully completed', 'completed with 1 error(s)');
      const verdict = parseExpdpLog(log, 5);

      expect(verdict.status).toBe('failed');
      expect(verdict.missingSchemas).toEqual(['APPARCH']);
      expect(verdict.partialOutput).toBe(true);
    });

    it('keeps "completed with errors" as warnings when no requested data is missing', () => {
      const log = replaceLine(
        byName('schema-ok-19c'),
        'Master table',
        'ORA-39082: Object type PROCEDURE:"APPCORE"."P1" created with compilation warnings\n' +
          'Master table',
      ).replace('successfully completed', 'completed with 1 error(s)');

      expect(parseExpdpLog(log, 5).status).toBe('warnings');
    });

    it('calls a job stopped by the operator, or a log cut off, interrupted', () => {
      const stopped = byName('schema-ok-19c').replace(
        'successfully completed',
        'stopped by user request',
      );
      const cut = byName('schema-ok-19c').split('Master table')[0];

      expect(parseExpdpLog(stopped).status).toBe('interrupted');
      expect(parseExpdpLog(cut).status).toBe('interrupted');
      expect(parseExpdpLog(cut).oracleOutcome).toBeNull();
      expect(parseExpdpLog(cut, 1).status).toBe('failed');
    });

    it('calls a killed Data Pump session interrupted', () => {
      const head = byName('schema-ok-19c').split('Master table')[0];
      const log = `${head}ORA-00028: your session has been killed\n`;

      expect(parseExpdpLog(log).status).toBe('interrupted');
    });

    it('reads 11g final lines that carry only a time, past midnight', () => {
      const log = byName('schema-ok-19c').replace(
        'successfully completed at Tue Mar 12 01:06:43 2024 elapsed 0 00:06:39',
        'successfully completed at 00:10:00',
      );
      const verdict = parseExpdpLog(log);

      expect(verdict.completedAt).toBe('2024-03-13T00:10:00');
      expect(verdict.elapsedSeconds).toBeNull();
    });
  });
});
