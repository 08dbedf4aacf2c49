import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

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
const TARGET = 'E2E_DEMO';
const VIEWER = { username: 'e2e-viewer', password: 'viewer-password-1' };
/** The console's audit page size: more events than this put the oldest behind "Load more". */
const AUDIT_PAGE = 50;

/**
 * The administration screens against the whole system, as an admin sets Rampart up: a target
 * on the simulated database with its connection test, the SMTP server and its test mail, a
 * read-only user who cannot act, the audit trail of all this, and the notification history.
 * The tests run in order: each builds on what the previous one did.
 */
describe('the dashboard administration screens', () => {
  let system: SystemUnderTest;
  let seededSink: Awaited<ReturnType<typeof startSmtpSink>>;
  let ownSink: Awaited<ReturnType<typeof startSmtpSink>>;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    seededSink = await startSmtpSink(await freePort());
    ownSink = await startSmtpSink(await freePort());
    system = await startSystem(seededSink.port);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await ownSink?.close();
    await seededSink?.close();
  });

  async function signedIn(username: string, password: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(system.url);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('nav-strategies').waitFor();
    return page;
  }

  it('adds a target with OS authentication and tests its connection', async () => {
    const page = await signedIn('admin', system.adminPassword);
    await page.getByTestId('nav-targets').click();
    await page.getByTestId('add-target').click();

    await page.getByTestId('target-name').fill(TARGET);
    await page.getByTestId('target-agent').selectOption({ index: 1 });
    await page.getByTestId('target-oracleHome').fill(system.oracleHome);
    await page.getByTestId('target-oracleSid').fill('DEMO');
    await page.getByTestId('target-auth').selectOption('os');
    await page.getByTestId('target-save').click();
    await page.getByRole('status').getByText(`${TARGET} saved.`).waitFor();

    await page.getByTestId(`open-target-${TARGET}`).click();
    const panel = page.getByTestId('target-panel');
    await panel.getByRole('heading', { name: TARGET }).waitFor();
    await panel.getByTestId('test-connection').click();
    const result = panel.getByTestId('connection-result');
    await result.waitFor({ timeout: 60_000 });

    expect([await result.getAttribute('class'), await result.textContent()]).toEqual([
      'rp-ok',
      expect.any(String),
    ]);
    await panel.getByTestId('log-mode').getByText('ARCHIVELOG', { exact: true }).waitFor();
    const row = page.getByTestId('targets-table').locator('tr', { hasText: TARGET });
    await row.getByText('ARCHIVELOG', { exact: true }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-target-tested.png'), fullPage: true });
    await page.context().close();
  });

  it("saves SMTP settings for the test's own mail sink and sends a test mail to it", async () => {
    const page = await signedIn('admin', system.adminPassword);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('smtp-host').waitFor();
    // The form shows the seeded server before it is changed.
    await waitFor(
      async () => (await page.getByTestId('smtp-port').inputValue()) === String(seededSink.port),
      10_000,
      'the stored SMTP settings in the form',
    );

    await page.getByTestId('smtp-host').fill('127.0.0.1');
    await page.getByTestId('smtp-port').fill(String(ownSink.port));
    await page.getByTestId('smtp-security').selectOption('none');
    await page.getByTestId('smtp-sender').fill('Rampart E2E <rampart@e2e.invalid>');
    await page.getByTestId('smtp-save').click();
    await page.getByTestId('notice').getByText('SMTP settings saved.').waitFor();

    await page.getByTestId('smtp-test-to').fill('dba@e2e.invalid');
    await page.getByTestId('smtp-test').click();
    await page.getByTestId('notice').getByText('Test message sent to dba@e2e.invalid').waitFor();
    await waitFor(
      async () => ownSink.received.some((m) => m.to.includes('dba@e2e.invalid')),
      30_000,
      "the test mail in the test's own sink",
    );

    const mail = ownSink.received.find((m) => m.to.includes('dba@e2e.invalid'));
    expect(mail?.subject).toBe('[Rampart] Test mail');
    expect(seededSink.received.some((m) => m.to.includes('dba@e2e.invalid'))).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-smtp-tested.png'), fullPage: true });
    await page.context().close();
  });

  it('creates a viewer who sees no admin control and whose guarded action is refused', async () => {
    const admin = await signedIn('admin', system.adminPassword);
    await admin.getByTestId('nav-users').click();
    await admin.getByTestId('new-username').fill(VIEWER.username);
    await admin.getByTestId('new-password').fill(VIEWER.password);
    await admin.getByTestId('new-role').selectOption('viewer');
    await admin.getByTestId('add-user').click();
    const row = admin.locator(`[data-user="${VIEWER.username}"]`);
    await row.waitFor();
    expect(await row.getByRole('combobox').inputValue()).toBe('viewer');
    await admin.screenshot({ path: join(SCREENSHOTS, 'admin-user-added.png'), fullPage: true });

    const viewer = await signedIn(VIEWER.username, VIEWER.password);
    await viewer.getByTestId('current-user').getByText('viewer', { exact: true }).waitFor();
    for (const adminOnly of ['nav-settings', 'nav-users', 'nav-audit']) {
      expect(await viewer.getByTestId(adminOnly).count()).toBe(0);
    }

    await viewer.getByTestId('nav-strategies').click();
    await viewer.getByTestId('strategies-table').getByText('DEMO nightly full').waitFor();
    expect(await viewer.getByTestId('run-now-DEMO nightly full').count()).toBe(0);

    await viewer.getByTestId('nav-targets').click();
    await viewer.getByTestId(`open-target-${TARGET}`).click();
    await viewer.getByTestId('target-panel').waitFor();
    expect(await viewer.getByTestId('add-target').count()).toBe(0);
    expect(await viewer.getByTestId('target-save').count()).toBe(0);
    expect(await viewer.getByTestId('test-connection').count()).toBe(0);

    await viewer.goto(`${system.url}/audit`);
    await viewer.getByText(/Could not load the audit trail: .*\(HTTP 403\)/).waitFor();
    await viewer.screenshot({ path: join(SCREENSHOTS, 'viewer-refused.png'), fullPage: true });

    const refused = await viewer.evaluate(async (url) => {
      const session = JSON.parse(sessionStorage.getItem('rampart.session') ?? '{}');
      const headers = { authorization: `Bearer ${session.accessToken}` };
      const strategies = await (await fetch(`${url}/api/v1/strategies`, { headers })).json();
      const demo = strategies.find((s: { name: string }) => s.name === 'DEMO nightly full');
      const run = await fetch(`${url}/api/v1/strategies/${demo.id}/runs`, {
        method: 'POST',
        headers,
      });
      return run.status;
    }, system.url);
    expect(refused).toBe(403);
    await viewer.context().close();
    await admin.context().close();
  });

  it('shows the events just made in the audit trail, the oldest behind "Load more"', async () => {
    const token = await signInAsAdmin(system.url, system.adminPassword);
    const users = await api(system, '/api/v1/users', token);
    const viewer = users.find((u: { username: string }) => u.username === VIEWER.username);
    // Newer events than a page holds, so the ones the earlier tests made are on the next page.
    for (let n = 0; n < AUDIT_PAGE + 2; n++) {
      const role = n % 2 === 0 ? 'operator' : 'viewer';
      await api(system, `/api/v1/users/${viewer.id}`, token, 'PATCH', { role });
    }

    const page = await signedIn('admin', system.adminPassword);
    await page.getByTestId('nav-audit').click();
    const table = page.getByTestId('audit-table');
    await table.locator('tbody tr').first().waitFor();
    const created = table.locator('tbody tr', { hasText: `"name": "${TARGET}"` });

    expect(await table.locator('tbody tr').count()).toBe(AUDIT_PAGE);
    expect(await created.count()).toBe(0);

    await page.getByTestId('audit-load-more').click();
    await created.waitFor();
    expect(await created.getByText('create', { exact: true }).count()).toBe(1);
    const userCreated = table.locator('tbody tr', { hasText: `"username": "${VIEWER.username}"` });
    expect(await userCreated.getByText('create', { exact: true }).count()).toBe(1);
    const smtpChanged = table.locator('tbody tr', { hasText: 'smtp.update' });
    expect(await smtpChanged.getByText(`"port": ${ownSink.port}`).count()).toBe(1);
    expect(await table.locator('tbody tr', { hasText: 'smtp.test' }).count()).toBe(1);

    const ids = await table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-audit-id')));
    expect(ids.length).toBeGreaterThan(AUDIT_PAGE);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => b - a));
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-audit.png'), fullPage: true });
    await page.context().close();
  });

  it("lists a run's alert, sent through the new SMTP server, in the history", async () => {
    const token = await signInAsAdmin(system.url, system.adminPassword);
    const strategies = await api(system, '/api/v1/strategies', token);
    const demo = strategies.find((s: { name: string }) => s.name === 'DEMO nightly full');
    const run = await api(system, `/api/v1/strategies/${demo.id}/runs`, token, 'POST');
    await waitFor(
      async () => {
        const { items } = await api(system, `/api/v1/notifications?runId=${run.id}`, token);
        return items.some((n: { status: string }) => n.status === 'sent');
      },
      90_000,
      `the alert of run ${run.id}\n${system.output()}`,
    );
    expect(ownSink.received.some((m) => m.subject.includes('succeeded'))).toBe(true);

    const page = await signedIn('admin', system.adminPassword);
    await page.getByTestId('nav-notifications').click();
    const row = page.locator(`[data-testid=notifications-table] tr`, { hasText: 'succeeded' });
    await row.first().waitFor();

    expect(await row.first().getByText('sent', { exact: true }).count()).toBe(1);
    expect(await row.first().getByText('dba@demo.invalid').count()).toBe(1);
    expect(await page.getByTestId('notifications-load-more').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-notifications.png'), fullPage: true });
    await page.context().close();
  });
});

async function api(
  system: SystemUnderTest,
  path: string,
  token: string,
  method = 'GET',
  body?: unknown,
) {
  const response = await fetch(`${system.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}
