import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';

import type { Run } from '../../core/api/api.types';
import { BytesPipe, DateTimePipe, DurationPipe } from '../../ui/format.pipes';
import { ProgressBar } from '../../ui/progress-bar.component';
import { StatusBadge } from '../../ui/status-badge.component';

/** The `logs_backup` rows, one per run. TODO: sorting and virtual scrolling (issue 9). */
@Component({
  selector: 'rp-runs-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatTableModule,
    RouterLink,
    StatusBadge,
    ProgressBar,
    BytesPipe,
    DateTimePipe,
    DurationPipe,
  ],
  templateUrl: './runs-table.component.html',
  styleUrl: './runs-table.component.css',
})
export class RunsTable {
  readonly runs = input.required<Run[]>();

  protected readonly columns = [
    'status',
    'strategy',
    'target',
    'type',
    'trigger',
    'queued',
    'duration',
    'size',
    'error',
  ];
}
