import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import type { RunState } from '@rampart/contracts';

import type { RunFilters, Target } from '../../core/api/api.types';
import { RUN_STATE_OPTIONS, runStateLabel } from '../../core/api/run-states';

/** Status and target pickers; emits the whole filter set on every change. */
@Component({
  selector: 'rp-run-filters',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatSelectModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>Status</mat-label>
      <mat-select
        data-testid="filter-status"
        [value]="filters().status ?? ''"
        (valueChange)="set('status', $event)"
      >
        <mat-option value="">Any status</mat-option>
        @for (state of states; track state) {
          <mat-option [value]="state">{{ label(state) }}</mat-option>
        }
      </mat-select>
    </mat-form-field>

    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>Target</mat-label>
      <mat-select
        data-testid="filter-target"
        [value]="filters().targetId ?? ''"
        (valueChange)="set('targetId', $event)"
      >
        <mat-option value="">All targets</mat-option>
        @for (target of targets(); track target.id) {
          <mat-option [value]="target.id">{{ target.name }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: var(--rp-space-3);
    }
    mat-form-field {
      width: 220px;
    }
  `,
})
export class RunFiltersBar {
  readonly filters = input.required<RunFilters>();
  readonly targets = input<Target[]>([]);
  readonly filtersChange = output<RunFilters>();

  protected readonly states = RUN_STATE_OPTIONS;

  protected label(state: RunState): string {
    return runStateLabel(state);
  }

  protected set(key: 'status' | 'targetId', value: string): void {
    this.filtersChange.emit({ ...this.filters(), [key]: value || undefined });
  }
}
