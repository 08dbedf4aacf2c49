import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

import {
  isTerminalRunState,
  type LogLine,
  type RunProgressEvent,
  type RunStateEvent,
} from '@rampart/contracts';

export type OutboxEvent =
  | ({ kind: 'state' } & RunStateEvent)
  | ({ kind: 'progress' } & RunProgressEvent)
  | ({ kind: 'log'; runId: string } & LogLine);

type NewEvent =
  | ({ kind: 'state' } & Omit<RunStateEvent, 'seq' | 'runId'>)
  | ({ kind: 'progress' } & Omit<RunProgressEvent, 'seq' | 'runId'>)
  | ({ kind: 'log' } & Omit<LogLine, 'seq'>);

interface RunBox {
  nextSeq: number;
  ackedSeq: number;
  pending: OutboxEvent[];
  closed: boolean;
}

/**
 * Every event about a run is written to disk before it is sent, numbered per run. Events
 * leave the outbox only when the console acknowledges them, so a dropped connection, a
 * console restart or an agent restart loses nothing; the console drops what it has already
 * stored, so nothing is stored twice. A run's file goes once its final event is acknowledged.
 */
export class Outbox {
  private readonly runs = new Map<string, RunBox>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.reload();
  }

  append(runId: string, event: NewEvent): OutboxEvent {
    const box = this.box(runId);
    const stored = { ...event, runId, seq: box.nextSeq } as OutboxEvent;
    box.nextSeq += 1;

    appendFileSync(this.eventsFile(runId), JSON.stringify(stored) + '\n', { mode: 0o600 });
    box.pending.push(stored);
    if (stored.kind === 'state' && isFinal(stored)) box.closed = true;
    this.listeners.forEach((notify) => notify());
    return stored;
  }

  /** The console has stored everything up to `ackedSeq` for this run. */
  acknowledge(runId: string, ackedSeq: number): void {
    const box = this.runs.get(runId);
    if (!box || ackedSeq <= box.ackedSeq) return;

    box.ackedSeq = ackedSeq;
    box.pending = box.pending.filter((e) => e.seq > ackedSeq);
    if (box.closed && box.pending.length === 0) {
      this.forget(runId);
      return;
    }
    writeFileSync(this.ackFile(runId), String(ackedSeq), { mode: 0o600 });
  }

  /** Drops a run the console will never accept (unknown run, not this agent's). */
  discard(runId: string): void {
    this.forget(runId);
  }

  /** The oldest unacknowledged events of each run, at most `limit` per run. */
  pendingByRun(limit: number): Map<string, OutboxEvent[]> {
    const out = new Map<string, OutboxEvent[]>();
    for (const [runId, box] of this.runs) {
      if (box.pending.length) out.set(runId, box.pending.slice(0, limit));
    }
    return out;
  }

  pendingCount(): number {
    let total = 0;
    for (const box of this.runs.values()) total += box.pending.length;
    return total;
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs whose final event is not yet written: they were in flight when the agent stopped. */
  unfinishedRuns(): string[] {
    return [...this.runs.entries()].filter(([, b]) => !b.closed).map(([id]) => id);
  }

  private box(runId: string): RunBox {
    let box = this.runs.get(runId);
    if (!box) {
      box = { nextSeq: 1, ackedSeq: 0, pending: [], closed: false };
      this.runs.set(runId, box);
    }
    return box;
  }

  private reload(): void {
    for (const name of readdirSync(this.dir)) {
      const match = /^([0-9a-f-]{36})\.jsonl$/.exec(name);
      if (match) this.reloadRun(match[1]);
    }
  }

  private reloadRun(runId: string): void {
    const acked = existsSync(this.ackFile(runId))
      ? Number(readFileSync(this.ackFile(runId), 'utf8')) || 0
      : 0;
    const events = readFileSync(this.eventsFile(runId), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => parseLine(line));

    const box = this.box(runId);
    box.ackedSeq = acked;
    box.nextSeq = events.reduce((max, e) => Math.max(max, e.seq), 0) + 1;
    box.pending = events.filter((e) => e.seq > acked);
    box.closed = events.some((e) => e.kind === 'state' && isFinal(e));
    if (box.closed && box.pending.length === 0) this.forget(runId);
  }

  private forget(runId: string): void {
    this.runs.delete(runId);
    rmSync(this.eventsFile(runId), { force: true });
    rmSync(this.ackFile(runId), { force: true });
  }

  private eventsFile(runId: string): string {
    return join(this.dir, `${runId}.jsonl`);
  }

  private ackFile(runId: string): string {
    return join(this.dir, `${runId}.ack`);
  }
}

function isFinal(event: OutboxEvent): boolean {
  return event.kind === 'state' && isTerminalRunState(event.state);
}

/** A line cut short by a crash mid-write is skipped, not fatal. */
function parseLine(line: string): OutboxEvent[] {
  try {
    return [JSON.parse(line) as OutboxEvent];
  } catch {
    return [];
  }
}
