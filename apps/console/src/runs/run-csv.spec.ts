import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';

import { CSV_HEADER, csvLine, csvText, neutraliseFormula, runsCsvStream } from './run-csv';
import { EXPORT_COLUMNS, type ExportColumn, type RunExportRow } from './run-export-rows';

describe('run CSV cells', () => {
  it.each(['=1+1', '+33 6', '-2', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'prefixes %j with a quote so a spreadsheet shows it as text',
    (text) => {
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    },
  );

  it('leaves ordinary text alone', () => {
    expect(neutraliseFormula('ORA-19809 limit exceeded')).toBe('ORA-19809 limit exceeded');
    expect(csvText('ORA-19809 limit exceeded')).toBe('ORA-19809 limit exceeded');
  });

  it.each([
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['\rcmd', `"'\rcmd"`],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
  ])('quotes %j as RFC 4180 asks, after neutralising it', (text, cell) => {
    expect(csvText(text)).toBe(cell);
  });
});

describe('run CSV records', () => {
  it('writes timestamps and integers as PostgreSQL sent them, a real as a JS number', () => {
    const record = fields(
      csvLine(
        row({
          queued_at: '2024-03-08T02:00:00.000Z',
          pieces: '-4',
          duration_seconds: '1e+06',
        }),
      ),
    );

    expect(record.queued_at).toBe('2024-03-08T02:00:00.000Z');
    expect(record.pieces).toBe('-4');
    expect(record.duration_seconds).toBe('1000000');
  });

  it('keeps a negative duration a number and neutralises text that looks like one', () => {
    const record = fields(csvLine(row({ duration_seconds: '-3', bytes: '-2', message: '-x' })));

    expect(record.duration_seconds).toBe('-3');
    expect(record.bytes).toBe("'-2");
    expect(record.message).toBe("'-x");
  });

  it('writes a missing value as an empty cell', () => {
    const text = csvLine(row({ id: 'run-1', strategy_id: null, message: null }));

    expect(text.split(',')).toHaveLength(EXPORT_COLUMNS.length);
    expect(fields(text)).toMatchObject({ id: 'run-1', strategy_id: '', message: '' });
  });

  it('writes text cells byte for byte as csv-stringify does once they are neutralised', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.string({
        unit: fc.constantFrom(',', '"', '\r', '\n', '=', '-', '@', '\t', 'a', 'é'),
        maxLength: 8,
      }),
    );
    const cells = fc.array(fc.option(text, { nil: null }), {
      minLength: EXPORT_COLUMNS.length,
      maxLength: EXPORT_COLUMNS.length,
    });

    fc.assert(
      fc.property(cells, (cells) => {
        const run = EXPORT_COLUMNS.map((column, i) => (TEXT_COLUMNS.has(column) ? cells[i] : null));
        const expected = stringify([
          run.map((cell) => (cell === null ? '' : neutraliseFormula(cell))),
        ]);

        expect(`${csvLine(run as RunExportRow)}\n`).toBe(expected);
      }),
    );
  });

  it('streams the header, then one line per record, batch after batch', async () => {
    const batches = (async function* () {
      yield [row({ id: 'run-1' }), row({ id: 'run-2' })].map(csvLine);
      yield [row({ id: 'run-3', message: 'ORA-19809, RMAN-03009' })].map(csvLine);
    })();

    let csv = '';
    for await (const chunk of runsCsvStream(batches)) csv += String(chunk);

    const lines = csv.split('\n');
    expect(lines).toHaveLength(5);
    expect(`${lines[0]}\n`).toBe(CSV_HEADER);
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(lines.slice(1, 4).map((l) => l.split(',')[0])).toEqual(['run-1', 'run-2', 'run-3']);
    expect(lines[3]).toContain('"ORA-19809, RMAN-03009"');
    expect(lines[4]).toBe('');
  });

  it('stops reading batches when the reader goes away', async () => {
    let closed = false;
    const batches = (async function* () {
      try {
        for (let i = 0; ; i++) yield [csvLine(row({ id: `run-${i}` }))];
      } finally {
        closed = true;
      }
    })();
    const stream = runsCsvStream(batches);

    for await (const chunk of stream) {
      if (String(chunk).startsWith('run-')) break;
    }

    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(true);
  });
});

/** The columns written as text: the others hold timestamps and numbers. */
const TEXT_COLUMNS = new Set<ExportColumn>(
  EXPORT_COLUMNS.filter((c) => !/_at$/.test(c) && c !== 'duration_seconds' && c !== 'pieces'),
);

/** A run with ordinary text in every cell, then the cells given. */
function row(cells: Partial<Record<ExportColumn, string | null>>): RunExportRow {
  return EXPORT_COLUMNS.map((column) => (column in cells ? (cells[column] ?? null) : 'x'));
}

/** A record of cells without commas, quotes or line breaks, by column. */
function fields(record: string): Record<ExportColumn, string> {
  const cells = record.replace(/\n$/, '').split(',');
  return Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, cells[i]])) as Record<
    ExportColumn,
    string
  >;
}
