import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { Role } from '@rampart/contracts';

import { aRun } from '../../../testing/factories';
import { provideDashboardTesting } from '../../../testing/providers';
import { RunDetailPage } from './run-detail.page';

describe(`${RunDetailPage.name} actions`, () => {
  let fixture: ComponentFixture<RunDetailPage>;
  let http: HttpTestingController;

  async function open(role: Role, status = aRun().status): Promise<void> {
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ role }) });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RunDetailPage);
    fixture.componentRef.setInput('id', 'run-1');
    await fixture.whenStable();
    http.expectOne('/api/v1/runs/run-1').flush(aRun({ status }));
    http.expectOne('/api/v1/runs/run-1/log').flush({ lines: [] });
    await fixture.whenStable();
  }

  function button(testId: string): HTMLButtonElement | null {
    return fixture.nativeElement.querySelector(`[data-testid=${testId}]`);
  }

  afterEach(() => http.verify());

  it('offers Cancel to an operator on a running run and asks the console', async () => {
    await open('operator', 'running');
    jest.spyOn(window, 'confirm').mockReturnValue(true);

    button('cancel-run')?.click();

    const request = http.expectOne('/api/v1/runs/run-1/cancel');
    expect(request.request.method).toBe('POST');
    request.flush({ id: 'run-1', status: 'running' });
  });

  it('offers no Cancel to a viewer, nor on a finished run', async () => {
    await open('viewer', 'running');
    expect(button('cancel-run')).toBeNull();

    TestBed.resetTestingModule();
    await open('admin', 'succeeded');
    expect(button('cancel-run')).toBeNull();
  });

  it('downloads the evidence PDF with the token', async () => {
    await open('viewer', 'succeeded');
    const createObjectURL = jest.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);

    button('download-evidence')?.click();

    const request = http.expectOne('/api/v1/runs/run-1/evidence.pdf');
    expect(request.request.responseType).toBe('blob');
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
    request.flush(new Blob(['%PDF-1.4']));
    expect(createObjectURL).toHaveBeenCalled();
  });
});
