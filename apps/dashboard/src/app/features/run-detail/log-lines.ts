import type { LogLine } from '@rampart/contracts';

/**
 * Adds lines to a run's log, keeping it ordered by `seq` with each `seq` once. The REST log and
 * the socket overlap and repeat, so this is the one place where they meet. Returns the same
 * array when nothing is new, so a signal holding it does not notify for nothing.
 */
export function mergeLogLines(current: LogLine[], incoming: readonly LogLine[]): LogLine[] {
  if (incoming.length === 0) {
    return current;
  }

  const lastSeq = current.at(-1)?.seq ?? 0;

  if (isAscendingAfter(incoming, lastSeq)) {
    return [...current, ...incoming];
  }

  const bySeq = new Map(current.map((line) => [line.seq, line]));

  for (const line of incoming) {
    if (!bySeq.has(line.seq)) {
      bySeq.set(line.seq, line);
    }
  }

  if (bySeq.size === current.length) {
    return current;
  }

  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The common case: a batch that simply continues the log. */
function isAscendingAfter(lines: readonly LogLine[], lastSeq: number): boolean {
  let previous = lastSeq;

  for (const line of lines) {
    if (line.seq <= previous) {
      return false;
    }

    previous = line.seq;
  }

  return true;
}
