import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/**
 * The foot of a keyset-paged list: how many rows are shown, and a button for the next page
 * while the console has one. `name` prefixes the test ids (`<name>-count`, `<name>-load-more`).
 */
@Component({
  selector: 'rp-load-more',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <footer class="rp-section">
      <span class="rp-muted" [attr.data-testid]="name() + '-count'">{{ shown() }} shown</span>
      @if (more()) {
        <button
          type="button"
          class="rp-button"
          [attr.data-testid]="name() + '-load-more'"
          [disabled]="loading()"
          (click)="load.emit()"
        >
          {{ loading() ? 'Loading…' : 'Load more' }}
        </button>
      }
    </footer>
  `,
})
export class LoadMore {
  readonly name = input.required<string>();
  readonly shown = input.required<number>();
  readonly more = input(false);
  readonly loading = input(false);
  readonly load = output();
}
