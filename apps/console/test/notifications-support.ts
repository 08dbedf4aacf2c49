import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { getRepositoryToken } from '@nestjs/typeorm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { Repository } from 'typeorm';

import { strategyDocumentSchema, type RunState } from '@rampart/contracts';

import { AgentEntity } from '../src/agents/agent.entity';
import { RunEntity, RunLogLineEntity } from '../src/runs/run.entity';
import { StrategyEntity } from '../src/strategies/strategy.entity';
import { TargetEntity } from '../src/targets/target.entity';
import type { TestConsole } from './support/test-console';

export interface ReceivedMail {
  envelopeTo: string[];
  mail: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Sessions opened, refused ones included. */
  connections: number;
  /** While true, every connection is answered `421` and closed. */
  refusing: boolean;
  errors: Error[];
  close(): Promise<void>;
}

export interface SmtpServerOptions {
  /** Require AUTH with these credentials. */
  credentials?: { user: string; pass: string };
  /** Implicit TLS with this key and certificate. */
  tls?: { key: Buffer; cert: Buffer };
}

/** A real SMTP server on a free loopback port that parses and keeps what it receives. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const state = {
    received: [] as ReceivedMail[],
    connections: 0,
    refusing: false,
    errors: [] as Error[],
  };
  const config: SMTPServerOptions = {
    logger: false,
    secure: !!options.tls,
    ...(options.tls ?? {}),
    disabledCommands: options.tls ? [] : ['STARTTLS'],
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    onConnect(_session, callback) {
      state.connections += 1;
      if (!state.refusing) return callback();
      callback(
        Object.assign(new Error('Service not available, try again later'), {
          responseCode: 421,
        }),
      );
    },
    onAuth(auth, _session, callback) {
      const ok =
        auth.username === options.credentials?.user && auth.password === options.credentials?.pass;
      if (ok) return callback(null, { user: auth.username });
      callback(
        Object.assign(new Error('Authentication credentials invalid'), {
          responseCode: 535,
        }),
      );
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          state.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  };
  const server = new SMTPServer(config);
  // A client that gives up (a refused certificate, a refused greeting) is not a server error.
  server.on('error', (error) => state.errors.push(error));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.server.address() as AddressInfo).port;

  return Object.assign(state, {
    port,
    close: () => new Promise<void>((done) => server.close(() => done())),
  });
}

/** A throw-away self-signed certificate for 127.0.0.1, made with the openssl command. */
export function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem')),
      cert: readFileSync(join(dir, 'cert.pem')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RunFixture {
  agent: AgentEntity;
  target: TargetEntity;
  strategy: StrategyEntity;
}

/** An agent, a target and a strategy whose document asks for the given `notify` block. */
export async function createStrategy(
  console: TestConsole,
  name: string,
  notify: { on: string[]; recipients: string[] } = { on: [], recipients: [] },
): Promise<RunFixture> {
  const agents = repository(console, AgentEntity);
  const targets = repository(console, TargetEntity);
  const strategies = repository(console, StrategyEntity);

  const agent = await agents.save(agents.create({ name: `host-${name}`, secretHash: 'x' }));
  const target = await targets.save(targets.create({ name: `DB_${name}`, agentId: agent.id }));
  const document = strategyDocumentSchema.parse({
    name,
    target: target.name,
    type: 'full',
    notify,
  });
  const strategy = await strategies.save(
    strategies.create({
      name,
      targetId: target.id,
      type: 'full',
      priority: 'normal',
      document,
    }),
  );
  return { agent, target, strategy };
}

/** A finished run of the fixture's strategy, with its last lines of output. */
export async function createFinishedRun(
  console: TestConsole,
  fixture: RunFixture,
  status: RunState,
  extra: Partial<RunEntity> = {},
  lines: string[] = [],
): Promise<RunEntity> {
  const runs = repository(console, RunEntity);
  const finishedAt = new Date();
  const run = await runs.save(
    runs.create({
      strategyId: fixture.strategy.id,
      targetId: fixture.target.id,
      agentId: fixture.agent.id,
      strategyName: fixture.strategy.name,
      targetName: fixture.target.name,
      type: 'full',
      trigger: 'manual',
      priority: 'normal',
      status,
      queuedAt: new Date(finishedAt.getTime() - 120_000),
      startedAt: new Date(finishedAt.getTime() - 95_000),
      finishedAt,
      durationSeconds: 95,
      ...extra,
    }),
  );

  const logLines = repository(console, RunLogLineEntity);
  await logLines.save(
    lines.map((text, i) =>
      logLines.create({ runId: run.id, seq: i + 1, ts: new Date(), stream: 'stdout', text }),
    ),
  );
  return run;
}

export function repository<T extends object>(
  console: TestConsole,
  entity: new () => T,
): Repository<T> {
  return console.get<Repository<T>>(getRepositoryToken(entity) as string);
}

/** Polls until `check` returns a value, or fails with what it last saw. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The single element of a list; fails the test when there are none or several. */
export function only<T>(items: readonly T[]): T {
  const [first] = items;
  if (items.length !== 1 || first === undefined) fail(`expected one item, got ${items.length}`);
  return first;
}

export function fail(message: string): never {
  throw new Error(message);
}
