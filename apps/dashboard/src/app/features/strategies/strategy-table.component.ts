import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';

import type { StrategySummary } from '../../core/api/api.types';
import { AgePipe } from '../../ui/format.pipes';
import { StatusBadge } from '../../ui/status-badge.component';

export type StrategyActionKind = 'edit' | 'clone' | 'toggle' | 'export' | 'delete';

export interface StrategyAction {
  kind: StrategyActionKind;
  strategy: StrategySummary;
}

@Component({
  selector: 'rp-strategy-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTableModule, MatButtonModule, RouterLink, StatusBadge, AgePipe],
  templateUrl: './strategy-table.component.html',
  styleUrl: './strategy-table.component.css',
})
export class StrategyTable {
  readonly strategies = input.required<StrategySummary[]>();
  readonly canRun = input(false);
  /** The strategy whose manual run is being requested, if any. */
  readonly starting = input<string | null>(null);
  readonly runNow = output<StrategySummary>();
  /** Edit, clone, enable/disable, export and delete, for operators and admins. */
  readonly canEdit = input(false);
  readonly action = output<StrategyAction>();

  protected readonly columns = [
    'name',
    'target',
    'type',
    'priority',
    'schedule',
    'lastRun',
    'enabled',
    'actions',
  ];
}
