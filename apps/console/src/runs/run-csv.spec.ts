import { csvCells, neutraliseFormula } from './run-csv';
import type { RunExportRow } from './run-export-rows';

describe('run CSV cells', () => {
  it.each(['=1+1', '+33 6', '-2', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'prefixes %j with a quote so a spreadsheet shows it as text',
    (text) => {
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    },
  );

  it('leaves ordinary text alone', () => {
    expect(neutraliseFormula('ORA-19809 limit exceeded')).toBe('ORA-19809 limit exceeded');
  });

  it('writes dates as ISO, codes space-separated and numbers as numbers', () => {
    const row = {
      queued_at: new Date('2024-03-08T02:00:00.000Z'),
      error_codes: ['ORA-19809', 'RMAN-03009'],
      duration_seconds: -3,
      message: '-cmd|calc',
    } as Partial<RunExportRow> as RunExportRow;

    const cells = csvCells(row);

    expect(cells).toContain('2024-03-08T02:00:00.000Z');
    expect(cells).toContain('ORA-19809 RMAN-03009');
    expect(cells).toContain(-3);
    expect(cells).toContain("'-cmd|calc");
  });
});
