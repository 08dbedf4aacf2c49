import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** A determinate bar when the percentage is known, an indeterminate one while it is not. */
@Component({
  selector: 'rp-progress-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    role: 'progressbar',
    'aria-valuemin': '0',
    'aria-valuemax': '100',
    '[attr.aria-valuenow]': 'clamped()',
    '[attr.aria-label]': 'label()',
    '[class.indeterminate]': 'clamped() === null',
  },
  template: `<span class="fill" [style.width.%]="clamped() ?? 30"></span>`,
  styles: `
    :host {
      display: block;
      position: relative;
      height: 8px;
      border-radius: 999px;
      background: var(--rp-accent-soft);
      overflow: hidden;
    }
    .fill {
      display: block;
      height: 100%;
      border-radius: inherit;
      background: var(--rp-accent);
      transition: width 300ms ease;
    }
    :host(.indeterminate) .fill {
      animation: slide 1.2s ease-in-out infinite;
    }
    @keyframes slide {
      from {
        transform: translateX(-100%);
      }
      to {
        transform: translateX(350%);
      }
    }
  `,
})
export class ProgressBar {
  readonly percent = input<number | null>(null);
  readonly label = input('Progress');

  protected readonly clamped = computed(() => {
    const percent = this.percent();

    return percent === null ? null : Math.min(100, Math.max(0, Math.round(percent)));
  });
}
