import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import type { Run } from '../../core/api/api.types';
import { isActiveRunState } from '../../core/api/run-states';
import { BytesPipe, DateTimePipe, DurationPipe } from '../../ui/format.pipes';
import { ProgressBar } from '../../ui/progress-bar.component';
import { StatusBadge } from '../../ui/status-badge.component';

/** Everything about one run but its output: state, progress, times, size, error explained. */
@Component({
  selector: 'rp-run-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StatusBadge, ProgressBar, BytesPipe, DateTimePipe, DurationPipe],
  templateUrl: './run-summary.component.html',
  styleUrl: './run-summary.component.css',
})
export class RunSummary {
  readonly run = input.required<Run>();
  readonly progressDetail = input<string | null>(null);

  protected readonly active = computed(() => isActiveRunState(this.run().status));
  protected readonly progress = computed(() => {
    const run = this.run();

    return run.status === 'running' ? run.progress : null;
  });
}
