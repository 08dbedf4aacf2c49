import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { Run, StrategySummary } from './api.types';

@Injectable({ providedIn: 'root' })
export class StrategiesService {
  private readonly http = inject(HttpClient);

  list(): Observable<StrategySummary[]> {
    return this.http.get<StrategySummary[]>('/api/v1/strategies');
  }

  /** Queues a manual run of the strategy; the console answers with the new run. */
  runNow(strategyId: string): Observable<Run> {
    return this.http.post<Run>(`/api/v1/strategies/${encodeURIComponent(strategyId)}/runs`, null);
  }
}
