import { strategyDocumentSchema } from '@rampart/contracts';

import { diffDocuments, diffLines } from './strategy-diff';

const base = strategyDocumentSchema.parse({ name: 'nightly', target: 'PROD1', type: 'full' });

describe(diffDocuments.name, () => {
  it('names each changed leaf by its dotted path', () => {
    const after = { ...base, options: { ...base.options, channels: 4 }, priority: 'low' as const };

    expect(diffDocuments(base, after)).toEqual([
      { path: 'options.channels', before: 1, after: 4 },
      { path: 'priority', before: 'normal', after: 'low' },
    ]);
  });

  it('reports an added block as one change with before null', () => {
    const after = { ...base, incremental: { level: 1 as const, cumulative: true } };

    expect(diffDocuments(base, after)).toEqual([
      { path: 'incremental', before: null, after: { level: 1, cumulative: true } },
    ]);
  });

  it('finds nothing between equal documents', () => {
    expect(diffDocuments(base, structuredClone(base))).toEqual([]);
  });
});

describe(diffLines.name, () => {
  it('marks removed lines before added ones, keeping common lines', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toBe(['  a', '- b', '+ x', '  c', '+ d'].join('\n'));
  });

  it('answers null for equal scripts', () => {
    expect(diffLines('BACKUP DATABASE;', 'BACKUP DATABASE;')).toBeNull();
  });
});
