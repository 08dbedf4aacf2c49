import { aRun } from '../../../testing/factories';
import { sortRuns } from './run-sort';

describe(sortRuns.name, () => {
  const runs = [
    aRun({ id: 'small', bytes: 10, durationSeconds: 5 }),
    aRun({ id: 'unfinished', bytes: null, durationSeconds: null }),
    aRun({ id: 'large', bytes: 900, durationSeconds: 50 }),
  ];

  function ids(sorted: { id: string }[]): string[] {
    return sorted.map((run) => run.id);
  }

  it('keeps the console order when no column is chosen', () => {
    expect(ids(sortRuns(runs, null))).toEqual(['small', 'unfinished', 'large']);
  });

  it('orders by size both ways and keeps runs without a size last', () => {
    expect(ids(sortRuns(runs, { column: 'size', direction: 'asc' }))).toEqual([
      'small',
      'large',
      'unfinished',
    ]);
    expect(ids(sortRuns(runs, { column: 'size', direction: 'desc' }))).toEqual([
      'large',
      'small',
      'unfinished',
    ]);
  });

  it('keeps the console order between equal values', () => {
    const same = [aRun({ id: 'a' }), aRun({ id: 'b' }), aRun({ id: 'c' })];

    expect(ids(sortRuns(same, { column: 'target', direction: 'desc' }))).toEqual(['a', 'b', 'c']);
  });

  it('sorts 50,000 loaded runs without changing the input', () => {
    const many = Array.from({ length: 50_000 }, (_, i) =>
      aRun({ id: `r${i}`, durationSeconds: (i * 7919) % 1000 }),
    );

    const sorted = sortRuns(many, { column: 'duration', direction: 'asc' });

    expect(sorted).toHaveLength(50_000);
    expect(sorted[0].durationSeconds).toBe(0);
    expect(sorted[49_999].durationSeconds).toBe(999);
    expect(many[0].id).toBe('r0');
  });
});
