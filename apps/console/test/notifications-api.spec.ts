import type {
  NotificationPage,
  NotificationRuleView,
  SmtpSettingsView,
  SmtpTestResult,
} from '@rampart/contracts';

import { AuthService } from '../src/auth/auth.service';
import { NotificationQueue } from '../src/notifications/notification-queue';
import { NotificationsService } from '../src/notifications/notifications.service';
import { NotificationRulesController } from '../src/notifications/notification-rules.controller';
import { SmtpSettingsEntity } from '../src/settings/smtp-settings.entity';
import { SmtpSettingsController } from '../src/settings/smtp-settings.controller';
import { toRunView } from '../src/runs/run-view';
import {
  createFinishedRun,
  createStrategy,
  eventually,
  only,
  repository,
  startSmtpServer,
  type TestSmtpServer,
} from './notifications-support';
import { startTestConsole, type TestConsole } from './support/test-console';

const json = async <T>(response: Response) => (await response.json()) as T;
const problems = async (response: Response) =>
  (await json<{ problems: { field: string; message: string }[] }>(response)).problems;

const SMTP = {
  host: '127.0.0.1',
  port: 2525,
  security: 'starttls',
  verifyCertificate: true,
  username: 'rampart',
  password: 'S3cret!pass',
  sender: 'Rampart <rampart@example.com>',
};

