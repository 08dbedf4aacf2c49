import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';

import type { StrategyPreview } from '../../core/api/admin.types';
import { aTarget } from '../../../testing/factories';
import { provideDashboardTesting } from '../../../testing/providers';
import { StrategyWizardPage } from './strategy-wizard.page';

function aPreview(overrides: Partial<StrategyPreview> = {}): StrategyPreview {
  return {
    tool: 'rman',
    script: 'RUN {\n  BACKUP DATABASE;\n}',
    warnings: [],
    findings: [],
    schedulerPlsql: "BEGIN DBMS_SCHEDULER.CREATE_JOB(job_name => 'RAMPART_1'); END;",
    calendar: {
      expression: 'FREQ=DAILY;BYHOUR=1;BYMINUTE=0;BYSECOND=0',
      startDate: '2026-12-04T00:00:00',
      timezone: 'UTC',
    },
    nextRuns: ['2026-12-05T00:00:00.000Z', '2026-12-06T00:00:00.000Z'],
    ...overrides,
  };
}

describe(StrategyWizardPage.name, () => {
  let fixture: ComponentFixture<StrategyWizardPage>;
  let http: HttpTestingController;
  let navigate: jest.SpyInstance;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ role: 'operator' }) });
    http = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(StrategyWizardPage);
    await fixture.whenStable();
    http
      .expectOne('/api/v1/targets')
      .flush([aTarget(), aTarget({ id: 'target-2', name: 'LEGACY', logMode: 'NOARCHIVELOG' })]);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function el<T extends HTMLElement = HTMLElement>(testId: string): T | null {
    return (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${testId}"]`);
  }

  async function type(testId: string, value: string, event = 'input'): Promise<void> {
    const field = el<HTMLInputElement | HTMLSelectElement>(testId);
    if (!field) throw new Error(`no field ${testId}`);
    field.value = value;
    field.dispatchEvent(new Event(event));
    await fixture.whenStable();
  }

  async function click(testId: string): Promise<void> {
    el(testId)?.click();
    await fixture.whenStable();
  }

  function step(): string | undefined {
    return el('wizard-step-target')
      ? 'target'
      : (fixture.nativeElement as HTMLElement)
          .querySelector('[data-testid^=wizard-step-]')
          ?.getAttribute('data-testid')
          ?.replace('wizard-step-', '');
  }

  async function chooseTarget(name: string, catalog: object | null = null): Promise<void> {
    await type('wizard-target', name, 'change');
    const id = name === 'DEMO' ? 'target-1' : 'target-2';
    const request = http.expectOne(`/api/v1/targets/${id}/catalog`);
    if (catalog) request.flush(catalog);
    else request.flush({ message: `Cannot GET /api/v1/targets/${id}/catalog` }, NOT_FOUND);
    await fixture.whenStable();
  }

  async function walkTo(wanted: string): Promise<void> {
    while (step() !== wanted) {
      await click('wizard-next');
      if (step() === 'schedule' || step() === 'review') answerPreview(aPreview());
      await fixture.whenStable();
    }
  }

  function answerPreview(preview: StrategyPreview): TestRequest {
    const request = http.expectOne('/api/v1/strategies/preview');
    request.flush(preview);
    return request;
  }

  it('will not leave the first step without a target and a name', async () => {
    await click('wizard-next');

    expect(step()).toBe('target');
    expect(el('field-error-target')?.textContent).toContain('choose the database');
    expect(el('field-error-name')?.textContent).toContain('must not be empty');
  });

  it('offers the catalog objects of the chosen target in the pickers', async () => {
    await chooseTarget('DEMO', {
      inspectedAt: '2026-12-04T10:00:00Z',
      tablespaces: [
        { name: 'USERS', contents: 'PERMANENT', status: 'ONLINE' },
        { name: 'TEMP', contents: 'TEMPORARY', status: 'ONLINE' },
      ],
      schemas: ['HR', 'SALES'],
      tables: [{ owner: 'HR', name: 'EMPLOYEES' }],
      logMode: 'ARCHIVELOG',
      recoveryArea: null,
    });
    await type('wizard-name', 'HR export');
    await click('wizard-next');
    (fixture.nativeElement.querySelector('input[value=partial]') as HTMLInputElement).click();
    await click('wizard-next');

    const schemas = el('picker-schemas')?.textContent ?? '';
    expect(schemas).toContain('HR');
    expect(schemas).toContain('SALES');
    expect(el('picker-tables')?.textContent).toContain('HR.EMPLOYEES');
    expect(el('picker-tablespaces')?.textContent).toContain('USERS');
    expect(el('picker-tablespaces')?.textContent).not.toContain('TEMP');
  });

  it('warns on the options step that a NOARCHIVELOG target cannot be backed up open', async () => {
    await chooseTarget('LEGACY');
    await type('wizard-name', 'Legacy full');
    await walkTo('options');

    expect(el('archivelog-warning')?.textContent).toContain('NOARCHIVELOG');
    await click('wizard-back');
    expect(el('wizard-step-objects')).not.toBeNull();
  });

  it('notes the licence that LOW, MEDIUM and HIGH compression need', async () => {
    await chooseTarget('DEMO');
    await type('wizard-name', 'Nightly');
    await walkTo('options');
    expect(el('licence-note')).toBeNull();

    await type('wizard-compression', 'medium', 'change');

    expect(el('licence-note')?.textContent).toContain('Advanced Compression Option');
  });

  it('shows the next runs, then the exact script and scheduler job before saving', async () => {
    await chooseTarget('DEMO');
    await type('wizard-name', 'Nightly');
    await walkTo('schedule');

    expect(el('next-runs')?.querySelectorAll('li')).toHaveLength(2);
    await type('wizard-time', '03:15');
    expect(el('next-runs')).toBeNull();
    expect(el('next-runs-stale')).not.toBeNull();
    await walkTo('review');
    expect(el('preview-script')?.textContent).toContain('BACKUP DATABASE;');
    expect(el('preview-plsql')?.textContent).toContain('DBMS_SCHEDULER.CREATE_JOB');

    await click('wizard-save');
    const save = http.expectOne('/api/v1/strategies');
    expect(save.request.method).toBe('POST');
    expect(save.request.body).toMatchObject({ name: 'Nightly', target: 'DEMO', type: 'full' });
    save.flush({ id: 's1' }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/strategies']);
  });

  it('puts a field refused by the console next to its field, on its step', async () => {
    await chooseTarget('DEMO');
    await type('wizard-name', 'Nightly');
    await walkTo('review');

    await click('wizard-save');
    http.expectOne('/api/v1/strategies').flush(
      {
        statusCode: 400,
        message: 'options.destination.path must be absolute',
        problems: [{ field: 'options.destination.path', message: 'must be absolute' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();

    expect(step()).toBe('options');
    expect(el('field-error-options.destination.path')?.textContent).toContain('must be absolute');
  });

  it('saves with acknowledgeWarnings only after the user accepts the warnings', async () => {
    await chooseTarget('DEMO');
    await type('wizard-name', 'Nightly');
    await walkTo('review');

    await click('wizard-save');
    http.expectOne('/api/v1/strategies').flush(
      {
        statusCode: 409,
        message: 'warnings need acknowledging',
        warnings: [{ severity: 'warning', code: 'NO_RETENTION', field: null, message: 'No X' }],
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    expect(el('acknowledge-warnings')?.textContent).toContain('No X');
    expect(navigate).not.toHaveBeenCalled();

    await click('wizard-save-anyway');
    const retry = http.expectOne((r) => r.url === '/api/v1/strategies');
    expect(retry.request.params.get('acknowledgeWarnings')).toBe('true');
    retry.flush({ id: 's1' });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/strategies']);
  });

  it('says the console cannot preview yet when the preview endpoint answers 404', async () => {
    await chooseTarget('DEMO');
    await type('wizard-name', 'Nightly');
    await walkTo('notifications');
    await click('wizard-next');

    http
      .expectOne('/api/v1/strategies/preview')
      .flush({ message: 'Cannot POST /api/v1/strategies/preview' }, NOT_FOUND);
    await fixture.whenStable();

    expect(el('preview-note')?.textContent).toContain('cannot preview strategies yet');
    expect(el('wizard-save')).not.toBeNull();
  });

  it('lists the findings when the console refuses the strategy (422)', async () => {
    await chooseTarget('DEMO');
    await type('wizard-name', 'Nightly');
    await walkTo('notifications');
    await click('wizard-next');

    http.expectOne('/api/v1/strategies/preview').flush(
      {
        statusCode: 422,
        message: 'refused',
        findings: [{ severity: 'error', code: 'NOARCHIVELOG_ONLINE', field: null, message: 'x' }],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await fixture.whenStable();

    expect(el('preview-finding')?.textContent).toContain('NOARCHIVELOG_ONLINE');
  });
});

const NOT_FOUND = { status: 404, statusText: 'Not Found' };
