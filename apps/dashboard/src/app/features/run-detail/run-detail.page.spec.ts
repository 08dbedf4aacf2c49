import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { aRun, logLines } from '../../../testing/factories';
import { FakeRealtime } from '../../../testing/fake-realtime';
import { provideDashboardTesting } from '../../../testing/providers';
import { RunDetailPage } from './run-detail.page';

describe(RunDetailPage.name, () => {
  let fixture: ComponentFixture<RunDetailPage>;
  let http: HttpTestingController;
  let realtime: FakeRealtime;

  beforeEach(async () => {
    realtime = new FakeRealtime();
    TestBed.configureTestingModule({
      providers: provideDashboardTesting({ role: 'viewer', realtime }),
    });

    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RunDetailPage);
    fixture.componentRef.setInput('id', 'run-1');
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function query(selector: string): HTMLElement | null {
    return (fixture.nativeElement as HTMLElement).querySelector(selector);
  }

  function shownSeqs(): number[] {
    return [...fixture.nativeElement.querySelectorAll('[data-testid=run-log] [data-seq]')].map(
      (line: HTMLElement) => Number(line.dataset['seq']),
    );
  }

  async function flushStored(run = aRun(), seqs = [1, 2, 3]): Promise<void> {
    http.expectOne('/api/v1/runs/run-1').flush(run);
    http.expectOne('/api/v1/runs/run-1/log').flush({ lines: logLines(...seqs) });
    await fixture.whenStable();
  }

  it('shows the run: status, progress, pieces, script', async () => {
    await flushStored(aRun({ status: 'running', progress: 40, pieces: 2 }));

    expect(query('[data-testid=run-status]')?.dataset['status']).toBe('running');
    expect(query('[role=progressbar]')?.getAttribute('aria-valuenow')).toBe('40');
    expect(query('[data-testid=run-pieces]')?.textContent?.trim()).toBe('2');
    expect(query('[data-testid=run-script]')?.textContent).toContain('BACKUP DATABASE;');
    expect(realtime.followed).toEqual(['run-1']);
  });

  it('joins stored and streamed lines, each line once and in order', async () => {
    realtime.emitLog('run-1', logLines(3, 4));
    await flushStored(aRun(), [1, 2, 3]);

    realtime.emitLog('run-1', logLines(4, 5, 6));
    realtime.emitLog('run-1', logLines(6, 5));
    realtime.emitLog('run-2', logLines(7));
    await fixture.whenStable();

    expect(shownSeqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(query('[data-testid=run-log]')?.textContent).toContain('line 6');
  });

  it('follows status and progress live, then reads the stored log once more', async () => {
    await flushStored(aRun({ status: 'running', progress: 10 }), [1]);

    realtime.emitProgress({ runId: 'run-1', percent: 75, detail: 'piece 3 of 4' });
    await fixture.whenStable();
    expect(query('[role=progressbar]')?.getAttribute('aria-valuenow')).toBe('75');
    expect(query('[data-testid=run-progress]')?.textContent).toContain('piece 3 of 4');

    realtime.emitRun(aRun({ status: 'succeeded', progress: 100, pieces: 4 }));
    await fixture.whenStable();

    http.expectOne('/api/v1/runs/run-1/log').flush({ lines: logLines(1, 2) });
    await fixture.whenStable();

    expect(query('[data-testid=run-status]')?.dataset['status']).toBe('succeeded');
    expect(query('[data-testid=run-status]')?.textContent?.trim()).toBe('Succeeded');
    expect(query('[data-testid=run-progress]')).toBeNull();
    expect(shownSeqs()).toEqual([1, 2]);
  });

  it('explains a failure with its error code', async () => {
    await flushStored(
      aRun({
        status: 'failed',
        errorCodes: ['ORA-19502', 'ORA-27072'],
        primaryError: 'ORA-19502: write error on file',
        explanation: { cause: 'The backup disk is full.', nextStep: 'Free space and rerun.' },
      }),
    );

    const error = query('[data-testid=run-error]')?.textContent ?? '';

    expect(error).toContain('ORA-19502');
    expect(error).toContain('The backup disk is full.');
    expect(error).toContain('Free space and rerun.');
  });

  it('shows a run that cannot be loaded', async () => {
    http
      .expectOne('/api/v1/runs/run-1')
      .flush({ statusCode: 404, message: 'Run not found' }, { status: 404, statusText: 'x' });
    http.expectOne('/api/v1/runs/run-1/log').flush({ lines: [] });
    await fixture.whenStable();

    expect(query('[data-testid=error-banner]')?.textContent).toContain(
      'Could not load this run: Run not found (HTTP 404).',
    );
  });

  it('stops following the run when left', async () => {
    await flushStored();

    fixture.destroy();

    expect(realtime.followed).toEqual([]);
  });
});
