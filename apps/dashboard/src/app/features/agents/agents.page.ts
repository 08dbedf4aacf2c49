import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnInit,
  signal,
} from '@angular/core';

import { AdminService } from '../../core/api/admin.service';
import type { Agent, EnrollmentToken } from '../../core/api/admin.types';
import { AuthService } from '../../core/auth/auth.service';
import { describeError, fieldProblems } from '../../core/http/api-error';
import { EmptyState } from '../../ui/empty-state.component';
import { ErrorBanner } from '../../ui/error-banner.component';
import { AgePipe } from '../../ui/format.pipes';

/** The agents, one per database host, and the token that enrolls a new one. */
@Component({
  selector: 'rp-agents-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBanner, EmptyState, AgePipe],
  template: `
    <header class="rp-page-header"><h1>Agents</h1></header>
    @if (error(); as message) {
      <rp-error-banner [message]="message" [retryable]="true" (retry)="load()" />
    }
    @if (loading()) {
      <p class="rp-muted" role="status">Loading agents…</p>
    } @else if (agents().length === 0) {
      <rp-empty-state title="No agent enrolled">
        Create an enrollment token below and run the command it shows on the database host.
      </rp-empty-state>
    } @else {
      <div class="rp-table-wrap">
        <table class="rp-table" data-testid="agents-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Host</th>
              <th>Status</th>
              <th>Last seen</th>
              <th>Version</th>
              <th>Sealing key</th>
            </tr>
          </thead>
          <tbody>
            @for (a of agents(); track a.id) {
              <tr>
                <td>{{ a.name }}</td>
                <td>{{ a.hostname ?? '' }}</td>
                <td [class]="a.online ? 'rp-ok' : 'rp-warn'">
                  {{ a.online ? 'Online' : 'Offline' }}
                </td>
                <td>{{ a.lastSeenAt | age }}</td>
                <td>{{ a.version ?? '' }}</td>
                <td>
                  {{ a.hasSealKey ? 'Pinned' : 'Waiting for the agent to connect' }}
                  @if (isAdmin() && a.hasSealKey) {
                    @if (confirmingReset() === a.id) {
                      <button
                        class="rp-button danger"
                        type="button"
                        [attr.data-testid]="'confirm-reset-' + a.name"
                        (click)="resetSealKey(a)"
                      >
                        Reset: the next key it shows is trusted
                      </button>
                    } @else {
                      <button
                        class="rp-button"
                        type="button"
                        [attr.data-testid]="'reset-key-' + a.name"
                        (click)="confirmingReset.set(a.id)"
                      >
                        Reset key…
                      </button>
                    }
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
    @if (notice(); as message) {
      <p class="rp-ok" role="status">{{ message }}</p>
    }
    @if (isAdmin()) {
      <p class="rp-muted">
        Passwords reach an agent sealed with the key it pinned when it first connected. Reset the
        key only after reinstalling an agent on the same host: until then it cannot open new
        passwords, and the audit trail shows any other key it was offered.
      </p>
      <section class="rp-section rp-card">
        <h2>Enroll an agent</h2>
        <form class="rp-form" (submit)="enroll($event)">
          <label>
            Agent name
            <input
              data-testid="agent-name"
              [value]="agentName()"
              (input)="agentName.set(text($event))"
            />
            @if (problems()['agentName']; as m) {
              <span class="rp-field-error">Agent name {{ m }}</span>
            }
          </label>
          <button class="rp-button primary" type="submit" data-testid="create-token">
            Create enrollment token
          </button>
        </form>
        @if (commands(); as cmd) {
          <p>On the database host, as the Oracle software owner, run once:</p>
          <pre class="rp-mono" data-testid="enroll-command">{{ cmd.enroll }}</pre>
          <p>then check the host and start the agent (or install the service, see deploy/):</p>
          <pre class="rp-mono" data-testid="check-command"
            >{{ cmd.check }}
{{ cmd.start }}</pre>
          <p class="rp-muted">The token works once; it is not shown again.</p>
        }
      </section>
    }
  `,
})
export class AgentsPage implements OnInit {
  private readonly admin = inject(AdminService);
  private readonly auth = inject(AuthService);

  protected readonly isAdmin = computed(() => this.auth.can('administer'));
  protected readonly agents = signal<Agent[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly agentName = signal('');
  protected readonly problems = signal<Record<string, string>>({});
  protected readonly commands = signal<EnrollmentToken['commands'] | null>(null);
  protected readonly confirmingReset = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.admin.agents().subscribe({
      next: (agents) => {
        this.agents.set(agents);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.error.set(describeError(error, 'load the agents'));
        this.loading.set(false);
      },
    });
  }

  protected resetSealKey(agent: Agent): void {
    this.confirmingReset.set(null);
    this.admin.resetSealKey(agent.id).subscribe({
      next: () => {
        this.notice.set(`${agent.name}: its next connection pins a new sealing key.`);
        this.load();
      },
      error: (error: unknown) => this.error.set(describeError(error, 'reset the sealing key')),
    });
  }

  protected enroll(event: Event): void {
    event.preventDefault();
    this.problems.set({});
    this.commands.set(null);
    this.admin.enrollmentToken(this.agentName().trim()).subscribe({
      next: (answer) => this.commands.set(answer.commands),
      error: (error: unknown) => {
        this.problems.set(fieldProblems(error));
        this.error.set(describeError(error, 'create an enrollment token'));
      },
    });
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }
}
