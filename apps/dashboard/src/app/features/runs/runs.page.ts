import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  OnInit,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { Router } from '@angular/router';
import type { RunState } from '@rampart/contracts';
import { Subscription } from 'rxjs';

import type { Run, RunFilters, Target } from '../../core/api/api.types';
import { ExportFormat, runTime, RunsService } from '../../core/api/runs.service';
import { TargetsService } from '../../core/api/targets.service';
import { describeError } from '../../core/http/api-error';
import { saveBlob } from '../../core/http/save-blob';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { EmptyState } from '../../ui/empty-state.component';
import { ErrorBanner } from '../../ui/error-banner.component';
import { RunFiltersBar } from './run-filters.component';
import { RunsTable } from './runs-table.component';

export const RUNS_PAGE_SIZE = 50;

/** The run log: filtered by the URL's query string, newest first, live, exportable. */
@Component({
  selector: 'rp-runs-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RunsTable, RunFiltersBar, EmptyState, ErrorBanner, MatButtonModule],
  templateUrl: './runs.page.html',
  styleUrl: './runs.page.css',
})
export class RunsPage implements OnInit {
  private readonly runsService = inject(RunsService);
  private readonly targetsService = inject(TargetsService);
  private readonly realtime = inject(RealtimeService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  /** Query parameters, bound by the router. */
  readonly status = input<RunState>();
  readonly targetId = input<string>();

  protected readonly filters = computed<RunFilters>(() => ({
    status: this.status() || undefined,
    targetId: this.targetId() || undefined,
  }));

  protected readonly runs = signal<Run[]>([]);
  protected readonly targets = signal<Target[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadingMore = signal(false);
  protected readonly exporting = signal<ExportFormat | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly filtered = computed(() => Object.values(this.filters()).some(Boolean));

  private page: Subscription | null = null;

  constructor() {
    effect(() => {
      const filters = this.filters();

      untracked(() => this.reload(filters));
    });
  }

  ngOnInit(): void {
    this.targetsService
      .list()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (targets) => this.targets.set(targets),
        error: (error: unknown) => this.error.set(describeError(error, 'load the targets')),
      });

    this.realtime
      .runUpdates()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((run) => this.runs.update((runs) => upsert(runs, run, this.filters())));
  }

  protected applyFilters(filters: RunFilters): void {
    void this.router.navigate([], {
      queryParams: { status: filters.status ?? null, targetId: filters.targetId ?? null },
      queryParamsHandling: 'merge',
    });
  }

  protected reload(filters: RunFilters = this.filters()): void {
    this.loading.set(true);
    this.error.set(null);
    this.fetch(filters, null, (page) => this.runs.set(page));
  }

  protected loadMore(): void {
    this.loadingMore.set(true);
    this.fetch(this.filters(), this.nextCursor(), (page) =>
      this.runs.update((runs) => appendNew(runs, page)),
    );
  }

  protected download(format: ExportFormat): void {
    this.exporting.set(format);
    this.error.set(null);

    this.runsService.export(format, this.filters()).subscribe({
      next: (blob) => {
        this.exporting.set(null);
        saveBlob(blob, `rampart-runs-${new Date().toISOString().slice(0, 10)}.${format}`);
      },
      error: (error: unknown) => {
        this.exporting.set(null);
        this.error.set(describeError(error, `export the runs as ${format.toUpperCase()}`));
      },
    });
  }

  private fetch(filters: RunFilters, cursor: string | null, keep: (runs: Run[]) => void): void {
    this.page?.unsubscribe();

    this.page = this.runsService
      .list({ ...filters, limit: RUNS_PAGE_SIZE, cursor })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          keep(page.items);
          this.nextCursor.set(page.nextCursor);
          this.loading.set(false);
          this.loadingMore.set(false);
        },
        error: (error: unknown) => {
          this.error.set(describeError(error, 'load the runs'));
          this.loading.set(false);
          this.loadingMore.set(false);
        },
      });
  }
}

function appendNew(runs: Run[], page: Run[]): Run[] {
  const known = new Set(runs.map((run) => run.id));

  return [...runs, ...page.filter((run) => !known.has(run.id))];
}

/** A live update: replace the row, or put a new run that fits the filters on top. */
function upsert(runs: Run[], run: Run, filters: RunFilters): Run[] {
  const index = runs.findIndex((row) => row.id === run.id);

  if (index >= 0) {
    return runs.map((row, i) => (i === index ? run : row));
  }

  const fits =
    (!filters.status || filters.status === run.status) &&
    (!filters.targetId || filters.targetId === run.targetId);
  const newest = runs.length === 0 || runTime(run) >= runTime(runs[0]);

  return fits && newest ? [run, ...runs] : runs;
}
