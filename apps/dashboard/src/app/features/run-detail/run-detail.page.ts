import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { LogLine } from '@rampart/contracts';
import { filter, Subscription } from 'rxjs';

import type { Run } from '../../core/api/api.types';
import { isActiveRunState } from '../../core/api/run-states';
import { RunsService } from '../../core/api/runs.service';
import { AuthService } from '../../core/auth/auth.service';
import { saveBlob } from '../../core/http/save-blob';
import { describeError } from '../../core/http/api-error';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { ErrorBanner } from '../../ui/error-banner.component';
import { mergeLogLines } from './log-lines';
import { RunLog } from './run-log.component';
import { RunSummary } from './run-summary.component';

/**
 * One run, live: its state and progress follow the socket, and its output joins the stored log
 * with the lines streamed since, each line once.
 */
@Component({
  selector: 'rp-run-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RunSummary, RunLog, ErrorBanner, RouterLink],
  templateUrl: './run-detail.page.html',
  styleUrl: './run-detail.page.css',
})
export class RunDetailPage {
  private readonly runs = inject(RunsService);
  private readonly realtime = inject(RealtimeService);
  private readonly auth = inject(AuthService);

  /** The run id from the route. */
  readonly id = input.required<string>();

  protected readonly run = signal<Run | null>(null);
  protected readonly lines = signal<LogLine[]>([]);
  protected readonly progressDetail = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly logError = signal<string | null>(null);
  protected readonly cancelling = signal(false);
  protected readonly downloading = signal(false);
  protected readonly canCancel = computed(() => {
    const run = this.run();
    return !!run && isActiveRunState(run.status) && this.auth.can('cancel-run');
  });
  protected readonly emptyLogText = computed(() => {
    const status = this.run()?.status;

    return status === 'queued' || status === 'dispatched'
      ? 'Waiting for the agent to start this run…'
      : 'No output recorded.';
  });

  constructor() {
    effect((onCleanup) => {
      const id = this.id();
      const watching = untracked(() => this.watch(id));

      onCleanup(() => watching.unsubscribe());
    });
  }

  /** Asks the console to stop the run; the cancelled state then arrives over the socket. */
  protected cancel(): void {
    const run = this.run();
    if (!run || !confirm(`Cancel ${run.strategyName} on ${run.targetName}?`)) return;

    this.cancelling.set(true);
    this.error.set(null);
    this.runs.cancel(run.id).subscribe({
      next: () => this.cancelling.set(false),
      error: (error: unknown) => {
        this.cancelling.set(false);
        this.error.set(describeError(error, 'cancel this run'));
      },
    });
  }

  protected downloadEvidence(): void {
    const runId = this.id();
    this.downloading.set(true);
    this.error.set(null);
    this.runs.evidence(runId).subscribe({
      next: (blob) => {
        this.downloading.set(false);
        saveBlob(blob, `rampart-run-${runId}-evidence.pdf`);
      },
      error: (error: unknown) => {
        this.downloading.set(false);
        this.error.set(describeError(error, 'download the evidence'));
      },
    });
  }

  protected reload(): void {
    this.load(this.id());
  }

  /** Socket first, then the stored state, so nothing said in between is lost. */
  private watch(runId: string): Subscription {
    const watching = new Subscription();

    this.run.set(null);
    this.lines.set([]);
    this.progressDetail.set(null);

    watching.add(this.realtime.followRunLog(runId).subscribe((lines) => this.addLines(lines)));
    watching.add(
      this.realtime
        .runUpdates()
        .pipe(filter((run) => run.id === runId))
        .subscribe((run) => this.onUpdate(run)),
    );
    watching.add(
      this.realtime.runProgress(runId).subscribe((progress) => {
        this.run.update((run) => run && { ...run, progress: progress.percent });
        this.progressDetail.set(progress.detail ?? null);
      }),
    );
    watching.add(this.load(runId));

    return watching;
  }

  private load(runId: string): Subscription {
    const loading = new Subscription();

    this.error.set(null);
    this.logError.set(null);

    loading.add(
      this.runs.get(runId).subscribe({
        // A socket update may already have brought a newer state than this answer.
        next: (run) => this.run.update((current) => current ?? run),
        error: (error: unknown) => this.error.set(describeError(error, 'load this run')),
      }),
    );
    loading.add(this.loadLog(runId));

    return loading;
  }

  private loadLog(runId: string): Subscription {
    return this.runs.log(runId).subscribe({
      next: (log) => this.addLines(log.lines),
      error: (error: unknown) => this.logError.set(describeError(error, 'load the run output')),
    });
  }

  private onUpdate(run: Run): void {
    const previous = this.run();
    const wasActive = previous !== null && isActiveRunState(previous.status);

    this.run.set(run);

    // The run just ended: read the stored log once more to fill any line the socket missed.
    if (wasActive && !isActiveRunState(run.status)) {
      this.loadLog(run.id);
    }
  }

  private addLines(lines: readonly LogLine[]): void {
    this.lines.update((current) => mergeLogLines(current, lines));
  }
}
