import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { RunState } from '@rampart/contracts';
import { forkJoin, map, Observable } from 'rxjs';

import type { Run, RunFilters, RunLog, RunPage } from './api.types';

const RUNS_API = '/api/v1/runs';

export type ExportFormat = 'csv' | 'pdf';

export interface RunQuery extends RunFilters {
  limit?: number;
  cursor?: string | null;
}

@Injectable({ providedIn: 'root' })
export class RunsService {
  private readonly http = inject(HttpClient);

  /** One page of the run log, newest first. */
  list(query: RunQuery = {}): Observable<RunPage> {
    return this.http.get<RunPage>(RUNS_API, { params: toParams(query) });
  }

  /**
   * The newest runs in any of several states, newest first.
   * TODO: one call once the console accepts a list of states in `status`.
   */
  listInStates(states: readonly RunState[], limit: number): Observable<Run[]> {
    const pages = states.map((status) => this.list({ status, limit }));

    return forkJoin(pages).pipe(
      map((results) => results.flatMap((page) => page.items)),
      map((runs) => newestFirst(runs).slice(0, limit)),
    );
  }

  get(runId: string): Observable<Run> {
    return this.http.get<Run>(`${RUNS_API}/${encodeURIComponent(runId)}`);
  }

  log(runId: string): Observable<RunLog> {
    return this.http.get<RunLog>(`${RUNS_API}/${encodeURIComponent(runId)}/log`);
  }

  /** Asks the agent to stop the run; the final state arrives over the socket. */
  cancel(runId: string): Observable<unknown> {
    return this.http.post(`${RUNS_API}/${encodeURIComponent(runId)}/cancel`, null);
  }

  /** The run's evidence report (state, timings, pieces, script, log) as a PDF. */
  evidence(runId: string): Observable<Blob> {
    return this.http.get(`${RUNS_API}/${encodeURIComponent(runId)}/evidence.pdf`, {
      responseType: 'blob',
    });
  }

  /** The filtered run log as a file; fetched with the bearer token, not a plain link. */
  export(format: ExportFormat, filters: RunFilters): Observable<Blob> {
    return this.http.get(`${RUNS_API}/export.${format}`, {
      params: toParams(filters),
      responseType: 'blob',
    });
  }
}

function toParams(query: RunQuery): HttpParams {
  let params = new HttpParams();

  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params = params.set(key, String(value));
    }
  }

  return params;
}

/** The time the console sorts runs by (queued), or else when it was planned or started. */
export function runTime(run: Run): number {
  return Date.parse(run.queuedAt ?? run.scheduledAt ?? run.startedAt ?? '') || 0;
}

export function newestFirst(runs: readonly Run[]): Run[] {
  return [...runs].sort((a, b) => runTime(b) - runTime(a));
}
