import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';

import type { Run, Target } from '../../core/api/api.types';
import {
  ACTIVE_RUN_STATES,
  FAILED_RUN_STATES,
  isActiveRunState,
  isFailedRunState,
} from '../../core/api/run-states';
import { newestFirst, RunsService } from '../../core/api/runs.service';
import { TargetsService } from '../../core/api/targets.service';
import { describeError } from '../../core/http/api-error';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { ErrorBanner } from '../../ui/error-banner.component';
import { RunList } from './run-list.component';
import { TargetList } from './target-list.component';

const LIST_SIZE = 10;

/** The morning look: is every database protected, what runs now, what went wrong lately. */
@Component({
  selector: 'rp-overview-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TargetList, RunList, ErrorBanner, RouterLink],
  templateUrl: './overview.page.html',
  styleUrl: './overview.page.css',
})
export class OverviewPage implements OnInit {
  private readonly targetsService = inject(TargetsService);
  private readonly runsService = inject(RunsService);
  private readonly realtime = inject(RealtimeService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly targets = signal<Target[] | null>(null);
  protected readonly active = signal<Run[] | null>(null);
  protected readonly failures = signal<Run[] | null>(null);
  protected readonly errors = signal<string[]>([]);

  protected readonly unprotected = computed(
    () => this.targets()?.filter((t) => t.logMode === 'NOARCHIVELOG' || !t.agentOnline).length,
  );

  ngOnInit(): void {
    this.load();
    this.followLive();
  }

  protected load(): void {
    this.errors.set([]);

    this.targetsService.list().subscribe({
      next: (targets) => this.targets.set(targets),
      error: (error: unknown) => this.fail(error, 'load the targets'),
    });
    this.runsService.listInStates(ACTIVE_RUN_STATES, LIST_SIZE).subscribe({
      next: (runs) => this.active.set(runs),
      error: (error: unknown) => this.fail(error, 'load the runs in progress'),
    });
    this.runsService.listInStates(FAILED_RUN_STATES, LIST_SIZE).subscribe({
      next: (runs) => this.failures.set(runs),
      error: (error: unknown) => this.fail(error, 'load the recent failures'),
    });
  }

  private followLive(): void {
    this.realtime
      .runUpdates()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((run) => {
        this.active.update((runs) => place(runs, run, isActiveRunState(run.status)));
        this.failures.update((runs) => place(runs, run, isFailedRunState(run.status)));
      });

    this.realtime
      .runProgress()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ runId, percent }) =>
        this.active.update(
          (runs) =>
            runs?.map((run) => (run.id === runId ? { ...run, progress: percent } : run)) ?? null,
        ),
      );
  }

  private fail(error: unknown, action: string): void {
    this.errors.update((errors) => [...errors, describeError(error, action)]);
  }
}

/** Puts the run in the list when it belongs there, takes it out when it no longer does. */
function place(runs: Run[] | null, run: Run, belongs: boolean): Run[] | null {
  if (runs === null) {
    return null;
  }

  const others = runs.filter((row) => row.id !== run.id);

  return belongs ? newestFirst([run, ...others]).slice(0, LIST_SIZE) : others;
}