describe('notifications API', () => {
  let console: TestConsole;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    console = await startTestConsole({ RAMPART_NOTIFY_BACKOFF_MS: '100' });
    admin = await console.login();
    await console.get(AuthService).createUser('watcher', 'viewer-password', 'viewer');
    viewer = await console.login('watcher', 'viewer-password');
  });

  afterAll(async () => {
    await console.close();
  });

  const call = (path: string, method: string, body?: unknown, token = admin) =>
    console.api(path, {
      method,
      token,
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  describe(SmtpSettingsController.name, () => {
    it('answers 404 before any settings are saved', async () => {
      expect((await call('/api/v1/settings/smtp', 'GET')).status).toBe(404);
    });

    it('stores the password sealed and never returns it', async () => {
      const saved = await call('/api/v1/settings/smtp', 'PUT', SMTP);
      const read = await call('/api/v1/settings/smtp', 'GET');

      expect(saved.status).toBe(200);
      const body = await read.json();
      expect(body).toMatchObject({ host: '127.0.0.1', hasPassword: true, username: 'rampart' });
      expect(JSON.stringify(body)).not.toContain('S3cret');
      const row = await repository(console, SmtpSettingsEntity).findOneByOrFail({ id: 1 });
      expect(row.passwordEnc).toMatch(/^v1:/);
      expect(row.passwordEnc).not.toContain('S3cret');
    });

    it('keeps the stored password when a change omits it, and forgets it on null', async () => {
      await call('/api/v1/settings/smtp', 'PUT', SMTP);

      const withoutPassword: Partial<typeof SMTP> = { ...SMTP };
      delete withoutPassword.password;
      const kept = await json<SmtpSettingsView>(
        await call('/api/v1/settings/smtp', 'PUT', withoutPassword),
      );
      const forgot = await json<SmtpSettingsView>(
        await call('/api/v1/settings/smtp', 'PUT', { ...SMTP, password: null }),
      );

      expect(kept.hasPassword).toBe(true);
      expect(forgot.hasPassword).toBe(false);
    });

    it('asks for the password again before sending it to another server', async () => {
      await call('/api/v1/settings/smtp', 'PUT', SMTP);

      const moved: Partial<typeof SMTP> = { ...SMTP, port: SMTP.port + 1 };
      delete moved.password;
      const response = await call('/api/v1/settings/smtp', 'PUT', moved);

      expect(response.status).toBe(400);
      expect(await problems(response)).toEqual([
        { field: 'password', message: expect.any(String) },
      ]);
    });

    it.each([
      ['host', { host: 'mail.example.com\r\nRCPT TO:<x@y>' }],
      ['port', { port: 70000 }],
      ['security', { security: 'ssl' }],
      ['sender', { sender: 'Rampart <not-an-address>' }],
    ])('refuses a bad %s with a 400 naming it', async (field, change) => {
      const response = await call('/api/v1/settings/smtp', 'PUT', { ...SMTP, ...change });

      expect(response.status).toBe(400);
      expect(await problems(response)).toEqual([{ field, message: expect.any(String) }]);
    });

    it('is for administrators only', async () => {
      const read = await call('/api/v1/settings/smtp', 'GET', undefined, viewer);
      const test = await call('/api/v1/settings/smtp/test', 'POST', { to: 'a@b.example' }, viewer);

      expect(read.status).toBe(403);
      expect(test.status).toBe(403);
    });

    describe('test mail', () => {
      let smtp: TestSmtpServer;

      afterEach(() => smtp.close());

      it("reports the server's answer when the mail is accepted", async () => {
        smtp = await startSmtpServer({ credentials: { user: 'rampart', pass: 'S3cret!pass' } });
        await call('/api/v1/settings/smtp', 'PUT', { ...SMTP, security: 'none', port: smtp.port });

        const response = await call('/api/v1/settings/smtp/test', 'POST', {
          to: 'dba@example.com',
        });

        expect(response.status).toBe(200);
        const result = (await response.json()) as SmtpTestResult;
        expect(result).toMatchObject({ ok: true, error: null });
        expect(result.response).toMatch(/^250/);
        expect(smtp.received[0]?.mail.subject).toBe('[Rampart] Test mail');
      });

      it('reports the error and what to check when the server refuses the login', async () => {
        smtp = await startSmtpServer({ credentials: { user: 'rampart', pass: 'other' } });
        await call('/api/v1/settings/smtp', 'PUT', { ...SMTP, security: 'none', port: smtp.port });

        const response = await call('/api/v1/settings/smtp/test', 'POST', {
          to: 'dba@example.com',
        });

        const result = (await response.json()) as SmtpTestResult;
        expect(result).toMatchObject({ ok: false, response: null });
        expect(result.error).toContain('535');
        expect(result.hint).toContain('password');
      });

      it('refuses a recipient that is not an e-mail address', async () => {
        const response = await call('/api/v1/settings/smtp/test', 'POST', { to: 'dba' });

        expect(response.status).toBe(400);
        expect((await problems(response))[0]?.field).toBe('to');
        smtp = await startSmtpServer();
      });
    });
  });

  describe(NotificationRulesController.name, () => {
    const rule = {
      name: 'On-call DBAs',
      events: ['failed', 'missed'],
      recipients: ['Oncall@Example.com', 'oncall@example.com'],
    };

    it('creates a global rule, lists, changes and deletes it', async () => {
      const created = await call('/api/v1/notifications/rules', 'POST', rule);
      const view = (await created.json()) as NotificationRuleView;
      const changed = await call(`/api/v1/notifications/rules/${view.id}`, 'PUT', {
        ...rule,
        events: ['interrupted'],
      });
      const listed = (await (await call('/api/v1/notifications/rules', 'GET')).json()) as unknown[];
      const removed = await call(`/api/v1/notifications/rules/${view.id}`, 'DELETE');
      const gone = await call(`/api/v1/notifications/rules/${view.id}`, 'GET');

      expect(created.status).toBe(201);
      expect(view).toMatchObject({ strategyId: null, targetId: null, enabled: true });
      expect(view.recipients).toEqual(['oncall@example.com']);
      expect((await json<NotificationRuleView>(changed)).events).toEqual(['interrupted']);
      expect(listed).toHaveLength(1);
      expect(removed.status).toBe(204);
      expect(gone.status).toBe(404);
    });

    it.each([
      ['recipients.0', { recipients: ['not an address'] }],
      ['events.0', { events: ['exploded'] }],
      ['digestHour', { events: ['digest'], timeZone: 'Europe/Paris' }],
      ['timeZone', { events: ['digest'], digestHour: 7, timeZone: 'Mars/Olympus' }],
      ['strategyId', { strategyId: '00000000-0000-4000-8000-000000000000' }],
    ])('refuses a bad %s with a 400 naming it', async (field, change) => {
      const response = await call('/api/v1/notifications/rules', 'POST', { ...rule, ...change });

      expect(response.status).toBe(400);
      expect(await problems(response)).toEqual([{ field, message: expect.any(String) }]);
    });

    it('is for administrators only', async () => {
      const response = await call('/api/v1/notifications/rules', 'POST', rule, viewer);

      expect(response.status).toBe(403);
    });

    it('schedules a digest at its hour in its zone, and unschedules it on delete', async () => {
      const digest = { ...rule, events: ['digest'], digestHour: 7, timeZone: 'Europe/Paris' };
      const view = (await (
        await call('/api/v1/notifications/rules', 'POST', digest)
      ).json()) as NotificationRuleView;
      const queue = console.get(NotificationQueue);

      const scheduled = await queue.scheduledDigests();
      await call(`/api/v1/notifications/rules/${view.id}`, 'DELETE');

      expect(scheduled).toContainEqual({
        ruleId: view.id,
        pattern: '0 7 * * *',
        tz: 'Europe/Paris',
      });
      expect((await queue.scheduledDigests()).map((s) => s.ruleId)).not.toContain(view.id);
    });
  });

  describe('daily digest', () => {
    let smtp: TestSmtpServer;

    afterEach(() => smtp.close());

    it('sends one digest a day per rule, however often it fires', async () => {
      smtp = await startSmtpServer();
      const plain = { ...SMTP, security: 'none', port: smtp.port, username: null, password: null };
      await call('/api/v1/settings/smtp', 'PUT', plain);
      const fixture = await createStrategy(console, 'digested');
      await createFinishedRun(console, fixture, 'failed', { primaryError: 'ORA-27037' });
      await createFinishedRun(console, fixture, 'succeeded', { bytes: 1024 });
      const view = (await (
        await call('/api/v1/notifications/rules', 'POST', {
          name: 'Morning <digest>',
          events: ['digest'],
          recipients: ['boss@example.com'],
          targetId: fixture.target.id,
          digestHour: 7,
          timeZone: 'Europe/Paris',
        })
      ).json()) as NotificationRuleView;
      const notifications = console.get(NotificationsService);
      const firedAt = new Date(Date.now() + 60_000);

      const first = await notifications.fireDigest(view.id, firedAt);
      const second = await notifications.fireDigest(view.id, new Date(firedAt.getTime() + 1000));
      await eventually(async () => smtp.received.length === 1);

      expect(first).not.toBeNull();
      expect(second).toBeNull();
      const mail = only(smtp.received).mail;
      expect(mail.subject).toMatch(/Daily digest \d{4}-\d{2}-\d{2} \(Morning <digest>\)/);
      expect(mail.text).toContain('1 failed');
      expect(mail.text).toContain('ORA-27037');
      expect(String(mail.html)).toContain('Morning &lt;digest&gt;');
    });
  });

  describe('history', () => {
    it('filters by status and event and pages by keyset without gaps or repeats', async () => {
      const fixture = await createStrategy(console, 'paged', {
        on: ['failed', 'succeeded'],
        recipients: ['dba@example.com'],
      });
      const statuses = ['failed', 'succeeded', 'failed', 'succeeded', 'failed'] as const;
      for (const status of statuses) {
        const run = await createFinishedRun(console, fixture, status);
        await console.get(NotificationsService).onRunFinished(toRunView(run));
      }

      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const query = `event=failed&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await (
          await call(`/api/v1/notifications?${query}`, 'GET')
        ).json()) as NotificationPage;
        seen.push(...page.items.map((n) => n.id));
        expect(page.items.every((n) => n.event === 'failed')).toBe(true);
        cursor = page.nextCursor;
      }
      const bad = await call('/api/v1/notifications?status=lost&from=yesterday', 'GET');

      expect(seen).toHaveLength(3);
      expect(new Set(seen).size).toBe(3);
      expect(bad.status).toBe(400);
      const fields = (await problems(bad)).map((p) => p.field);
      expect(fields.sort()).toEqual(['from', 'status']);
    });
  });
});
