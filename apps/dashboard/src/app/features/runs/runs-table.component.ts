import { ScrollingModule } from '@angular/cdk/scrolling';
import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';

import type { Run } from '../../core/api/api.types';
import { BytesPipe, DateTimePipe, DurationPipe } from '../../ui/format.pipes';
import { ProgressBar } from '../../ui/progress-bar.component';
import { StatusBadge } from '../../ui/status-badge.component';
import { RunSort, RunSortColumn, sortRuns } from './run-sort';

/** Fixed row height the virtual scroll strategy relies on (kept in the CSS too). */
export const RUN_ROW_PX = 56;

/**
 * The `logs_backup` rows, one per run: sortable by column, and virtually scrolled so tens of
 * thousands of loaded rows cost only the ones on screen. mat-table sits directly inside the
 * viewport (CDK 21 virtualises it; *cdkVirtualFor must not be added, see STACK.md).
 * TODO: sorting applies to the loaded pages; the console's keyset pagination orders by queue time.
 */
@Component({
  selector: 'rp-runs-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatTableModule,
    MatSortModule,
    ScrollingModule,
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

  protected readonly rowHeight = RUN_ROW_PX;
  protected readonly sort = signal<RunSort | null>(null);
  protected readonly sorted = computed(() => sortRuns(this.runs(), this.sort()));

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

  protected sortBy(sort: Sort): void {
    this.sort.set(
      sort.direction ? { column: sort.active as RunSortColumn, direction: sort.direction } : null,
    );
  }
}
