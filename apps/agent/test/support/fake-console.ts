import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Server, type Socket } from 'socket.io';

import {
  AGENT_EVENTS,
  type BackupRunJob,
  type LogLine,
  type RunStateEvent,
  strategyDocumentSchema,
} from '@rampart/contracts';

/**
 * The console's `/agents` namespace as the agent sees it, on loopback: it stores events per
 * run, acknowledges the highest sequence received, and can send `run.cancel`.
 */
export class FakeConsole {
  readonly lines = new Map<string, LogLine[]>();
  readonly states = new Map<string, RunStateEvent[]>();
  private readonly http: HttpServer = createServer();
  private readonly io = new Server(this.http);
  private agent: Socket | null = null;

  async start(): Promise<string> {
    this.io.of('/agents').on('connection', (socket) => this.accept(socket));
    await new Promise<void>((done) => this.http.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get connected(): boolean {
    return this.agent?.connected ?? false;
  }

  finalState(runId: string): RunStateEvent | undefined {
    return this.states.get(runId)?.find((s) => !['running', 'dispatched'].includes(s.state));
  }

  cancel(runId: unknown): Promise<unknown> {
    if (!this.agent) throw new Error('no agent connected');
    return this.agent.timeout(5_000).emitWithAck('run.cancel', runId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.io.close(() => done()));
  }

  private accept(socket: Socket): void {
    this.agent = socket;
    socket.on(AGENT_EVENTS.heartbeat, (_beat, ack) => ack({ ok: true }));
    socket.on(AGENT_EVENTS.runProgress, (event, ack) => ack(ackFor(event.runId, event.seq)));
    socket.on(AGENT_EVENTS.runState, (event: RunStateEvent, ack) => {
      this.states.set(event.runId, [...(this.states.get(event.runId) ?? []), event]);
      ack(ackFor(event.runId, event.seq));
    });
    socket.on(AGENT_EVENTS.runLog, (event: { runId: string; lines: LogLine[] }, ack) => {
      this.lines.set(event.runId, [...(this.lines.get(event.runId) ?? []), ...event.lines]);
      ack(ackFor(event.runId, event.lines.at(-1)?.seq ?? 0));
    });
  }
}

function ackFor(runId: string, seq: number) {
  return { runId, ackedSeq: seq };
}

/** A full backup of `target` through the recovery area, as the demo strategy. */
export function backupJob(runId: string, target: BackupRunJob['target']): BackupRunJob {
  return {
    runId,
    strategyId: 'strategy-1',
    trigger: 'manual',
    target,
    strategy: strategyDocumentSchema.parse({
      name: 'DEMO nightly full',
      target: target.name,
      type: 'full',
      priority: 'high',
      options: {
        destination: { kind: 'recovery-area' },
        channels: 1,
        archivedLogs: { include: true, deleteInput: false },
      },
    }),
  };
}
