import { logLines } from '../../../testing/factories';
import { mergeLogLines } from './log-lines';

const seqs = (lines: { seq: number }[]) => lines.map((line) => line.seq);

describe(mergeLogLines.name, () => {
  it('appends a batch that continues the log', () => {
    expect(seqs(mergeLogLines(logLines(1, 2), logLines(3, 4)))).toEqual([1, 2, 3, 4]);
  });

  it('keeps each seq once when batches overlap', () => {
    expect(seqs(mergeLogLines(logLines(1, 2, 3), logLines(2, 3, 4, 4)))).toEqual([1, 2, 3, 4]);
  });

  it('puts late lines in their place', () => {
    expect(seqs(mergeLogLines(logLines(1, 4, 5), logLines(3, 2)))).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps the first copy of a repeated line', () => {
    const [first] = logLines(1);
    const repeat = { ...first, text: 'again' };

    expect(mergeLogLines([first], [repeat])[0].text).toBe('line 1');
  });

  it('returns the same array when nothing is new', () => {
    const current = logLines(1, 2, 3);

    expect(mergeLogLines(current, logLines(2, 3))).toBe(current);
    expect(mergeLogLines(current, [])).toBe(current);
  });
});
