import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { provideDashboardTesting } from '../../../testing/providers';
import { ArchivelogSwitch } from './archivelog-switch.component';

describe(ArchivelogSwitch.name, () => {
  let fixture: ComponentFixture<ArchivelogSwitch>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ role: 'admin' }) });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ArchivelogSwitch);
    fixture.componentRef.setInput('targetId', 'target-2');
    fixture.componentRef.setInput('targetName', 'LEGACY');
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function button(): HTMLButtonElement {
    return fixture.nativeElement.querySelector('[data-testid=archivelog-enable]');
  }

  async function typeName(value: string): Promise<void> {
    const input: HTMLInputElement = fixture.nativeElement.querySelector(
      '[data-testid=archivelog-confirm]',
    );
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  it('stays disabled until the exact target name is typed', async () => {
    expect(button().disabled).toBe(true);

    await typeName('legacy');
    expect(button().disabled).toBe(true);

    await typeName('LEGACY');
    expect(button().disabled).toBe(false);
  });

  it('sends the typed name as the confirmation and shows a refusal', async () => {
    await typeName('LEGACY');
    button().click();

    const request = http.expectOne('/api/v1/targets/target-2/archivelog/enable');
    expect(request.request.body).toEqual({ confirm: 'LEGACY' });
    request.flush(
      { statusCode: 409, message: 'the agent of LEGACY is offline' },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();

    expect(fixture.nativeElement.textContent).toContain('the agent of LEGACY is offline');
  });
});
