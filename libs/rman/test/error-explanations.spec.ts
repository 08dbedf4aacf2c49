import { explainError, explainVerdict, formatBytes, parseExpdpLog, parseRmanLog } from '../src';
import { corpusCases } from './corpus';

describe(explainError.name, () => {
  const primaries = [
    ...corpusCases('rman').map((c) => parseRmanLog(c.log).primaryError),
    ...corpusCases('expdp').map((c) => parseExpdpLog(c.log).primaryError),
  ].filter((code): code is string => code !== null);

  it.each([...new Set(primaries)])('explains %s, a primary error the corpus produces', (code) => {
    const explanation = explainError(code);

    expect(explanation?.cause.length).toBeGreaterThan(20);
    expect(explanation?.nextStep.length).toBeGreaterThan(20);
  });

  it('says nothing about a code it has no entry for', () => {
    expect(explainError('ORA-99999')).toBeNull();
    expect(explainVerdict({ primaryError: null })).toBeNull();
  });

  it('explains a tablespace the database does not have, as the failed run reports it', () => {
    const log = [
      'RMAN-00571: ===========================================================',
      'RMAN-00569: =============== ERROR MESSAGE STACK FOLLOWS ===============',
      'RMAN-00571: ===========================================================',
      'RMAN-03002: failure of backup command at 12/04/2026 19:02:11',
      'RMAN-20202: Tablespace not found in the recovery catalog',
      'RMAN-06019: could not translate tablespace name "NOPE_TS"',
    ].join('\n');

    const explanation = explainVerdict(parseRmanLog(log, 1));

    expect(explanation?.cause).toMatch(/does not exist in this database/);
  });

  it('accepts codes in lower case and with blanks', () => {
    expect(explainError(' ora-19809 ')).toEqual(explainError('ORA-19809'));
  });
});

describe(explainVerdict.name, () => {
  const log = (name: string, kind: 'rman' | 'expdp') =>
    corpusCases(kind).find((c) => c.name === name)?.log ?? '';

  it('gives the bytes needed and the recovery area limit from ORA-19804', () => {
    const verdict = parseRmanLog(log('fra-full-19809-19804', 'rman'));

    expect(explainVerdict(verdict)?.cause).toMatch(
      /needed 50 MiB \(52428800 bytes\) more; the limit is 150 GiB \(161061273600 bytes\)/,
    );
  });

  it('names the file the write failed on and the missing archived log', () => {
    const full = explainVerdict(parseRmanLog(log('disk-full-03009-19502', 'rman')));
    const missing = explainVerdict(parseRmanLog(log('missing-archlog-06059', 'rman')));

    expect(full?.cause).toMatch(/DiffInc_SALPRD_5s3b8r1e/);
    expect(missing?.cause).toMatch(/thread 1, sequence 47712/);
    expect(missing?.nextStep).toMatch(/CROSSCHECK/);
  });

  it('lists what a Data Pump dump lacks', () => {
    const verdict = parseExpdpLog(log('full-1error-31693-01555', 'expdp'));

    expect(explainVerdict(verdict)?.cause).toMatch(/Not in the dump: "TRK"."GPS_RAW_FEED"/);
  });

  it('adds the OS error when the log prints one', () => {
    const verdict = {
      primaryError: 'ORA-27072',
      failedFile: '/bk/x',
      osError: { errno: 28, text: 'No space left on device' },
    };

    expect(explainVerdict(verdict)?.cause).toMatch(/\/bk\/x \(OS error 28: No space left/);
  });

  it('formats bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB (1536 bytes)');
  });
});
