import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { StrategyDetail, StrategyDraftDocument, StrategyPreview } from './admin.types';
import type { Run, StrategySummary } from './api.types';

const STRATEGIES_API = '/api/v1/strategies';

function one(id: string, action = ''): string {
  return `${STRATEGIES_API}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
}

@Injectable({ providedIn: 'root' })
export class StrategiesService {
  private readonly http = inject(HttpClient);

  list(): Observable<StrategySummary[]> {
    return this.http.get<StrategySummary[]>(STRATEGIES_API);
  }

  get(id: string): Observable<StrategyDetail> {
    return this.http.get<StrategyDetail>(one(id));
  }

  /** Queues a manual run of the strategy; the console answers with the new run. */
  runNow(strategyId: string): Observable<Run> {
    return this.http.post<Run>(one(strategyId, 'runs'), null);
  }

  /** The exact script, scheduler PL/SQL and next runs the console would produce. */
  preview(document: StrategyDraftDocument): Observable<StrategyPreview> {
    return this.http.post<StrategyPreview>(`${STRATEGIES_API}/preview`, document);
  }

  /** Creates (no id) or replaces a strategy; warnings are acknowledged on a second try. */
  save(
    document: StrategyDraftDocument,
    id: string | null,
    acknowledgeWarnings = false,
  ): Observable<StrategyDetail> {
    const params = acknowledgeWarnings
      ? new HttpParams().set('acknowledgeWarnings', 'true')
      : undefined;
    return id
      ? this.http.put<StrategyDetail>(one(id), document, { params })
      : this.http.post<StrategyDetail>(STRATEGIES_API, document, { params });
  }

  clone(id: string, name: string): Observable<StrategyDetail> {
    return this.http.post<StrategyDetail>(one(id, 'clone'), { name });
  }

  setEnabled(id: string, enabled: boolean): Observable<unknown> {
    return this.http.post(one(id, enabled ? 'enable' : 'disable'), null);
  }

  remove(id: string): Observable<unknown> {
    return this.http.delete(one(id));
  }

  /** The strategy file a DBA keeps in version control. */
  export(id: string): Observable<Blob> {
    return this.http.get(one(id, 'export'), { responseType: 'blob' });
  }

  import(file: unknown): Observable<StrategyDetail | StrategyDetail[]> {
    return this.http.post<StrategyDetail | StrategyDetail[]>(`${STRATEGIES_API}/import`, file);
  }
}
