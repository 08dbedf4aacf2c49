import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { Client } from 'pg';
import type { Browser } from 'playwright-core';

import { launchChromium } from './support/browser';
import { startSmtpSink } from './support/smtp-sink';
import {
  freePort,
  ROOT,
  signInAsAdmin,
  startSystem,
  type SystemUnderTest,
  waitFor,
} from './support/system-under-test';

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

/**
 * The first thread through every part: sign in, list strategies, start a run, the console
 * queues a BullMQ job, the agent renders the RMAN script and runs the simulator's rman,
 * streams its lines over socket.io, and the run ends in logs_backup as succeeded, visible in
 * the dashboard, with the e-mail its rule asks for.
 */
describe('a backup from the dashboard to logs_backup', () => {
  let system: SystemUnderTest;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    sink = await startSmtpSink(await freePort());
    system = await startSystem(sink.port);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await sink?.close();
  });

  it('answers 401 to the API without a token', async () => {
    const response = await fetch(`${system.url}/api/v1/strategies`);

    expect(response.status).toBe(401);
  });

  it('runs the demo strategy through the API and stores it as succeeded', async () => {
    const token = await signInAsAdmin(system.url, system.adminPassword);
    const strategies = await api(system, '/api/v1/strategies', token);
    const demo = strategies.find((s: { name: string }) => s.name === 'DEMO nightly full');

    const run = await api(system, `/api/v1/strategies/${demo.id}/runs`, token, 'POST');
    await waitFor(
      async () => (await api(system, `/api/v1/runs/${run.id}`, token)).status === 'succeeded',
      90_000,
      `run ${run.id} to succeed\n${system.output()}`,
    );

    const stored = await api(system, `/api/v1/runs/${run.id}`, token);
    expect(stored).toMatchObject({ id: run.id, status: 'succeeded', trigger: 'manual' });
    expect(stored.pieces).toBeGreaterThan(0);
    expect(stored.script).toContain(`SET COMMAND ID TO 'rampart-${run.id}'`);

    const { lines } = await api(system, `/api/v1/runs/${run.id}/log`, token);
    const texts = lines.map((l: { text: string }) => l.text);
    expect(texts).toContain('Recovery Manager complete.');
    expect(lines.map((l: { seq: number }) => l.seq)).toEqual(
      [...lines.map((l: { seq: number }) => l.seq)].sort((a, b) => a - b),
    );

    const row = await queryOne(
      system.databaseUrl,
      'SELECT status, pieces, (SELECT count(*) FROM run_log_lines WHERE run_id = $1) AS lines ' +
        'FROM logs_backup WHERE id = $1',
      [run.id],
    );
    expect(row).toMatchObject({ status: 'succeeded', lines: String(lines.length) });

    const targets = await api(system, '/api/v1/targets', token);
    expect(targets).toEqual([expect.objectContaining({ name: 'DEMO', logMode: 'ARCHIVELOG' })]);

    await waitFor(
      async () => sink.received.some((m) => m.subject.includes('succeeded')),
      30_000,
      'the success e-mail',
    );
  });

  it('signs in, starts the run from Strategies and watches it succeed live', async () => {
    const page = await browser.newPage();

    await page.goto(system.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(system.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('nav-strategies').click();
    await page.getByTestId('run-now-DEMO nightly full').click();

    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const status = page.getByTestId('run-status');
    await status.and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 90_000 });
    await page.getByTestId('run-log').getByText('Recovery Manager complete.').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'run-succeeded.png'), fullPage: true });

    await page.getByTestId('nav-runs').click();
    await page.getByTestId('runs-table').getByText('DEMO nightly full').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'runs.png'), fullPage: true });
    await page.close();
  });
});

async function api(system: SystemUnderTest, path: string, token: string, method = 'GET') {
  const response = await fetch(`${system.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function queryOne(databaseUrl: string, sql: string, params: unknown[]) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows[0];
  } finally {
    await client.end();
  }
}
