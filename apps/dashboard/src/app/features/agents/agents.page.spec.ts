import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import type { Agent } from '../../core/api/admin.types';
import { provideDashboardTesting } from '../../../testing/providers';
import { settle } from '../../../testing/settle';
import { AgentsPage } from './agents.page';

const DBHOST: Agent = {
  id: 'agent-1',
  name: 'dbhost1',
  hostname: 'dbhost1.example',
  online: true,
  lastSeenAt: '2026-12-04T10:00:00Z',
  version: '0.1.0',
  hasSealKey: true,
};

describe(AgentsPage.name, () => {
  let fixture: ComponentFixture<AgentsPage>;
  let http: HttpTestingController;

  async function open(role: 'admin' | 'operator'): Promise<void> {
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ role }) });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AgentsPage);
    await fixture.whenStable();
    http
      .expectOne('/api/v1/agents')
      .flush([DBHOST, { ...DBHOST, id: 'agent-2', name: 'new', hasSealKey: false }]);
    await settle(fixture);
  }

  afterEach(() => http.verify());

  function byTestId(id: string): HTMLButtonElement | null {
    return fixture.nativeElement.querySelector(`[data-testid="${id}"]`);
  }

  it('resets a pinned key only after a second, explicit click', async () => {
    await open('admin');

    byTestId('reset-key-dbhost1')?.click();
    await settle(fixture);
    expect(byTestId('reset-key-new')).toBeNull();
    byTestId('confirm-reset-dbhost1')?.click();
    const reset = http.expectOne('/api/v1/agents/agent-1/seal-key/reset');
    reset.flush(null);
    http.expectOne('/api/v1/agents').flush([{ ...DBHOST, hasSealKey: false }]);
    await settle(fixture);

    expect(reset.request.method).toBe('POST');
    expect(fixture.nativeElement.textContent).toContain(
      'dbhost1: its next connection pins a new sealing key.',
    );
    expect(fixture.nativeElement.textContent).toContain('Waiting for the agent to connect');
  });

  it('offers no reset to an operator', async () => {
    await open('operator');

    expect(byTestId('reset-key-dbhost1')).toBeNull();
    expect(fixture.nativeElement.textContent).toContain('Pinned');
  });

  it("shows the console's own enrollment commands, Redis address included", async () => {
    await open('admin');
    const name = byTestId('agent-name') as unknown as HTMLInputElement;
    name.value = 'dbhost2';
    name.dispatchEvent(new Event('input'));
    await settle(fixture);

    byTestId('create-token')?.click();
    const request = http.expectOne('/api/v1/agents/enrollment-tokens');
    request.flush({
      token: 't0k3n',
      commands: {
        enroll:
          "npm run -s agent -- enroll --console 'https://rampart.example' --token 't0k3n' " +
          "--redis 'redis://rampart-redis:6379'",
        check: 'npm run -s agent -- check --oracle-home "$ORACLE_HOME" --sid "$ORACLE_SID"',
        start: 'npm run -s agent -- start',
      },
    });
    await settle(fixture);

    expect(request.request.body).toEqual({ agentName: 'dbhost2' });
    expect(byTestId('enroll-command')?.textContent).toContain(
      "--redis 'redis://rampart-redis:6379'",
    );
    expect(byTestId('check-command')?.textContent).toContain('npm run -s agent -- start');
  });
});
