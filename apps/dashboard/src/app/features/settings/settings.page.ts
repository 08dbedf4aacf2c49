import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import type { SmtpTestResult } from '@rampart/contracts';
import type { Observable } from 'rxjs';

import { AdminService } from '../../core/api/admin.service';
import type { SmtpSecurity, SmtpSettings } from '../../core/api/admin.types';
import { describeError, fieldProblems } from '../../core/http/api-error';
import { ErrorBanner } from '../../ui/error-banner.component';

const NO_SMTP: SmtpSettings = {
  host: '',
  port: 587,
  security: 'starttls',
  verifyCertificate: true,
  username: null,
  sender: '',
};
const SECURITY: { value: SmtpSecurity; label: string }[] = [
  { value: 'starttls', label: 'STARTTLS (port 587)' },
  { value: 'tls', label: 'TLS from the start (port 465)' },
  { value: 'none', label: 'None (a relay on a trusted network)' },
];

/** The mail server the alerts go through, with a test message. Admins only. */
@Component({
  selector: 'rp-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBanner],
  template: `
    <header class="rp-page-header"><h1>Settings</h1></header>
    @if (error(); as message) {
      <rp-error-banner [message]="message" />
    }
    @if (notice(); as text) {
      <p class="rp-ok" role="status" data-testid="notice">{{ text }}</p>
    }
    <section class="rp-card">
      <h2>Mail server (SMTP)</h2>
      <form class="rp-form" (submit)="save($event)" data-testid="smtp-form">
        <label>
          Host
          <input data-testid="smtp-host" [value]="smtp().host" (input)="set('host', $event)" />
          @if (problems()['host']; as m) {
            <span class="rp-field-error">Host {{ m }}</span>
          }
        </label>
        <label>
          Port
          <input
            type="number"
            data-testid="smtp-port"
            [value]="smtp().port"
            (input)="set('port', $event)"
          />
          @if (problems()['port']; as m) {
            <span class="rp-field-error">Port {{ m }}</span>
          }
        </label>
        <label>
          Security
          <select data-testid="smtp-security" (change)="setSecurity($event)">
            @for (s of security; track s.value) {
              <option [value]="s.value" [selected]="smtp().security === s.value">
                {{ s.label }}
              </option>
            }
          </select>
        </label>
        <label class="inline">
          <input
            type="checkbox"
            [checked]="smtp().verifyCertificate"
            (change)="setVerifyCertificate($event)"
          />
          Refuse a certificate that does not verify
        </label>
        <label>
          Username
          <input [value]="smtp().username ?? ''" (input)="set('username', $event)" />
        </label>
        <label>
          Password
          <input
            type="password"
            autocomplete="new-password"
            placeholder="unchanged"
            [value]="password()"
            (input)="password.set(text($event))"
          />
          @if (problems()['password']; as m) {
            <span class="rp-field-error">Password {{ m }}</span>
          }
        </label>
        <label>
          Sender address
          <input
            data-testid="smtp-sender"
            [value]="smtp().sender"
            (input)="set('sender', $event)"
          />
          @if (problems()['sender']; as m) {
            <span class="rp-field-error">Sender {{ m }}</span>
          }
        </label>
        <button class="rp-button primary" type="submit" data-testid="smtp-save">Save</button>
      </form>
      <form class="rp-form rp-section" (submit)="sendTest($event)">
        <label>
          Send a test message to
          <input
            type="email"
            data-testid="smtp-test-to"
            [value]="to()"
            (input)="to.set(text($event))"
          />
          @if (problems()['to']; as m) {
            <span class="rp-field-error">Recipient {{ m }}</span>
          }
        </label>
        <button class="rp-button" type="submit" data-testid="smtp-test" [disabled]="sending()">
          {{ sending() ? 'Sending…' : 'Send test' }}
        </button>
      </form>
    </section>
  `,
})
export class SettingsPage implements OnInit {
  private readonly admin = inject(AdminService);

  protected readonly security = SECURITY;
  protected readonly smtp = signal<SmtpSettings>(NO_SMTP);
  protected readonly password = signal('');
  protected readonly to = signal('');
  protected readonly sending = signal(false);
  protected readonly problems = signal<Record<string, string>>({});
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  ngOnInit(): void {
    this.admin.smtp().subscribe({
      next: (smtp) => this.smtp.set({ ...NO_SMTP, ...smtp }),
      error: (error: unknown) => {
        // 404: no SMTP server configured yet, so the form starts empty.
        if (error instanceof HttpErrorResponse && error.status === 404) return;
        this.error.set(describeError(error, 'load the SMTP settings'));
      },
    });
  }

  protected set(key: 'host' | 'port' | 'username' | 'sender', event: Event): void {
    const raw = this.text(event);
    this.smtp.update((s) => ({ ...s, [key]: key === 'port' ? Number(raw) : raw }));
  }

  protected setSecurity(event: Event): void {
    const security = this.text(event) as SmtpSecurity;
    this.smtp.update((s) => ({ ...s, security }));
  }

  protected setVerifyCertificate(event: Event): void {
    const verifyCertificate = (event.target as HTMLInputElement).checked;
    this.smtp.update((s) => ({ ...s, verifyCertificate }));
  }

  protected save(event: Event): void {
    event.preventDefault();
    const { host, port, security, verifyCertificate, username, sender } = this.smtp();
    const smtp = { host, port, security, verifyCertificate, sender, username: username || null };
    const body = this.password() ? { ...smtp, password: this.password() } : smtp;
    this.answer(this.admin.saveSmtp(body), 'save the SMTP settings', () => ({
      ok: true,
      text: 'SMTP settings saved.',
    }));
  }

  protected sendTest(event: Event): void {
    event.preventDefault();
    const to = this.to().trim();
    this.sending.set(true);
    // The console answers 200 with ok: false when the server refused or could not be reached.
    this.answer(this.admin.sendTestMail(to), 'send the test message', (test) =>
      test.ok
        ? { ok: true, text: `Test message sent to ${to}: ${test.response ?? 'accepted'}.` }
        : { ok: false, text: testFailure(to, test) },
    );
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  private answer<T>(call: Observable<T>, action: string, outcome: (answer: T) => Outcome) {
    this.problems.set({});
    this.error.set(null);
    this.notice.set(null);
    call.subscribe({
      next: (answer) => {
        const { ok, text } = outcome(answer);
        this.sending.set(false);
        this.password.set('');
        (ok ? this.notice : this.error).set(text);
      },
      error: (error: unknown) => {
        this.sending.set(false);
        this.problems.set(fieldProblems(error));
        this.error.set(describeError(error, action));
      },
    });
  }
}

interface Outcome {
  ok: boolean;
  text: string;
}

function testFailure(to: string, test: SmtpTestResult): string {
  const why = [test.error, test.hint].filter(Boolean).join(' ');
  return `Could not send the test message to ${to}: ${why || 'the server refused it'}`;
}
