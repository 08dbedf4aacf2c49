import type { NotificationPage, NotificationView, SmtpSettingsInput } from '@rampart/contracts';

import { NotificationQueue } from '../src/notifications/notification-queue';
import { NotificationsRepository } from '../src/notifications/notifications.repository';
import { NotificationsService } from '../src/notifications/notifications.service';
import { RunEventsBus } from '../src/runs/run-events.bus';
import { toRunView } from '../src/runs/run-view';
import {
  createFinishedRun,
  createStrategy,
  eventually,
  fail,
  only,
  selfSignedCertificate,
  startSmtpServer,
  type TestSmtpServer,
} from './notifications-support';
import { startTestConsole, type TestConsole } from './support/test-console';

const FAST_RETRIES = {
  RAMPART_NOTIFY_ATTEMPTS: '6',
  RAMPART_NOTIFY_BACKOFF_MS: '150',
  RAMPART_NOTIFY_LEASE_SECONDS: '30',
};

describe(NotificationsService.name, () => {
  let console: TestConsole;
  let token: string;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    console = await startTestConsole(FAST_RETRIES);
    token = await console.login();
  });

  afterAll(async () => {
    await console.close();
  });

  afterEach(async () => {
    await smtp?.close();
  });

  async function configureSmtp(settings: Partial<SmtpSettingsInput>): Promise<void> {
    // Each test names its own server, so any password a previous test stored is dropped.
    const body = {
      host: '127.0.0.1',
      security: 'none',
      sender: 'Rampart <rampart@example.com>',
      password: null,
    };
    const response = await console.api('/api/v1/settings/smtp', {
      method: 'PUT',
      token,
      body: JSON.stringify({ ...body, ...settings }),
    });
    expect(response.status).toBe(200);
  }

  async function history(query: string): Promise<NotificationView[]> {
    const response = await console.api(`/api/v1/notifications?${query}`, { token });
    expect(response.status).toBe(200);
    return ((await response.json()) as NotificationPage).items;
  }

  async function finalHistory(runId: string, count = 1): Promise<NotificationView[]> {
    return eventually(async () => {
      const items = await history(`runId=${runId}`);
      const final = items.length === count && items.every((n) => n.status !== 'pending');
      return final ? items : null;
    });
  }

  async function addRule(rule: Record<string, unknown>): Promise<void> {
    const response = await console.api('/api/v1/notifications/rules', {
      method: 'POST',
      token,
      body: JSON.stringify(rule),
    });
    expect(response.status).toBe(201);
  }

  describe('normal delivery', () => {
    it('mails a failed run with the facts, the explanation, the output and the link', async () => {
      smtp = await startSmtpServer();
      await configureSmtp({ port: smtp.port });
      const hostile = `<script>alert("x")</script>&'`;
      const fixture = await createStrategy(console, 'nightly_full', {
        on: ['failed'],
        recipients: ['dba@example.com'],
      });
      const run = await createFinishedRun(
        console,
        fixture,
        'failed',
        { primaryError: 'ORA-19809', errorCodes: ['ORA-19809', 'RMAN-03009'], bytes: 5_242_880 },
        ['RMAN-03009: failure of backup command', `ORA-19809: limit exceeded ${hostile}`],
      );

      console.get(RunEventsBus).publish({ kind: 'finished', run: toRunView(run) });
      const [entry] = await finalHistory(run.id);

      expect(entry).toMatchObject({ status: 'sent', attempts: 1, event: 'failed' });
      expect(entry?.recipients).toEqual(['dba@example.com']);
      expect(entry?.lastResponse).toMatch(/^250/);
      expect(smtp.received).toHaveLength(1);
      const { mail, envelopeTo } = only(smtp.received);
      expect(envelopeTo).toEqual(['dba@example.com']);
      expect(mail.subject).toBe('[Rampart] DB_nightly_full: nightly_full FAILED');
      expect(mail.messageId).toBe(entry?.messageId);
      expect(mail.text).toContain('ORA-19809');
      expect(mail.text).toContain('Next step:');
      expect(mail.text).toContain('5 MiB');
      expect(mail.text).toContain('1 min 35 s');
      expect(mail.text).toContain(`limit exceeded ${hostile}`);
      expect(mail.text).toContain(`${console.url}/runs/${run.id}`);
      const html = String(mail.html);
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
      expect(html).toContain(`href="${console.url}/runs/${run.id}"`);
    });

    it('addresses each recipient once per run and event, rules and strategy alike', async () => {
      smtp = await startSmtpServer();
      await configureSmtp({ port: smtp.port });
      const fixture = await createStrategy(console, 'overlap', {
        on: ['succeeded_with_warnings'],
        recipients: ['Shared@example.com', 'owner@example.com'],
      });
      await addRule({
        name: 'team',
        events: ['succeeded_with_warnings'],
        recipients: ['shared@example.com', 'team@example.com'],
        strategyId: fixture.strategy.id,
      });
      const run = await createFinishedRun(console, fixture, 'succeeded_with_warnings');
      const notifications = console.get(NotificationsService);

      await notifications.onRunFinished(toRunView(run));
      await notifications.onRunFinished(toRunView(run));
      const entries = await finalHistory(run.id, 2);

      const addressed = entries.flatMap((n) => n.recipients).sort();
      expect(addressed).toEqual(['owner@example.com', 'shared@example.com', 'team@example.com']);
      expect(smtp.received.flatMap((m) => m.envelopeTo).sort()).toEqual(addressed);
    });

    it('sends a message once however often its job is queued again', async () => {
      smtp = await startSmtpServer();
      await configureSmtp({ port: smtp.port });
      const fixture = await createStrategy(console, 'requeued', {
        on: ['succeeded'],
        recipients: ['dba@example.com'],
      });
      const run = await createFinishedRun(console, fixture, 'succeeded');
      const id = only(await console.get(NotificationsService).onRunFinished(toRunView(run)));
      await finalHistory(run.id);

      const queue = console.get(NotificationQueue);
      await (await queue.queue.getJob(id))?.remove();
      await queue.send(id);
      await eventually(async () => (await queue.queue.getJobCounts()).completed >= 1);
      await console.get(NotificationsService).sweep();

      expect(smtp.received).toHaveLength(1);
      expect((await finalHistory(run.id))[0]?.attempts).toBe(1);
    });
  });

  describe('lease', () => {
    it('waits out an attempt that never recorded its outcome, then sends once', async () => {
      smtp = await startSmtpServer();
      await configureSmtp({ port: smtp.port });
      const fixture = await createStrategy(console, 'crashed', { on: [], recipients: [] });
      const run = await createFinishedRun(console, fixture, 'failed');
      const repo = console.get(NotificationsRepository);
      const inserted = await repo.insertOnce({
        dedupKey: `run:${run.id}:failed:test`,
        runId: run.id,
        ruleId: null,
        event: 'failed',
        recipients: ['dba@example.com'],
        subject: 'crashed attempt',
      });
      const id = inserted ?? fail('not inserted');
      await repo.claim(id, 2);

      await console.get(NotificationQueue).send(id);
      await new Promise((r) => setTimeout(r, 1000));
      const duringLease = smtp.received.length;
      const [entry] = await finalHistory(run.id);

      expect(duringLease).toBe(0);
      expect(smtp.received).toHaveLength(1);
      expect(entry).toMatchObject({ status: 'sent', attempts: 2 });
      expect(entry?.attemptLog[0]).toMatchObject({ ok: false });
      expect(entry?.attemptLog[0]?.response).toContain('no outcome recorded');
    });
  });

  describe('authentication failure', () => {
    it('fails at once with the server answer and does not retry', async () => {
      smtp = await startSmtpServer({ credentials: { user: 'rampart', pass: 'right-password' } });
      await configureSmtp({ port: smtp.port, username: 'rampart', password: 'wrong-password' });
      const fixture = await createStrategy(console, 'badauth', {
        on: ['failed'],
        recipients: ['dba@example.com'],
      });
      const run = await createFinishedRun(console, fixture, 'failed');

      await console.get(NotificationsService).onRunFinished(toRunView(run));
      const [entry] = await finalHistory(run.id);

      expect(entry).toMatchObject({ status: 'failed', attempts: 1 });
      expect(entry?.lastResponse).toContain('535');
      expect(entry?.lastResponse).toContain('user name and password');
      expect(entry?.lastResponse).not.toContain('wrong-password');
      expect(smtp.received).toHaveLength(0);
      const jobs = await console.get(NotificationQueue).queue.getJobs(['failed', 'completed']);
      expect(jobs.length).toBeGreaterThan(0);
      expect(JSON.stringify(jobs.map((j) => [j.data, j.failedReason]))).not.toContain('wrong-pass');
    });
  });

  describe('TLS', () => {
    const certificate = selfSignedCertificate();

    it('refuses a self-signed certificate while certificate checking is on', async () => {
      smtp = await startSmtpServer({ tls: certificate });
      await configureSmtp({ port: smtp.port, security: 'tls', verifyCertificate: true });
      const fixture = await createStrategy(console, 'tls_checked', {
        on: ['failed'],
        recipients: ['dba@example.com'],
      });
      const run = await createFinishedRun(console, fixture, 'failed');

      await console.get(NotificationsService).onRunFinished(toRunView(run));
      const [entry] = await finalHistory(run.id);

      expect(entry).toMatchObject({ status: 'failed', attempts: 1 });
      expect(entry?.lastResponse).toMatch(/self[- ]signed certificate/i);
      expect(smtp.received).toHaveLength(0);
    });

    it('delivers over implicit TLS once certificate checking is off', async () => {
      smtp = await startSmtpServer({ tls: certificate });
      await configureSmtp({ port: smtp.port, security: 'tls', verifyCertificate: false });
      const fixture = await createStrategy(console, 'tls_trusted', {
        on: ['failed'],
        recipients: ['dba@example.com'],
      });
      const run = await createFinishedRun(console, fixture, 'failed');

      await console.get(NotificationsService).onRunFinished(toRunView(run));
      const [entry] = await finalHistory(run.id);

      expect(entry).toMatchObject({ status: 'sent', attempts: 1 });
      expect(smtp.received).toHaveLength(1);
    });
  });

  describe('outage', () => {
    it('delivers every message exactly once after recovery, the retries recorded', async () => {
      smtp = await startSmtpServer();
      await configureSmtp({ port: smtp.port, security: 'none' });
      smtp.refusing = true;
      const fixture = await createStrategy(console, 'outage', {
        on: ['failed', 'missed'],
        recipients: ['dba@example.com'],
      });
      const runs = await Promise.all(
        ['failed', 'missed', 'failed', 'missed', 'failed'].map((status) =>
          createFinishedRun(console, fixture, status as 'failed' | 'missed'),
        ),
      );
      const notifications = console.get(NotificationsService);

      for (const run of runs) await notifications.onRunFinished(toRunView(run));
      await eventually(async () => smtp.connections >= runs.length * 2);
      smtp.refusing = false;
      const entries = await Promise.all(runs.map((run) => finalHistory(run.id)));

      expect(entries.flat().map((n) => n.status)).toEqual(runs.map(() => 'sent'));
      expect(smtp.received).toHaveLength(runs.length);
      const runIds = smtp.received.map((m) => m.mail.headers.get('x-rampart-run'));
      expect(new Set(runIds).size).toBe(runs.length);
      for (const entry of entries.flat()) {
        expect(entry.attempts).toBeGreaterThanOrEqual(2);
        expect(entry.attemptLog.at(-1)).toMatchObject({ ok: true });
        expect(entry.attemptLog[0]).toMatchObject({ ok: false });
        expect(entry.attemptLog[0]?.response).toContain('421');
      }
    });
  });
});
