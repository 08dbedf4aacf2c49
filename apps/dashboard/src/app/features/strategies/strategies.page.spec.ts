import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { Role } from '@rampart/contracts';

import { aRun, aStrategy } from '../../../testing/factories';
import { provideDashboardTesting } from '../../../testing/providers';
import { StrategiesPage } from './strategies.page';

describe(StrategiesPage.name, () => {
  let fixture: ComponentFixture<StrategiesPage>;
  let http: HttpTestingController;
  let navigate: jest.SpyInstance;

  async function open(role: Role): Promise<void> {
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ role }) });

    http = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(StrategiesPage);
    await fixture.whenStable();
  }

  async function flushList(body: object, status = 200): Promise<void> {
    const request = http.expectOne('/api/v1/strategies');

    expect(request.request.method).toBe('GET');
    request.flush(body, { status, statusText: status === 200 ? 'OK' : 'Error' });
    await fixture.whenStable();
  }

  function query(selector: string): HTMLElement | null {
    return (fixture.nativeElement as HTMLElement).querySelector(selector);
  }

  afterEach(() => http.verify());

  it('lists name, target, type, priority, schedule, last result and enabled', async () => {
    await open('viewer');
    await flushList([
      aStrategy(),
      aStrategy({
        id: 'strategy-2',
        name: 'Archived logs',
        type: 'archivelog',
        priority: 'high',
        enabled: false,
        scheduleSummary: null,
        lastRun: { id: 'run-9', status: 'failed', finishedAt: '2026-12-04T09:00:00.000Z' },
      }),
    ]);

    const rows = [...fixture.nativeElement.querySelectorAll('tr[data-strategy-id]')].map(
      (row: HTMLElement) =>
        [...row.querySelectorAll('td')].map((cell) =>
          cell.textContent?.replace(/\s+/g, ' ').trim(),
        ),
    );

    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([
      'Nightly full',
      'DEMO',
      'full',
      'normal',
      'Every day at 01:00',
      'Never run',
      'Yes',
      '',
    ]);
    expect(rows[1].slice(0, 5)).toEqual([
      'Archived logs',
      'DEMO',
      'archivelog',
      'high',
      'Manual only',
    ]);
    expect(rows[1][5]).toMatch(/^Failed/);
    expect(rows[1][6]).toBe('No');
    expect(query('a[href="/runs/run-9"]')).not.toBeNull();
  });

  it('offers no Run now to a viewer', async () => {
    await open('viewer');
    await flushList([aStrategy()]);

    expect(query('[data-testid="run-now-Nightly full"]')).toBeNull();
  });

  it('starts a run for an operator and opens it', async () => {
    await open('operator');
    await flushList([aStrategy({ id: 'strategy-1', name: 'Nightly full' })]);

    query('[data-testid="run-now-Nightly full"]')?.click();
    await fixture.whenStable();

    const start = http.expectOne('/api/v1/strategies/strategy-1/runs');
    expect(start.request.method).toBe('POST');
    expect(start.request.headers.get('Authorization')).toBe('Bearer access-1');
    expect((query('[data-testid="run-now-Nightly full"]') as HTMLButtonElement).disabled).toBe(
      true,
    );

    start.flush(aRun({ id: 'run-42', status: 'queued' }), { status: 201, statusText: 'Created' });
    await fixture.whenStable();

    expect(navigate).toHaveBeenCalledWith(['/runs', 'run-42']);
  });

  it('shows why a run could not start and lets the user try again', async () => {
    await open('admin');
    await flushList([aStrategy()]);

    query('[data-testid="run-now-Nightly full"]')?.click();
    http
      .expectOne('/api/v1/strategies/strategy-1/runs')
      .flush(
        { statusCode: 409, message: 'A run of this strategy is already queued' },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();

    expect(query('[data-testid=error-banner]')?.textContent).toContain(
      'Could not start Nightly full: A run of this strategy is already queued (HTTP 409).',
    );
    expect(navigate).not.toHaveBeenCalled();
    expect((query('[data-testid="run-now-Nightly full"]') as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it('says what to do when there is no strategy', async () => {
    await open('admin');
    await flushList([]);

    expect(query('[data-testid=empty-state]')?.textContent).toContain('No backup strategy yet');
  });

  it('shows a failed load and reloads on request', async () => {
    await open('admin');
    await flushList({ statusCode: 500, message: 'Internal server error' }, 500);

    expect(query('[data-testid=error-banner]')?.textContent).toContain(
      'Could not load the strategies',
    );
    expect(query('[data-testid=empty-state]')).toBeNull();

    query('[data-testid=error-banner] button')?.click();
    await flushList([aStrategy()]);

    expect(query('[data-testid=error-banner]')).toBeNull();
    expect(fixture.nativeElement.querySelectorAll('tr[data-strategy-id]')).toHaveLength(1);
  });
});
