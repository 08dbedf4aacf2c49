import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentProviders, Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import type { Role } from '@rampart/contracts';

import { authInterceptor } from '../app/core/auth/auth.interceptor';
import { SESSION_STORAGE } from '../app/core/auth/session';
import { RealtimeService } from '../app/core/realtime/realtime.service';
import { FakeRealtime } from './fake-realtime';
import { memoryStorage } from './factories';

/** The app's HTTP stack against HttpTestingController, a router, a session, a fake socket. */
export function provideDashboardTesting(
  options: { role?: Role; realtime?: FakeRealtime | 'real'; storage?: Storage } = {},
): (Provider | EnvironmentProviders)[] {
  const realtime = options.realtime ?? new FakeRealtime();

  return [
    provideRouter([{ path: '**', children: [] }]),
    provideHttpClient(withInterceptors([authInterceptor])),
    provideHttpClientTesting(),
    { provide: SESSION_STORAGE, useValue: options.storage ?? memoryStorage(options.role) },
    realtime === 'real' ? [] : { provide: RealtimeService, useValue: realtime },
  ];
}
