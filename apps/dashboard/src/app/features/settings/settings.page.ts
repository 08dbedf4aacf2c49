import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';

import { AdminService } from '../../core/api/admin.service';
import type { SmtpSettings } from '../../core/api/admin.types';
import { describeError, fieldProblems } from '../../core/http/api-error';
import { ErrorBanner } from '../../ui/error-banner.component';

const NO_SMTP: SmtpSettings = { host: '', port: 587, secure: false, username: null, from: '' };

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
          <input type="number" [value]="smtp().port" (input)="set('port', $event)" />
          @if (problems()['port']; as m) {
            <span class="rp-field-error">Port {{ m }}</span>
          }
        </label>
        <label class="inline">
          <input type="checkbox" [checked]="smtp().secure" (change)="setSecure($event)" />
          TLS from the start (port 465)
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
        </label>
        <label>
          Sender address
          <input data-testid="smtp-from" [value]="smtp().from" (input)="set('from', $event)" />
          @if (problems()['from']; as m) {
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
      error: (error: unknown) => this.error.set(describeError(error, 'load the SMTP settings')),
    });
  }

  protected set(key: 'host' | 'port' | 'username' | 'from', event: Event): void {
    const raw = this.text(event);
    this.smtp.update((s) => ({ ...s, [key]: key === 'port' ? Number(raw) : raw }));
  }

  protected setSecure(event: Event): void {
    const secure = (event.target as HTMLInputElement).checked;
    this.smtp.update((s) => ({ ...s, secure }));
  }

  protected save(event: Event): void {
    event.preventDefault();
    const smtp = { ...this.smtp(), password: undefined };
    const body = this.password() ? { ...smtp, password: this.password() } : smtp;
    this.answer(this.admin.saveSmtp(body), 'save the SMTP settings', 'SMTP settings saved.');
  }

  protected sendTest(event: Event): void {
    event.preventDefault();
    this.sending.set(true);
    this.answer(
      this.admin.sendTestMail(this.to().trim()),
      'send the test message',
      `Test message sent to ${this.to().trim()}.`,
    );
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  private answer(call: ReturnType<AdminService['sendTestMail']>, action: string, done: string) {
    this.problems.set({});
    this.error.set(null);
    this.notice.set(null);
    call.subscribe({
      next: () => {
        this.sending.set(false);
        this.password.set('');
        this.notice.set(done);
      },
      error: (error: unknown) => {
        this.sending.set(false);
        this.problems.set(fieldProblems(error));
        this.error.set(describeError(error, action));
      },
    });
  }
}
