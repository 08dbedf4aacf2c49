import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import type { Role } from '@rampart/contracts';

import { AdminService } from '../../core/api/admin.service';
import type { User } from '../../core/api/admin.types';
import { describeError, fieldProblems } from '../../core/http/api-error';
import { ErrorBanner } from '../../ui/error-banner.component';

const ROLES: Role[] = ['viewer', 'operator', 'admin'];

/** Who may sign in, and in which role. Admins only. */
@Component({
  selector: 'rp-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBanner],
  template: `
    <header class="rp-page-header"><h1>Users</h1></header>
    @if (error(); as message) {
      <rp-error-banner [message]="message" [retryable]="true" (retry)="load()" />
    }
    <p class="rp-muted">
      Viewers read; operators also start and cancel runs and edit strategies; admins do everything,
      including targets, settings and users.
    </p>
    <div class="rp-table-wrap">
      <table class="rp-table" data-testid="users-table">
        <thead>
          <tr>
            <th>Username</th>
            <th>Role</th>
            <th>Status</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          @for (u of users(); track u.id) {
            <tr [attr.data-user]="u.username">
              <td>{{ u.username }}</td>
              <td>
                <select [attr.aria-label]="'Role of ' + u.username" (change)="setRole(u, $event)">
                  @for (r of roles; track r) {
                    <option [value]="r" [selected]="u.role === r">{{ r }}</option>
                  }
                </select>
              </td>
              <td>{{ u.locked ? 'Locked out' : 'Active' }}</td>
              <td>
                @if (u.locked) {
                  <button type="button" class="rp-button" (click)="unlock(u)">Unlock</button>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    <section class="rp-section rp-card">
      <h2>Add a user</h2>
      <form class="rp-form" (submit)="create($event)">
        <label>
          Username
          <input
            data-testid="new-username"
            [value]="username()"
            (input)="username.set(text($event))"
          />
          @if (problems()['username']; as m) {
            <span class="rp-field-error">Username {{ m }}</span>
          }
        </label>
        <label>
          Initial password
          <input
            type="password"
            data-testid="new-password"
            autocomplete="new-password"
            [value]="password()"
            (input)="password.set(text($event))"
          />
          @if (problems()['password']; as m) {
            <span class="rp-field-error">Password {{ m }}</span>
          }
        </label>
        <label>
          Role
          <select data-testid="new-role" (change)="role.set($any(text($event)))">
            @for (r of roles; track r) {
              <option [value]="r" [selected]="role() === r">{{ r }}</option>
            }
          </select>
        </label>
        <button class="rp-button primary" type="submit" data-testid="add-user">Add user</button>
      </form>
    </section>
  `,
})
export class UsersPage implements OnInit {
  private readonly admin = inject(AdminService);

  protected readonly roles = ROLES;
  protected readonly users = signal<User[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly username = signal('');
  protected readonly password = signal('');
  protected readonly role = signal<Role>('viewer');
  protected readonly problems = signal<Record<string, string>>({});

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.admin.users().subscribe({
      next: (users) => this.users.set(users),
      error: (error: unknown) => this.error.set(describeError(error, 'load the users')),
    });
  }

  protected setRole(user: User, event: Event): void {
    this.change(user, { role: this.text(event) as Role });
  }

  /** Ends a lock-out after repeated failed sign-ins before it runs out. */
  protected unlock(user: User): void {
    this.change(user, { unlock: true });
  }

  protected create(event: Event): void {
    event.preventDefault();
    this.problems.set({});
    const user = { username: this.username().trim(), password: this.password(), role: this.role() };
    this.admin.createUser(user).subscribe({
      next: () => {
        this.username.set('');
        this.password.set('');
        this.load();
      },
      error: (error: unknown) => {
        this.problems.set(fieldProblems(error));
        this.error.set(describeError(error, `add ${user.username || 'the user'}`));
      },
    });
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  private change(user: User, change: { role?: Role; unlock?: true }): void {
    this.error.set(null);
    this.admin.updateUser(user.id, change).subscribe({
      next: () => this.load(),
      error: (error: unknown) => {
        this.error.set(describeError(error, `change ${user.username}`));
        this.load();
      },
    });
  }
}
