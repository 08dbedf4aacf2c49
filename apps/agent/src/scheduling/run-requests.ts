import type { RunRequestEvent } from '@rampart/contracts';

import type { AgentLogger } from '../agent-logger';
import type { RunRequestOutbox } from '../ipc/run-request-outbox';
import type { TriggerAnswer } from '../ipc/trigger-server';

/** The console's answer to `run.request`, or null when it could not be asked. */
export type RunRequestSender = (
  request: RunRequestEvent,
) => Promise<{ runId: string } | { error: string } | null>;

const DRAIN_INTERVAL_MS = 5_000;

/**
 * Carries Scheduler fires to the console as `run.request`. A request the console cannot take
 * now waits in the outbox and is sent again until the console answers; the console creates
 * one run per (strategy, planned time), so sending twice is harmless.
 */
export class RunRequests {
  private timer: NodeJS.Timeout | null = null;
  private draining = false;

  constructor(
    private readonly outbox: RunRequestOutbox,
    private readonly send: RunRequestSender,
    private readonly log: AgentLogger,
  ) {}

  start(): void {
    void this.drain();
    this.timer = setInterval(() => void this.drain(), DRAIN_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async handle(request: RunRequestEvent): Promise<TriggerAnswer> {
    const answer = await this.send(request).catch(() => null);
    if (answer && 'runId' in answer) {
      this.log.info('scheduler fire handed to the console', { ...request, runId: answer.runId });
      return { ok: true, delivery: 'sent', runId: answer.runId };
    }
    if (answer) return { ok: false, error: answer.error };

    this.outbox.put(request);
    this.log.warn('console unreachable: scheduler fire kept in the outbox', { ...request });
    return { ok: true, delivery: 'queued' };
  }

  /** Sends what waits in the outbox, oldest first; stops at the first unanswered one. */
  async drain(): Promise<number> {
    if (this.draining) return 0;
    this.draining = true;
    let sent = 0;
    try {
      for (const request of this.outbox.pending()) {
        const answer = await this.send(request).catch(() => null);
        if (!answer || isTransient(answer)) break;
        this.settle(request, answer);
        sent += 1;
      }
    } finally {
      this.draining = false;
    }
    return sent;
  }

  private settle(request: RunRequestEvent, answer: { runId: string } | { error: string }): void {
    if ('error' in answer) {
      this.log.error('the console refused a scheduler fire; dropping it', {
        ...request,
        error: answer.error,
      });
    } else {
      this.log.info('queued scheduler fire delivered', { ...request, runId: answer.runId });
    }
    this.outbox.done(request);
  }
}

/** A refusal that may pass (the console's database busy, say): the request is kept. */
function isTransient(answer: { runId: string } | { error: string }): boolean {
  return (
    'error' in answer && !/no such|not found|does not belong|forbidden|invalid/i.test(answer.error)
  );
}
