import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CalendarError, nextRuns } from '../src';

interface CorpusCase {
  id: string;
  expr: string;
  start: string;
  tz: string;
  expectedNext: string[];
  expectError: { code: string; message: string } | null;
  confidence: 'high' | 'medium' | 'low';
  note?: string;
}

const CORPUS = join(__dirname, '../../../../shared/corpus/scheduler/cases.json');
const cases: CorpusCase[] = JSON.parse(readFileSync(CORPUS, 'utf8'));

/** What the library answers: the run times, or the code of the error it raises. */
function outcome(testCase: CorpusCase): { runs: string[] } | { code: string } {
  const count = testCase.expectedNext.length || 3;
  try {
    return { runs: nextRuns(testCase.expr, { start: testCase.start, tz: testCase.tz, count }) };
  } catch (error) {
    if (error instanceof CalendarError) {
      return { code: error.code };
    }
    throw error;
  }
}

function expected(testCase: CorpusCase): { runs: string[] } | { code: string } {
  return testCase.expectError
    ? { code: testCase.expectError.code }
    : { runs: testCase.expectedNext };
}

describe('shared corpus: scheduler/cases.json', () => {
  it('holds cases to check', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  const binding = cases.filter((c) => c.confidence !== 'low');
  const advisory = cases.filter((c) => c.confidence === 'low');

  it.each(binding.map((c) => [c.id, c] as const))('%s gives the expected runs', (_, testCase) => {
    expect(outcome(testCase)).toEqual(expected(testCase));
  });

  // Low-confidence cases were not verified on a database: a mismatch is reported, not failed.
  for (const testCase of advisory) {
    it(`${testCase.id} (advisory) evaluates without an unexpected error`, () => {
      const got = outcome(testCase);
      const want = expected(testCase);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        console.warn(`advisory corpus case ${testCase.id} differs`, { got, want });
      }
      expect(got).toEqual(expect.anything());
    });
  }
});
