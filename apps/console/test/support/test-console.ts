import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';

import { loadConsoleConfig, type ConsoleConfig } from '../../src/config/console-config';
import { createConsoleApp, migrate } from '../../src/console-app';

export const ADMIN_PASSWORD = 'correct-horse-battery';

export interface TestConsole {
  app: INestApplication;
  url: string;
  config: ConsoleConfig;
  get<T>(token: { new (...args: never[]): T } | string | symbol): T;
  login(username?: string, password?: string): Promise<string>;
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  close(): Promise<void>;
}

const SERVER_URL =
  process.env['RAMPART_TEST_DATABASE_SERVER'] ?? 'postgres://postgres@127.0.0.1:5432';

/**
 * A real console on a loopback port, with its own fresh PostgreSQL database and its own
 * BullMQ queue prefix, so tests never see each other's rows or jobs.
 */
export async function startTestConsole(overrides: NodeJS.ProcessEnv = {}): Promise<TestConsole> {
  const suffix = randomBytes(5).toString('hex');
  const databaseName = `rampart_test_${suffix}`;
  const config = loadConsoleConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `${SERVER_URL}/${databaseName}`,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    RAMPART_QUEUE_PREFIX: `rt-${suffix}`,
    RAMPART_ADMIN_PASSWORD: ADMIN_PASSWORD,
    RAMPART_JWT_SECRET: randomBytes(32).toString('base64'),
    RAMPART_MASTER_KEY: randomBytes(32).toString('base64'),
    RAMPART_LOG_LEVEL: 'warn',
    ...overrides,
  });

  await migrate(config);
  const app = await createConsoleApp(config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  config.publicUrl = url;

  const api: TestConsole['api'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${url}${path}`, { ...init, headers });
  };

  return {
    app,
    url,
    config,
    get: (token) => app.get(token as never),
    api,
    async login(username = 'admin', password = ADMIN_PASSWORD) {
      const response = await api('/api/v1/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username, password }),
      });
      if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
      return ((await response.json()) as { accessToken: string }).accessToken;
    },
    async close() {
      await app.close();
      await dropDatabase(databaseName);
    },
  };
}

async function dropDatabase(name: string): Promise<void> {
  const client = new Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
