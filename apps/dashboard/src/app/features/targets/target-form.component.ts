import { ChangeDetectionStrategy, Component, effect, input, output, signal } from '@angular/core';

import type { TargetSettings } from '../../core/api/admin.types';

export function emptyTargetSettings(): TargetSettings {
  return { name: '', host: '', port: 1521, serviceName: '', username: '', agentId: null };
}

/**
 * Connection parameters and credentials of one target. The password is write-only: the field
 * starts empty, and an empty field leaves the stored password as it is.
 */
@Component({
  selector: 'rp-target-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="rp-form" (submit)="submit($event)" data-testid="target-form">
      @for (f of fields; track f.key) {
        <label>
          {{ f.label }}
          <input
            [type]="f.type"
            [attr.data-testid]="'target-' + f.key"
            [value]="draft()[f.key]"
            [readOnly]="readOnly()"
            (input)="set(f.key, $event)"
          />
          @if (problems()[f.key]; as m) {
            <span class="rp-field-error">{{ f.label }} {{ m }}</span>
          }
        </label>
      }
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
  readonly isNew = input(false);
  readonly readOnly = input(false);
  readonly problems = input<Record<string, string>>({});
  readonly save = output<TargetSettings>();

  protected readonly fields = [
    { key: 'name', label: 'Name', type: 'text' },
    { key: 'host', label: 'Host', type: 'text' },
    { key: 'port', label: 'Port', type: 'number' },
    { key: 'serviceName', label: 'Service name', type: 'text' },
    { key: 'username', label: 'Username', type: 'text' },
  ] as const;
  protected readonly draft = signal<TargetSettings>(emptyTargetSettings());
  protected readonly password = signal('');

  constructor() {
    effect(() => {
      this.draft.set({ ...this.settings() });
      this.password.set('');
    });
  }

  protected set(key: (typeof this.fields)[number]['key'], event: Event): void {
    const raw = this.text(event);
    this.draft.update((d) => ({ ...d, [key]: key === 'port' ? Number(raw) : raw }));
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const settings = { ...this.draft(), password: undefined };
    this.save.emit(this.password() ? { ...settings, password: this.password() } : settings);
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }
}
