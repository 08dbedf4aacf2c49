import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';

import { TargetsService } from '../../core/api/targets.service';
import { describeError } from '../../core/http/api-error';

/**
 * The guarded ARCHIVELOG switch: the database restarts, so the DBA types the target's name
 * to confirm, and the console checks that name again.
 */
@Component({
  selector: 'rp-archivelog-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="rp-warn" data-testid="archivelog-switch">
      <p>
        {{ targetName() }} runs in NOARCHIVELOG mode: it cannot be backed up while open and cannot
        be recovered to a point in time. Switching restarts the database (SHUTDOWN IMMEDIATE,
        STARTUP MOUNT, ALTER DATABASE ARCHIVELOG, OPEN).
      </p>
      <label>
        Type {{ targetName() }} to confirm
        <input
          data-testid="archivelog-confirm"
          [value]="typed()"
          (input)="typed.set(text($event))"
          autocomplete="off"
        />
      </label>
      <button
        type="button"
        class="rp-button danger"
        data-testid="archivelog-enable"
        [disabled]="!confirmed() || switching()"
        (click)="enable()"
      >
        {{ switching() ? 'Switching…' : 'Switch to ARCHIVELOG' }}
      </button>
      @if (error(); as message) {
        <p class="rp-field-error" role="alert">{{ message }}</p>
      }
    </div>
  `,
})
export class ArchivelogSwitch {
  private readonly targets = inject(TargetsService);

  readonly targetId = input.required<string>();
  readonly targetName = input.required<string>();
  readonly switched = output();

  protected readonly typed = signal('');
  protected readonly switching = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly confirmed = computed(() => this.typed() === this.targetName());

  protected enable(): void {
    this.switching.set(true);
    this.error.set(null);
    this.targets.enableArchivelog(this.targetId(), this.typed()).subscribe({
      next: () => {
        this.switching.set(false);
        this.switched.emit();
      },
      error: (error: unknown) => {
        this.switching.set(false);
        this.error.set(describeError(error, 'switch to ARCHIVELOG'));
      },
    });
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }
}
