import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { aRun, aTarget } from '../../../testing/factories';
import { FakeRealtime } from '../../../testing/fake-realtime';
import { provideDashboardTesting } from '../../../testing/providers';
import { OverviewPage } from './overview.page';

describe(OverviewPage.name, () => {
  let fixture: ComponentFixture<OverviewPage>;
  let http: HttpTestingController;
  let realtime: FakeRealtime;

  beforeEach(async () => {
    realtime = new FakeRealtime();
    TestBed.configureTestingModule({
      providers: provideDashboardTesting({ role: 'viewer', realtime }),
    });

    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(OverviewPage);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function flushRuns(status: string, runs = [] as ReturnType<typeof aRun>[]): void {
    http
      .expectOne((r) => r.url === '/api/v1/runs' && r.params.get('status') === status)
      .flush({ items: runs, nextCursor: null });
  }

  function section(testId: string): HTMLElement {
    return fixture.nativeElement.querySelector(`[data-testid=${testId}]`);
  }

  async function flushAll(): Promise<void> {
    http
      .expectOne('/api/v1/targets')
      .flush([
        aTarget(),
        aTarget({ id: 't2', name: 'HR', logMode: 'NOARCHIVELOG', agentOnline: false }),
      ]);
    flushRuns('queued');
    flushRuns('dispatched');
    flushRuns('running', [aRun({ id: 'r1', progress: 20 })]);
    flushRuns('failed', [aRun({ id: 'r0', status: 'failed', errorCodes: ['ORA-19809'] })]);
    flushRuns('interrupted');
    flushRuns('missed');
    await fixture.whenStable();
  }

  it('warns about NOARCHIVELOG and an offline agent', async () => {
    await flushAll();

    expect(section('target-HR').textContent).toContain('NOARCHIVELOG');
    expect(section('agent-state-HR').textContent?.trim()).toBe('Agent offline');
    expect(section('agent-state-DEMO').textContent?.trim()).toBe('Agent online');
    expect(section('attention-count').textContent).toContain('1 target(s)');
  });

  it('shows runs in progress with live progress, and failures as they happen', async () => {
    await flushAll();

    const bar = () => section('overview-active').querySelector('[role=progressbar]');
    expect(bar()?.getAttribute('aria-valuenow')).toBe('20');
    expect(section('overview-failures').textContent).toContain('ORA-19809');

    realtime.emitProgress({ runId: 'r1', percent: 65 });
    await fixture.whenStable();
    expect(bar()?.getAttribute('aria-valuenow')).toBe('65');

    realtime.emitRun(aRun({ id: 'r1', status: 'failed', errorCodes: ['ORA-27072'] }));
    await fixture.whenStable();
    expect(bar()).toBeNull();
    expect(section('overview-failures').textContent).toContain('ORA-27072');
  });
});
