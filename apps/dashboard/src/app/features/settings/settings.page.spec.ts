import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { provideDashboardTesting } from '../../../testing/providers';
import { settle } from '../../../testing/settle';
import { SettingsPage } from './settings.page';

const STORED = {
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  verifyCertificate: true,
  username: null,
  hasPassword: false,
  sender: 'rampart@example.com',
  updatedAt: '2026-12-04T10:00:00Z',
};

describe(SettingsPage.name, () => {
  let fixture: ComponentFixture<SettingsPage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ role: 'admin' }) });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SettingsPage);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function query(selector: string): HTMLElement | null {
    return fixture.nativeElement.querySelector(selector);
  }

  async function enter(testId: string, value: string): Promise<void> {
    const input = query(`[data-testid=${testId}]`) as HTMLInputElement | HTMLSelectElement;
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
    await fixture.whenStable();
  }

  async function submit(testId: string): Promise<void> {
    query(`[data-testid=${testId}]`)?.closest('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  it('saves the settings in the fields the console reads, keeping the password', async () => {
    http.expectOne('/api/v1/settings/smtp').flush(STORED);
    await settle(fixture);
    await enter('smtp-port', '2525');
    await enter('smtp-security', 'none');
    await enter('smtp-sender', 'Rampart <rampart@example.com>');

    await submit('smtp-save');
    const request = http.expectOne({ method: 'PUT', url: '/api/v1/settings/smtp' });

    expect(request.request.body).toEqual({
      host: 'smtp.example.com',
      port: 2525,
      security: 'none',
      verifyCertificate: true,
      username: null,
      sender: 'Rampart <rampart@example.com>',
    });
    request.flush({ ...STORED, port: 2525, security: 'none' });
    await settle(fixture);
    expect(query('[data-testid=notice]')?.textContent).toContain('SMTP settings saved.');
  });

  it('starts with an empty form, without an error, when no server is configured', async () => {
    http
      .expectOne('/api/v1/settings/smtp')
      .flush({ message: 'SMTP is not configured yet' }, { status: 404, statusText: 'Not Found' });
    await settle(fixture);

    expect(query('rp-error-banner')).toBeNull();
    expect((query('[data-testid=smtp-host]') as HTMLInputElement).value).toBe('');
  });

  it('reports a test mail the server refused as an error, with what to check', async () => {
    http.expectOne('/api/v1/settings/smtp').flush(STORED);
    await enter('smtp-test-to', 'dba@example.com');

    await submit('smtp-test');
    http.expectOne({ method: 'POST', url: '/api/v1/settings/smtp/test' }).flush({
      ok: false,
      response: null,
      messageId: null,
      error: 'connection refused',
      hint: 'Check the host and port.',
    });
    await settle(fixture);

    expect(query('[data-testid=notice]')).toBeNull();
    expect(fixture.nativeElement.textContent).toContain(
      'Could not send the test message to dba@example.com: connection refused Check the host',
    );
  });
});
