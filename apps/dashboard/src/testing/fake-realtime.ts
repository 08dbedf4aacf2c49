import { signal } from '@angular/core';
import type { LogLine } from '@rampart/contracts';
import { filter, finalize, map, Observable, Subject } from 'rxjs';

import type { Run } from '../app/core/api/api.types';
import type { RealtimeState } from '../app/core/realtime/realtime.service';
import type { RunProgressUpdate } from '../app/core/realtime/realtime.types';

/** Stands in for RealtimeService: tests push socket events by hand. */
export class FakeRealtime {
  readonly state = signal<RealtimeState>('live');
  readonly followed: string[] = [];

  private readonly updates = new Subject<Run>();
  private readonly progress = new Subject<RunProgressUpdate>();
  private readonly logs = new Subject<{ runId: string; lines: LogLine[] }>();

  connect(): void {
    this.state.set('live');
  }

  runUpdates(): Observable<Run> {
    return this.updates;
  }

  runProgress(runId?: string): Observable<RunProgressUpdate> {
    return this.progress.pipe(filter((p) => !runId || p.runId === runId));
  }

  followRunLog(runId: string): Observable<LogLine[]> {
    this.followed.push(runId);

    return this.logs.pipe(
      filter((batch) => batch.runId === runId),
      map((batch) => batch.lines),
      finalize(() => this.followed.splice(this.followed.indexOf(runId), 1)),
    );
  }

  emitRun(run: Run): void {
    this.updates.next(run);
  }

  emitProgress(update: RunProgressUpdate): void {
    this.progress.next(update);
  }

  emitLog(runId: string, lines: LogLine[]): void {
    this.logs.next({ runId, lines });
  }
}
