import { hostname } from 'node:os';

import { io, type Socket } from 'socket.io-client';

import {
  AGENT_EVENTS,
  CONSOLE_TO_AGENT_EVENTS,
  type HeartbeatEvent,
  runCancelRequestSchema,
} from '@rampart/contracts';

import type { AgentLogger } from '../agent-logger';
import type { Outbox, OutboxEvent } from '../outbox/outbox';

const BATCH_LINES = 500;
/** Well under the console's 2 MB message limit, whatever the lines hold. */
const BATCH_BYTES = 256 * 1024;
const ACK_TIMEOUT_MS = 15_000;
const RETRY_DELAY_MS = 1_000;

export interface ConsoleLinkOptions {
  consoleUrl: string;
  agentId: string;
  secret: string;
  /** The public half of the agent's sealing key, for the secrets the console sends it. */
  sealPublicKey?: string;
  version: string;
  heartbeatSeconds: number;
  runningRunIds: () => string[];
  /** The console asks to stop a run; true when this agent holds it. */
  onRunCancel?: (runId: string) => boolean;
}

/** The agent's answer to `run.cancel`. */
export type CancelAnswer = { runId: string; cancelling: boolean } | { error: string };

type Ack = { runId: string; ackedSeq: number } | { error: string };

/**
 * The agent's socket to the console (`/agents`). It drains the outbox in order, one request
 * per run at a time, and removes events only when the console acknowledges them.
 */
export class ConsoleLink {
  private readonly socket: Socket;
  private heartbeat: NodeJS.Timeout | null = null;
  private draining = false;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly options: ConsoleLinkOptions,
    private readonly outbox: Outbox,
    private readonly log: AgentLogger,
  ) {
    this.socket = io(`${options.consoleUrl.replace(/\/$/, '')}/agents`, {
      auth: {
        agentId: options.agentId,
        secret: options.secret,
        sealPublicKey: options.sealPublicKey,
      },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      autoConnect: false,
    });
  }

  start(): void {
    this.socket.on('connect', () => {
      this.log.info('connected to the console', { consoleUrl: this.options.consoleUrl });
      void this.sendHeartbeat();
      void this.drain();
    });
    this.socket.on('disconnect', (reason) => {
      this.log.warn('lost the console connection', { reason });
    });
    this.socket.on('connect_error', (error) => {
      this.log.warn('cannot reach the console, retrying', { error: error.message });
    });
    this.socket.on(CONSOLE_TO_AGENT_EVENTS.runCancel, (body: unknown, answer?: unknown) => {
      const reply = this.cancelRun(body);
      if (typeof answer === 'function') answer(reply);
    });

    this.unsubscribe = this.outbox.onAppend(() => void this.drain());
    this.heartbeat = setInterval(
      () => void this.sendHeartbeat(),
      this.options.heartbeatSeconds * 1000,
    );
    this.socket.connect();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** One request/answer event outside the run outbox; null when the console is unreachable. */
  async request<T>(event: string, payload: unknown): Promise<T | null> {
    if (!this.socket.connected) return null;
    try {
      return (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as T;
    } catch {
      return null;
    }
  }

  /** Waits until the outbox is empty or the time is up; true when everything was delivered. */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.outbox.pendingCount() > 0 && Date.now() < deadline) {
      void this.drain();
      await sleep(100);
    }
    return this.outbox.pendingCount() === 0;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.socket.disconnect();
  }

  private cancelRun(body: unknown): CancelAnswer {
    const parsed = runCancelRequestSchema.safeParse(body);
    if (!parsed.success) return { error: 'runId is required' };

    const runId = parsed.data.runId;
    const cancelling = this.options.onRunCancel?.(runId) ?? false;
    this.log.info('the console asks to cancel a run', { runId, cancelling });
    return { runId, cancelling };
  }

  private async drain(): Promise<void> {
    if (this.draining || this.stopped) return;
    this.draining = true;
    try {
      while (this.socket.connected && this.outbox.pendingCount() > 0) {
        const progressed = await this.sendRound();
        if (!progressed) await sleep(RETRY_DELAY_MS);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Sends the next batch of every run with pending events; false when nothing moved. */
  private async sendRound(): Promise<boolean> {
    const rounds = [...this.outbox.pendingByRun(BATCH_LINES).entries()].map(([runId, events]) =>
      this.sendNext(runId, events),
    );
    const results = await Promise.all(rounds);
    return results.some(Boolean);
  }

  private async sendNext(runId: string, events: OutboxEvent[]): Promise<boolean> {
    const [event, payload] = requestFor(runId, events);

    let ack: Ack;
    try {
      ack = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as Ack;
    } catch {
      return false;
    }

    if ('error' in ack) return this.onRefused(runId, ack.error);
    this.outbox.acknowledge(runId, ack.ackedSeq);
    return true;
  }

  private onRefused(runId: string, error: string): boolean {
    if (/no such run|does not belong/.test(error)) {
      this.log.error('the console refuses events for this run; dropping them', { runId, error });
      this.outbox.discard(runId);
      return true;
    }

    this.log.warn('the console did not store an event, retrying', { runId, error });
    return false;
  }

  private async sendHeartbeat(): Promise<void> {
    if (!this.socket.connected) return;

    const beat: HeartbeatEvent = {
      ts: new Date().toISOString(),
      version: this.options.version,
      platform: `${process.platform}/${hostname()}`,
      runningRunIds: this.options.runningRunIds(),
    };
    try {
      await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(AGENT_EVENTS.heartbeat, beat);
    } catch {
      this.log.debug('heartbeat not acknowledged');
    }
  }
}

/** Consecutive log lines go as one `run.log` batch; states and progress go one by one. */
export function requestFor(runId: string, events: OutboxEvent[]): [string, unknown] {
  const first = events[0];
  if (first.kind === 'log') {
    const lines = [];
    let bytes = 0;
    for (const e of events) {
      if (e.kind !== 'log' || (lines.length > 0 && bytes + e.text.length > BATCH_BYTES)) break;
      bytes += e.text.length;
      lines.push({ seq: e.seq, ts: e.ts, stream: e.stream, text: e.text });
    }
    return [AGENT_EVENTS.runLog, { runId, lines }];
  }

  const { kind, ...payload } = first;
  return [kind === 'state' ? AGENT_EVENTS.runState : AGENT_EVENTS.runProgress, payload];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
