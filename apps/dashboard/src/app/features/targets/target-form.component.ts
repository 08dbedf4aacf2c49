import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  input,
  output,
  signal,
} from '@angular/core';

import type { Agent, TargetAuth, TargetSettings } from '../../core/api/admin.types';

export function emptyTargetSettings(): TargetSettings {
  return {
    name: '',
    agentId: null,
    oracleHome: null,
    oracleSid: null,
    auth: 'os',
    connectString: null,
    username: null,
    schedulerOsUser: null,
  };
}

const HOME_FIELDS = [
  { key: 'oracleHome', label: 'ORACLE_HOME' },
  { key: 'oracleSid', label: 'ORACLE_SID' },
] as const;

const NET_FIELDS = [
  { key: 'connectString', label: 'Connect string' },
  { key: 'username', label: 'Username' },
] as const;

type TextKey =
  'name' | 'oracleHome' | 'oracleSid' | 'connectString' | 'username' | 'schedulerOsUser';

/**
 * Connection settings and credentials of one target, as the console stores them: the agent on
 * the database host, its ORACLE_HOME and SID, and OS authentication (`/ as sysdba` on the host,
 * no stored password) or a user over Oracle Net, and the OS account Oracle Scheduler runs the
 * jobs as. Passwords are write-only: the fields start empty, and an empty field leaves the
 * stored password as it is.
 */
@Component({
  selector: 'rp-target-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="rp-form" (submit)="submit($event)" data-testid="target-form">
      <label>
        Name
        <input
          data-testid="target-name"
          [value]="draft().name"
          [readOnly]="readOnly()"
          (input)="set('name', $event)"
        />
        @if (problems()['name']; as m) {
          <span class="rp-field-error">Name {{ m }}</span>
        }
      </label>
      <label>
        Agent
        <select data-testid="target-agent" [disabled]="readOnly()" (change)="setAgent($event)">
          <option value="" [selected]="!draft().agentId">Choose the agent on the host</option>
          @for (a of agents(); track a.id) {
            <option [value]="a.id" [selected]="draft().agentId === a.id">
              {{ a.name }}{{ a.online ? '' : ' (offline)' }}
            </option>
          }
        </select>
        @if (problems()['agentId']; as m) {
          <span class="rp-field-error">Agent {{ m }}</span>
        }
      </label>
      <label>
        Authentication
        <select data-testid="target-auth" [disabled]="readOnly()" (change)="setAuth($event)">
          <option value="os" [selected]="draft().auth === 'os'">
            Operating system (/ as sysdba on the host, no password stored)
          </option>
          <option value="password" [selected]="draft().auth === 'password'">
            Database user and password (Oracle Net)
          </option>
        </select>
      </label>
      @for (f of textFields(); track f.key) {
        <label>
          {{ f.label }}
          <input
            [attr.data-testid]="'target-' + f.key"
            [value]="draft()[f.key] ?? ''"
            [readOnly]="readOnly()"
            (input)="set(f.key, $event)"
          />
          @if (problems()[f.key]; as m) {
            <span class="rp-field-error">{{ f.label }} {{ m }}</span>
          }
        </label>
      }
      @if (draft().auth === 'password') {
        <label>
          Password
          <input
            type="password"
            data-testid="target-password"
            autocomplete="new-password"
            [placeholder]="isNew() ? '' : 'unchanged'"
            [readOnly]="readOnly()"
            [value]="password()"
            (input)="password.set(text($event))"
          />
          @if (problems()['password']; as m) {
            <span class="rp-field-error">Password {{ m }}</span>
          }
        </label>
      }
      <fieldset>
        <legend>Oracle Scheduler</legend>
        <p class="rp-muted">
          Oracle 12c and later run Rampart's scheduled jobs as this OS account (usually the Oracle
          software owner). Without one, scheduled runs fall to the nobody user and fail.
        </p>
        <label>
          OS account
          <input
            data-testid="target-schedulerOsUser"
            placeholder="oracle, or DOMAIN\\user on Windows"
            [value]="draft().schedulerOsUser ?? ''"
            [readOnly]="readOnly()"
            (input)="set('schedulerOsUser', $event)"
          />
          @if (problems()['schedulerOsUser']; as m) {
            <span class="rp-field-error">OS account {{ m }}</span>
          }
        </label>
        @if (draft().schedulerOsUser) {
          <label>
            OS account password
            <input
              type="password"
              data-testid="target-schedulerOsPassword"
              autocomplete="new-password"
              [placeholder]="settings().schedulerOsUser ? 'unchanged' : ''"
              [readOnly]="readOnly()"
              [value]="osPassword()"
              (input)="osPassword.set(text($event))"
            />
            @if (problems()['schedulerOsPassword']; as m) {
              <span class="rp-field-error">OS account password {{ m }}</span>
            }
          </label>
        }
      </fieldset>
      @if (!readOnly()) {
        <button class="rp-button primary" type="submit" data-testid="target-save">
          {{ isNew() ? 'Add target' : 'Save' }}
        </button>
      }
    </form>
  `,
})
export class TargetForm {
  readonly settings = input<TargetSettings>(emptyTargetSettings());
  readonly agents = input<Agent[]>([]);
  readonly isNew = input(false);
  readonly readOnly = input(false);
  readonly problems = input<Record<string, string>>({});
  readonly save = output<TargetSettings>();

  protected readonly draft = signal<TargetSettings>(emptyTargetSettings());
  /** ORACLE_HOME and SID always; the Oracle Net settings only for password authentication. */
  protected readonly textFields = computed(() => [
    ...HOME_FIELDS,
    ...(this.draft().auth === 'password' ? NET_FIELDS : []),
  ]);
  protected readonly password = signal('');
  protected readonly osPassword = signal('');

  constructor() {
    effect(() => {
      this.draft.set({ ...this.settings() });
      this.password.set('');
      this.osPassword.set('');
    });
  }

  protected set(key: TextKey, event: Event): void {
    const raw = this.text(event);
    this.draft.update((d) => ({ ...d, [key]: raw }));
  }

  protected setAgent(event: Event): void {
    const agentId = this.text(event) || null;
    this.draft.update((d) => ({ ...d, agentId }));
  }

  protected setAuth(event: Event): void {
    const auth = this.text(event) as TargetAuth;
    this.draft.update((d) => ({ ...d, auth }));
  }

  /** Sends what the console reads: empty optional fields as null, no password unless typed. */
  protected submit(event: Event): void {
    event.preventDefault();
    const d = this.draft();
    const usesPassword = d.auth === 'password';
    const settings: TargetSettings = {
      name: d.name.trim(),
      agentId: d.agentId,
      oracleHome: blankToNull(d.oracleHome),
      oracleSid: blankToNull(d.oracleSid),
      auth: d.auth,
      connectString: usesPassword ? blankToNull(d.connectString) : null,
      username: usesPassword ? blankToNull(d.username) : null,
      schedulerOsUser: blankToNull(d.schedulerOsUser ?? null),
    };
    const password = usesPassword && this.password() ? this.password() : undefined;
    const osPassword =
      settings.schedulerOsUser && this.osPassword() ? this.osPassword() : undefined;
    this.save.emit({
      ...settings,
      ...(password ? { password } : {}),
      ...(osPassword ? { schedulerOsPassword: osPassword } : {}),
    });
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }
}

function blankToNull(value: string | null): string | null {
  return value?.trim() || null;
}
