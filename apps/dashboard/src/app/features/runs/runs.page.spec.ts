import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { aRun, aTarget } from '../../../testing/factories';
import { FakeRealtime } from '../../../testing/fake-realtime';
import { provideDashboardTesting } from '../../../testing/providers';
import { settle } from '../../../testing/settle';
import { RunsPage } from './runs.page';

describe(RunsPage.name, () => {
  let fixture: ComponentFixture<RunsPage>;
  let http: HttpTestingController;
  let realtime: FakeRealtime;

  beforeEach(async () => {
    realtime = new FakeRealtime();
    TestBed.configureTestingModule({
      providers: provideDashboardTesting({ role: 'viewer', realtime }),
    });

    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RunsPage);
    fixture.componentRef.setInput('status', 'failed');
    await fixture.whenStable();
    http.expectOne('/api/v1/targets').flush([aTarget()]);
  });

  afterEach(() => http.verify());

  function rowIds(): string[] {
    return [
      ...fixture.nativeElement.querySelectorAll('[data-testid=runs-table] [data-run-id]'),
    ].map((row: HTMLElement) => row.dataset['runId'] ?? '');
  }

  function click(testId: string): void {
    fixture.nativeElement.querySelector(`[data-testid=${testId}]`).click();
  }

  async function flushPage(cursor: string | null, ids: string[], next: string | null) {
    const request = http.expectOne((r) => r.url === '/api/v1/runs');

    expect(request.request.params.get('status')).toBe('failed');
    expect(request.request.params.get('cursor')).toBe(cursor);
    request.flush({ items: ids.map((id) => aRun({ id, status: 'failed' })), nextCursor: next });
    await settle(fixture);
  }

  it('loads the filtered runs and the next page through the cursor', async () => {
    await flushPage(null, ['r3', 'r2'], 'c1');
    expect(rowIds()).toEqual(['r3', 'r2']);

    click('load-more');
    await flushPage('c1', ['r2', 'r1'], null);

    expect(rowIds()).toEqual(['r3', 'r2', 'r1']);
    expect(fixture.nativeElement.querySelector('[data-testid=load-more]')).toBeNull();
  });

  it('updates a row live and puts a new matching run on top', async () => {
    await flushPage(null, ['r1'], null);

    realtime.emitRun(aRun({ id: 'r2', status: 'failed', queuedAt: '2026-12-05T00:00:00Z' }));
    realtime.emitRun(aRun({ id: 'r3', status: 'succeeded', queuedAt: '2026-12-05T00:00:00Z' }));
    await settle(fixture);

    expect(rowIds()).toEqual(['r2', 'r1']);
  });

  it('exports what is filtered as a file fetched with the token', async () => {
    await flushPage(null, ['r1'], null);
    const createObjectURL = jest.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);

    click('export-csv');
    const request = http.expectOne((r) => r.url === '/api/v1/runs/export.csv');

    expect(request.request.responseType).toBe('blob');
    expect(request.request.params.get('status')).toBe('failed');
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    request.flush(new Blob(['id\n']));

    expect(createObjectURL).toHaveBeenCalled();
  });

  it('sorts the loaded runs by a column header, then reverses on a second click', async () => {
    const request = http.expectOne((r) => r.url === '/api/v1/runs');
    request.flush({
      items: [
        aRun({ id: 'r1', strategyName: 'Beta', status: 'failed' }),
        aRun({ id: 'r2', strategyName: 'alpha', status: 'failed' }),
        aRun({ id: 'r3', strategyName: 'Gamma', status: 'failed' }),
      ],
      nextCursor: null,
    });
    await settle(fixture);

    click('sort-strategy');
    await settle(fixture);
    expect(rowIds()).toEqual(['r2', 'r1', 'r3']);

    click('sort-strategy');
    await settle(fixture);
    expect(rowIds()).toEqual(['r3', 'r1', 'r2']);
  });
});
