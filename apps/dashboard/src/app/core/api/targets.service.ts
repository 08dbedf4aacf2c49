import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { Target } from './api.types';

@Injectable({ providedIn: 'root' })
export class TargetsService {
  private readonly http = inject(HttpClient);

  list(): Observable<Target[]> {
    return this.http.get<Target[]>('/api/v1/targets');
  }
}
