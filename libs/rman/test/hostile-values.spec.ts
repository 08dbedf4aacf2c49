import type { StrategyDocument } from '@rampart/contracts';
import fc from 'fast-check';

import { renderStrategy, StrategyRefused, type RenderContext } from '../src';
import { scanRmanScript } from '../src/rman-command-scanner';
import { READY, strategy } from './strategy-fixtures';

/** The harmless value each kind of field accepts. */
const NAME = 'SAFE1';
const SIZE = '1G';

const HOSTILE = [
  "USERS'; HOST 'rm -rf /",
  'USERS"; DELETE NOPROMPT BACKUP; "',
  'USERS\nHOST',
  'USERS\r\nDELETE NOPROMPT OBSOLETE',
  'USERS\u2028HOST',
  'USERS\u0085HOST',
  'TABLE',
  'select',
  'A'.repeat(129),
  'Ünïcödé',
  'USERS}',
  'USERS{',
  '# comment',
  '%U',
  '',
  ' ',
  "ENV=(A='b')",
  'ENV=(A=b);HOST',
  '..',
];

const hostile = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_$#]{0,12}$/),
  fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/),
);

type Inject = (value: string) => { doc: StrategyDocument; ctx: RenderContext };

const onDoc =
  (
    fields: Record<string, unknown>,
    options: (v: string) => Record<string, unknown>,
    benign = NAME,
  ): Inject =>
  (value) => {
    const parsed = strategy(fieldsFor(fields, NAME), {
      archivedLogs: { include: false },
      ...options(benign),
    });
    const doc = { ...parsed, ...fieldsFor(fields, value) };

    return { doc: { ...doc, options: { ...parsed.options, ...options(value) } }, ctx: READY };
  };

function fieldsFor(fields: Record<string, unknown>, value: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(fields).split('__VALUE__').join(escapeJson(value)));
}

function escapeJson(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** Every place a user value reaches a generator, with the field the refusal must name. */
const PATHS: Array<[string, string, Inject]> = [
  [
    'tablespace',
    'partial.tablespaces[0]',
    onDoc(
      { type: 'partial', partial: { tablespaces: ['__VALUE__'], schemas: [], tables: [] } },
      () => ({}),
    ),
  ],
  [
    'schema',
    'partial.schemas[0]',
    onDoc(
      { type: 'partial', partial: { tablespaces: [], schemas: ['__VALUE__'], tables: [] } },
      () => ({}),
    ),
  ],
  [
    'table owner',
    'partial.tables[0]',
    onDoc(
      { type: 'partial', partial: { tablespaces: [], schemas: [], tables: ['__VALUE__.T1'] } },
      () => ({}),
    ),
  ],
  [
    'table name',
    'partial.tables[0]',
    onDoc(
      { type: 'partial', partial: { tablespaces: [], schemas: [], tables: ['HR.__VALUE__'] } },
      () => ({}),
    ),
  ],
  [
    'Data Pump directory',
    'options.dataPump.directory',
    onDoc({ type: 'partial', partial: { tablespaces: [], schemas: ['HR'], tables: [] } }, (v) => ({
      dataPump: { directory: v, parallel: 1, fileSize: '1G' },
    })),
  ],
  [
    'Data Pump file size',
    'options.dataPump.fileSize',
    onDoc(
      { type: 'partial', partial: { tablespaces: [], schemas: ['HR'], tables: [] } },
      (v) => ({
        dataPump: { directory: 'DP', parallel: 1, fileSize: v },
      }),
      SIZE,
    ),
  ],
  ['tag', 'options.tag', onDoc({}, (v) => ({ tag: v }))],
  [
    'disk path',
    'options.destination.path',
    onDoc({}, (v) => ({ destination: { kind: 'disk', path: `/u01/${v}` } })),
  ],
  [
    'raw disk path',
    'options.destination.path',
    onDoc({}, (v) => ({ destination: { kind: 'disk', path: v === NAME ? '/u01' : v } })),
  ],
  [
    'SBT parms',
    'options.destination.parms',
    onDoc({}, (v) => ({ destination: { kind: 'sbt', parms: v } })),
  ],
  ['section size', 'options.sectionSize', onDoc({}, (v) => ({ sectionSize: v }), SIZE)],
  [
    'run id',
    'runId',
    (v) => ({
      doc: strategy({}, { archivedLogs: { include: false } }),
      ctx: { ...READY, runId: v },
    }),
  ],
];

/**
 * The script's shape once every quoted value and every size the renderer admits (`1K`, `64G`)
 * is blanked out: commands, keywords, nesting. A generated value that happens to be a valid
 * size is a size, not an injection.
 */
function shape(script: string): string[] {
  const scanned = scanRmanScript(script);
  expect(scanned.unterminatedQuoteAtLine).toBeNull();

  return scanned.commands.map(
    (c) => `${c.depth}:${c.bare.replace(/\b(SIZE) [1-9]\d{0,5}[KMG]\b/g, '$1 n')}`,
  );
}

/** A parfile's shape: its parameter names, one a line, values blanked if quoted. */
function parfileShape(script: string): string[] {
  return script.split('\n').map((l) => l.replace(/=.*$/, '=').replace(/^#.*$/, '#'));
}

describe('hostile user values', () => {
  it.each(PATHS)('%s: refused naming %s, or rendered with the same shape', (_, field, inject) => {
    const safe = inject(field.endsWith('Size') ? SIZE : NAME);
    const benign = renderStrategy(safe.doc, safe.ctx);
    const benignShape = benign.tool === 'rman' ? shape(benign.script) : parfileShape(benign.script);

    fc.assert(
      fc.property(hostile, (value) => {
        const { doc, ctx } = inject(value);
        let work;
        try {
          work = renderStrategy(doc, ctx);
        } catch (e) {
          expect(e).toBeInstanceOf(StrategyRefused);
          const errors = (e as StrategyRefused).findings.filter((f) => f.severity === 'error');
          expect(errors.map((f) => f.field)).toContain(field);
          return;
        }
        const rendered = work.tool === 'rman' ? shape(work.script) : parfileShape(work.script);
        expect(rendered).toEqual(benignShape);
        expect(work.script).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
      { numRuns: 300 },
    );
  });

  it('quotes a valid but unusual name instead of refusing it', () => {
    const { doc, ctx } = PATHS[0][2]('App$Data#1');

    expect(renderStrategy(doc, ctx).script).toContain('TABLESPACE "APP$DATA#1"');
  });

  it.each([
    ["USERS'; HOST 'x", 'partial.tablespaces[0]', 0],
    ['TABLE', 'partial.tablespaces[0]', 0],
    ['A'.repeat(129), 'partial.tablespaces[0]', 0],
    ['x\nHOST', 'options.tag', 6],
  ] as const)('refuses %j with an error naming %s', (value, field, path) => {
    const { doc, ctx } = PATHS[path][2](value);

    expect(() => renderStrategy(doc, ctx)).toThrow(StrategyRefused);
    try {
      renderStrategy(doc, ctx);
    } catch (e) {
      expect((e as StrategyRefused).findings[0]).toEqual(
        expect.objectContaining({ severity: 'error', field }),
      );
    }
  });
});
