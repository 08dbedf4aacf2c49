import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  ArchivelogStatus,
  ConnectionTest,
  TargetCatalog,
  TargetSettings,
} from './admin.types';
import type { Target } from './api.types';

const TARGETS_API = '/api/v1/targets';

function one(id: string, action = ''): string {
  return `${TARGETS_API}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
}

@Injectable({ providedIn: 'root' })
export class TargetsService {
  private readonly http = inject(HttpClient);

  list(): Observable<Target[]> {
    return this.http.get<Target[]>(TARGETS_API);
  }

  get(id: string): Observable<Target & Partial<TargetSettings>> {
    return this.http.get<Target & Partial<TargetSettings>>(one(id));
  }

  /** Tablespaces, schemas and tables as the agent last inspected them. */
  catalog(id: string): Observable<TargetCatalog> {
    return this.http.get<TargetCatalog>(one(id, 'catalog'));
  }

  create(settings: TargetSettings): Observable<Target> {
    return this.http.post<Target>(TARGETS_API, settings);
  }

  update(id: string, settings: TargetSettings): Observable<Target> {
    return this.http.put<Target>(one(id), settings);
  }

  testConnection(id: string): Observable<ConnectionTest> {
    return this.http.post<ConnectionTest>(one(id, 'test-connection'), null);
  }

  archivelog(id: string): Observable<ArchivelogStatus> {
    return this.http.get<ArchivelogStatus>(one(id, 'archivelog'));
  }

  /** Switches the database to ARCHIVELOG (it restarts); `confirm` is the target's name. */
  enableArchivelog(id: string, confirm: string): Observable<unknown> {
    return this.http.post(one(id, 'archivelog/enable'), { confirm });
  }
}
