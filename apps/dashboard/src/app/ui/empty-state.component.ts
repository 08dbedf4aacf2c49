import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** Says that there is nothing here yet, and what to do about it (projected content). */
@Component({
  selector: 'rp-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'empty-state' },
  template: `
    <p class="title">{{ title() }}</p>
    <div class="hint"><ng-content /></div>
  `,
  styles: `
    :host {
      display: block;
      padding: var(--rp-space-6) var(--rp-space-4);
      text-align: center;
      color: var(--rp-text-muted);
    }
    .title {
      margin: 0 0 var(--rp-space-1);
      font-weight: 600;
      color: var(--rp-text);
    }
  `,
})
export class EmptyState {
  readonly title = input.required<string>();
}
