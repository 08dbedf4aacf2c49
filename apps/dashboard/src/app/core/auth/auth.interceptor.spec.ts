import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { aLoginResponse, memoryStorage } from '../../../testing/factories';
import { provideDashboardTesting } from '../../../testing/providers';
import { AuthService } from './auth.service';
import { authInterceptor } from './auth.interceptor';
import { SESSION_KEY } from './session';

const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };

describe(authInterceptor.name, () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let storage: Storage;
  let navigate: jest.SpyInstance;

  beforeEach(() => {
    storage = memoryStorage('operator', { access: 'old-access', refresh: 'old-refresh' });
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ storage }) });

    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => backend.verify());

  function bearer(request: TestRequest): string | null {
    return request.request.headers.get('Authorization');
  }

  function refuse(request: TestRequest): void {
    request.flush({ statusCode: 401, message: 'Unauthorized' }, UNAUTHORIZED);
  }

  it('sends the access token with every API call', async () => {
    const answer = firstValueFrom(http.get('/api/v1/targets'));

    const request = backend.expectOne('/api/v1/targets');
    expect(bearer(request)).toBe('Bearer old-access');
    request.flush([]);

    await expect(answer).resolves.toEqual([]);
  });

  it('sends no token to the sign-in and refresh endpoints', () => {
    http.post('/api/v1/auth/login', {}).subscribe();

    expect(bearer(backend.expectOne('/api/v1/auth/login'))).toBeNull();
  });

  it('renews the session once on a 401 and retries with the new token', async () => {
    const answer = firstValueFrom(http.get('/api/v1/strategies'));

    refuse(backend.expectOne('/api/v1/strategies'));

    const refresh = backend.expectOne('/api/v1/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'old-refresh' });
    expect(bearer(refresh)).toBeNull();
    refresh.flush(aLoginResponse({ accessToken: 'new-access', refreshToken: 'new-refresh' }));

    const retry = backend.expectOne('/api/v1/strategies');
    expect(bearer(retry)).toBe('Bearer new-access');
    retry.flush([{ id: 's1' }]);

    await expect(answer).resolves.toEqual([{ id: 's1' }]);
    expect(JSON.parse(storage.getItem(SESSION_KEY) ?? '{}').refreshToken).toBe('new-refresh');
  });

  it('spends the refresh token once when several calls are refused together', async () => {
    const answers = Promise.all([
      firstValueFrom(http.get('/api/v1/targets')),
      firstValueFrom(http.get('/api/v1/strategies')),
    ]);

    refuse(backend.expectOne('/api/v1/targets'));
    refuse(backend.expectOne('/api/v1/strategies'));
    backend.expectOne('/api/v1/auth/refresh').flush(aLoginResponse({ accessToken: 'new' }));

    for (const url of ['/api/v1/targets', '/api/v1/strategies']) {
      const retry = backend.expectOne(url);
      expect(bearer(retry)).toBe('Bearer new');
      retry.flush(url);
    }

    await expect(answers).resolves.toEqual(['/api/v1/targets', '/api/v1/strategies']);
  });

  it('goes back to sign-in when the session cannot be renewed', async () => {
    const answer = firstValueFrom(http.get('/api/v1/runs'));

    refuse(backend.expectOne('/api/v1/runs'));
    refuse(backend.expectOne('/api/v1/auth/refresh'));

    await expect(answer).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(TestBed.inject(AuthService).isSignedIn()).toBe(false);
    expect(storage.getItem(SESSION_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/' } });
  });

  it('goes back to sign-in when even the renewed token is refused', async () => {
    const answer = firstValueFrom(http.get('/api/v1/runs'));

    refuse(backend.expectOne('/api/v1/runs'));
    backend.expectOne('/api/v1/auth/refresh').flush(aLoginResponse({ accessToken: 'new' }));
    refuse(backend.expectOne('/api/v1/runs'));

    await expect(answer).rejects.toMatchObject({ status: 401 });
    expect(TestBed.inject(AuthService).isSignedIn()).toBe(false);
    backend.expectNone('/api/v1/auth/refresh');
  });

  it('passes other errors through untouched', async () => {
    const answer = firstValueFrom(http.get('/api/v1/runs/x'));

    backend.expectOne('/api/v1/runs/x').flush({ message: 'no' }, { status: 404, statusText: 'x' });

    await expect(answer).rejects.toMatchObject({ status: 404 });
    backend.expectNone('/api/v1/auth/refresh');
    expect(TestBed.inject(AuthService).isSignedIn()).toBe(true);
  });
});
