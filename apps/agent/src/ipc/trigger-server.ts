import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';

import { type RunRequestEvent, runRequestEventSchema } from '@rampart/contracts';

import type { AgentLogger } from '../agent-logger';

/** What the daemon answers the trigger command. */
export interface TriggerAnswer {
  ok: boolean;
  /** `sent` (the console has the run) or `queued` (kept in the outbox for the console). */
  delivery?: 'sent' | 'queued';
  runId?: string;
  error?: string;
}

export type TriggerHandler = (request: RunRequestEvent) => Promise<TriggerAnswer>;

const MAX_REQUEST_BYTES = 4096;

/**
 * The daemon's end of `trigger`: a Unix socket (a named pipe on Windows) that takes one JSON
 * line per connection and answers one JSON line. Only the agent's OS user can reach the socket
 * (its folder is 0700).
 */
export class TriggerServer {
  private server: Server | null = null;

  constructor(
    private readonly path: string,
    private readonly handle: TriggerHandler,
    private readonly log: AgentLogger,
  ) {}

  async start(): Promise<void> {
    await this.prepareSocketPath();
    this.server = createServer((socket) => this.serve(socket));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.path, () => resolve());
    });
    this.log.info('trigger socket listening', { ipcPath: this.path });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_REQUEST_BYTES) return void this.reply(socket, refused('too long'));
      const end = buffer.indexOf('\n');
      if (end >= 0) void this.answer(socket, buffer.slice(0, end));
    });
  }

  private async answer(socket: Socket, line: string): Promise<void> {
    const parsed = runRequestEventSchema.safeParse(parseJson(line));
    if (!parsed.success) return this.reply(socket, refused('not a run request'));

    try {
      this.reply(socket, await this.handle(parsed.data));
    } catch (error) {
      this.log.warn('trigger request failed', {
        strategyId: parsed.data.strategyId,
        error: String(error),
      });
      this.reply(socket, refused(error instanceof Error ? error.message : String(error)));
    }
  }

  private reply(socket: Socket, answer: TriggerAnswer): void {
    socket.end(JSON.stringify(answer) + '\n');
  }

  /**
   * A socket file left by a daemon that died is removed; one that still answers belongs to a
   * running daemon and is never taken over. A named pipe needs nothing.
   */
  private async prepareSocketPath(): Promise<void> {
    if (process.platform === 'win32') return;
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    if (!existsSync(this.path)) return;

    if (await answers(this.path)) {
      throw new Error(
        `another agent daemon listens on ${this.path}: stop it, or give this agent its own ` +
          'ipcPath in its configuration',
      );
    }
    rmSync(this.path, { force: true });
  }
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

function refused(error: string): TriggerAnswer {
  return { ok: false, error };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
