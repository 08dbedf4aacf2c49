import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { RunState } from '@rampart/contracts';

import { runStateLabel } from '../core/api/run-states';

type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'neutral';

const TONES: Record<RunState, Tone> = {
  queued: 'neutral',
  dispatched: 'info',
  running: 'info',
  succeeded: 'ok',
  succeeded_with_warnings: 'warn',
  failed: 'danger',
  interrupted: 'danger',
  cancelled: 'neutral',
  missed: 'danger',
  skipped: 'neutral',
};

/** A run state as a coloured pill; `data-status` carries the raw state for tests. */
@Component({
  selector: 'rp-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[attr.data-status]': 'status()',
    '[class]': '"tone-" + tone()',
  },
  template: `{{ label() }}`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: var(--rp-space-1);
      padding: 2px var(--rp-space-2);
      border-radius: 999px;
      font-size: var(--rp-text-sm);
      font-weight: 600;
      white-space: nowrap;
    }
    :host::before {
      content: '';
      width: 7px;
      height: 7px;
      border-radius: 50%;
      background: currentColor;
    }
    :host(.tone-ok) {
      color: var(--rp-ok);
      background: var(--rp-ok-soft);
    }
    :host(.tone-warn) {
      color: var(--rp-warn);
      background: var(--rp-warn-soft);
    }
    :host(.tone-danger) {
      color: var(--rp-danger);
      background: var(--rp-danger-soft);
    }
    :host(.tone-info) {
      color: var(--rp-info);
      background: var(--rp-info-soft);
    }
    :host(.tone-neutral) {
      color: var(--rp-neutral);
      background: var(--rp-neutral-soft);
    }
  `,
})
export class StatusBadge {
  readonly status = input.required<RunState>();

  protected readonly label = computed(() => runStateLabel(this.status()));
  protected readonly tone = computed(() => TONES[this.status()]);
}
