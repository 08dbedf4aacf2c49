import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import type { Run } from '../../core/api/api.types';
import { AgePipe } from '../../ui/format.pipes';
import { ProgressBar } from '../../ui/progress-bar.component';
import { StatusBadge } from '../../ui/status-badge.component';

/** A short list of runs for the overview: in progress (with bars) or failed (with the error). */
@Component({
  selector: 'rp-run-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, StatusBadge, ProgressBar, AgePipe],
  templateUrl: './run-list.component.html',
  styleUrl: './run-list.component.css',
})
export class RunList {
  readonly runs = input.required<Run[]>();
  readonly mode = input<'active' | 'failed'>('active');
  readonly emptyText = input.required<string>();
}
