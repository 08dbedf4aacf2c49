import { randomBytes } from 'node:crypto';

import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';

import { AgentsService } from '../../src/agents/agents.service';
import { AuthService } from '../../src/auth/auth.service';
import type { TestConsole } from './test-console';

export interface RunFixtures {
  agentId: string;
  secret: string;
  targetId: string;
  /** Inserts one run row; returns its id. */
  run(fields?: Partial<RunRow>): Promise<string>;
  /** Inserts `count` runs one second apart, newest `start`. */
  runs(count: number, fields?: Partial<RunRow>): Promise<void>;
}

export interface RunRow {
  status: string;
  type: string;
  targetName: string;
  strategyName: string;
  message: string | null;
  primaryError: string | null;
  errorCodes: string[];
  queuedAt: Date;
  script: string | null;
}

/** An agent, a target and a way to write runs straight into `logs_backup`. */
export async function runFixtures(console: TestConsole): Promise<RunFixtures> {
  const db = console.get(DataSource);
  const suffix = randomBytes(4).toString('hex');
  const { agentId, secret } = await console.get(AgentsService).register(`host-${suffix}`);
  const [target] = await db.query(
    `INSERT INTO targets (name, agent_id, oracle_sid) VALUES ($1, $2, 'PROD1') RETURNING id`,
    [`PROD1-${suffix}`, agentId],
  );
  const targetId = target.id as string;

  const run = async (fields: Partial<RunRow> = {}) => {
    const r = { ...defaults(), ...fields };
    const [row] = await db.query(
      `INSERT INTO logs_backup (target_id, agent_id, strategy_name, target_name, type, trigger,
         priority, status, queued_at, message, primary_error, error_codes, script)
       VALUES ($1, $2, $3, $4, $5, 'manual', 'normal', $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        targetId,
        agentId,
        r.strategyName,
        r.targetName,
        r.type,
        r.status,
        r.queuedAt,
        r.message,
        r.primaryError,
        r.errorCodes,
        r.script,
      ],
    );
    return row.id as string;
  };

  const runs = async (count: number, fields: Partial<RunRow> = {}) => {
    await db.query(
      `INSERT INTO logs_backup (target_id, agent_id, strategy_name, target_name, type, trigger,
         priority, status, queued_at)
       SELECT $1, $2, 'nightly full', 'PROD1', 'full', 'schedule', 'normal', $3,
              $4::timestamptz - make_interval(secs => g)
       FROM generate_series(1, $5) AS g`,
      [targetId, agentId, fields.status ?? 'succeeded', fields.queuedAt ?? new Date(), count],
    );
  };

  return { agentId, secret, targetId, run, runs };
}

function defaults(): RunRow {
  return {
    status: 'succeeded',
    type: 'full',
    targetName: 'PROD1',
    strategyName: 'nightly full',
    message: null,
    primaryError: null,
    errorCodes: [],
    queuedAt: new Date(Date.now() - 60_000),
    script: 'BACKUP DATABASE PLUS ARCHIVELOG;',
  };
}

/** A socket.io client standing in for the agent on namespace /agents. */
export async function connectAgent(
  console: TestConsole,
  auth: { agentId: string; secret: string },
): Promise<Socket> {
  const socket = io(`${console.url}/agents`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await untilAuthenticated(socket);
  return socket;
}

export async function tokenFor(console: TestConsole, role: 'viewer' | 'operator' | 'admin') {
  const name = `${role}-${randomBytes(3).toString('hex')}`;
  await console.get(AuthService).createUser(name, `${role}-password-1`, role);
  return console.login(name, `${role}-password-1`);
}

/** socket.io says `connect` before the console has checked the secret: ask until it has. */
async function untilAuthenticated(socket: Socket): Promise<void> {
  const beat = { ts: new Date().toISOString(), version: 'test', platform: 'linux' };
  for (let attempt = 0; attempt < 50; attempt++) {
    const answer = await socket.emitWithAck('agent.heartbeat', { ...beat, runningRunIds: [] });
    if (answer && !('error' in answer)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the console never accepted the agent socket');
}
