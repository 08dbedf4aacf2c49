import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/** A failure, said plainly, with a way to try again when the caller offers one. */
@Component({
  selector: 'rp-error-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'alert', 'data-testid': 'error-banner' },
  template: `
    <span>{{ message() }}</span>
    @if (retryable()) {
      <button type="button" (click)="retry.emit()">Try again</button>
    }
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: var(--rp-space-3);
      margin-bottom: var(--rp-space-4);
      padding: var(--rp-space-3) var(--rp-space-4);
      border: 1px solid var(--rp-danger);
      border-radius: var(--rp-radius-sm);
      background: var(--rp-danger-soft);
      color: var(--rp-danger);
    }
    button {
      border: 1px solid currentColor;
      border-radius: var(--rp-radius-sm);
      background: transparent;
      color: inherit;
      padding: var(--rp-space-1) var(--rp-space-3);
      font: inherit;
      cursor: pointer;
    }
  `,
})
export class ErrorBanner {
  readonly message = input.required<string>();
  readonly retryable = input(false);
  readonly retry = output();
}
