import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { launchChromium } from './support/browser';
import { startSmtpSink } from './support/smtp-sink';
import { freePort, ROOT, startSystem, type SystemUnderTest } from './support/system-under-test';

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

/**
 * The dashboard's next screens against the whole system: the wizard builds a strategy that the
 * console previews and stores, and the Runs page downloads what it shows as a file.
 */
describe('the dashboard wizard and exports', () => {
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

  async function signedIn(): Promise<Page> {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(system.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(system.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('nav-strategies').waitFor();
    return page;
  }

  it('builds a weekly strategy in the wizard, previews it and saves it', async () => {
    const page = await signedIn();
    await page.getByTestId('nav-strategies').click();
    await page.getByTestId('new-strategy').click();

    await page.getByTestId('wizard-target').selectOption('DEMO');
    await page.getByTestId('wizard-name').fill('E2E weekly level 0');
    await page.getByTestId('wizard-next').click();
    await page.getByLabel('incremental').check();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-step-objects').waitFor();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-channels').fill('2');
    await page.getByTestId('wizard-compression').selectOption('basic');
    await page.getByTestId('wizard-next').click();

    await page.getByTestId('wizard-schedule-kind').selectOption('weekly');
    await page.getByTestId('wizard-time').fill('02:30');
    await page.getByTestId('wizard-timezone').fill('Europe/Paris');
    await page.getByTestId('wizard-timezone').dispatchEvent('change');
    await page.getByRole('button', { name: 'Show the next runs' }).click();
    await page.getByTestId('next-runs').locator('li').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'wizard-schedule.png'), fullPage: true });

    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-recipients').fill('dba@example.com');
    await page.getByTestId('wizard-next').click();
    const script = page.getByTestId('preview-script');
    await script.waitFor();
    expect(await script.textContent()).toContain('INCREMENTAL LEVEL 0');
    expect(await page.getByTestId('preview-plsql').textContent()).toContain('DBMS_SCHEDULER');
    await page.screenshot({ path: join(SCREENSHOTS, 'wizard-review.png'), fullPage: true });

    await page.getByTestId('wizard-save').click();
    const ack = page.getByTestId('wizard-save-anyway');
    await Promise.race([page.waitForURL(/\/strategies$/), ack.waitFor()]);
    if (await ack.isVisible()) await ack.click();
    await page.waitForURL(/\/strategies$/);

    await page.getByTestId('strategies-table').getByText('E2E weekly level 0').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'wizard-saved.png'), fullPage: true });
    await page.close();
  });

  it('downloads the run log as CSV from the Runs page', async () => {
    const page = await signedIn();
    await page.getByTestId('nav-runs').click();
    await page.getByRole('heading', { name: 'Runs' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);

    expect(download.suggestedFilename()).toMatch(/^rampart-runs-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = join(ROOT, 'test-results', download.suggestedFilename());
    await download.saveAs(file);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toMatch(/status/i);
    await page.screenshot({ path: join(SCREENSHOTS, 'runs-export.png'), fullPage: true });
    await page.close();
  });
});
