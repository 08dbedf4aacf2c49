import extraCases from './fixtures/extra-cases.json';

import { nextRuns } from '../src';

// Cases of the corpus's kinds that the corpus sample lacks. Those a RFC 5545 engine can
// compute were checked with python-dateutil (fixtures/verify-with-dateutil.py); DST gaps,
// sub-daily elapsed time and BYDATE were checked by hand.
describe('nextRuns on extra cases', () => {
  it.each(extraCases.map((c) => [c.id, c] as const))('%s', (_, testCase) => {
    const runs = nextRuns(testCase.expr, {
      start: testCase.start,
      tz: testCase.tz,
      count: testCase.expectedNext.length,
    });

    expect(runs).toEqual(testCase.expectedNext);
  });
});
