import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { loadConsoleConfig } from '../src/config/console-config';
import { migrate } from '../src/console-app';

const SERVER_URL =
  process.env['RAMPART_TEST_DATABASE_SERVER'] ?? 'postgres://postgres@127.0.0.1:5432';

/** Several consoles starting together each run `migrate` on one database. */
describe('migrate', () => {
  const name = `rampart_test_${randomBytes(5).toString('hex')}`;

  beforeAll(() => admin(`CREATE DATABASE "${name}"`));
  afterAll(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it('applies each migration once when three consoles migrate at the same time', async () => {
    const config = loadConsoleConfig({ NODE_ENV: 'test', DATABASE_URL: `${SERVER_URL}/${name}` });

    const results = await Promise.all([migrate(config), migrate(config), migrate(config)]);

    const applied = results.flat();
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied).size).toBe(applied.length);
    expect(results.filter((r) => r.length === 0)).toHaveLength(2);
  });
});

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
