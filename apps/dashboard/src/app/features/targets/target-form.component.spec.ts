import { ComponentFixture, TestBed } from '@angular/core/testing';

import type { Agent, TargetSettings } from '../../core/api/admin.types';
import { provideDashboardTesting } from '../../../testing/providers';
import { TargetForm } from './target-form.component';

const AGENT: Agent = { id: 'agent-1', name: 'db-host-1', online: true, lastSeenAt: null };

describe(TargetForm.name, () => {
  let fixture: ComponentFixture<TargetForm>;
  let saved: TargetSettings[];

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ role: 'admin' }) });
    fixture = TestBed.createComponent(TargetForm);
    fixture.componentRef.setInput('agents', [AGENT]);
    fixture.componentRef.setInput('isNew', true);
    saved = [];
    fixture.componentInstance.save.subscribe((settings) => saved.push(settings));
    await fixture.whenStable();
  });

  function field(testId: string): HTMLInputElement | HTMLSelectElement | null {
    return fixture.nativeElement.querySelector(`[data-testid=${testId}]`);
  }

  async function enter(testId: string, value: string): Promise<void> {
    const input = field(testId) as HTMLInputElement | HTMLSelectElement;
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    (field('target-save') as HTMLInputElement).click();
    await fixture.whenStable();
  }

  it('sends an OS-authenticated target as the console reads it, with no credentials', async () => {
    await enter('target-name', ' prod ');
    await enter('target-agent', 'agent-1');
    await enter('target-oracleHome', '/u01/app/oracle/product/19c');
    await enter('target-oracleSid', 'PROD');
    expect(field('target-password')).toBeNull();

    await submit();

    expect(saved).toEqual([
      {
        name: 'prod',
        agentId: 'agent-1',
        oracleHome: '/u01/app/oracle/product/19c',
        oracleSid: 'PROD',
        auth: 'os',
        connectString: null,
        username: null,
        schedulerOsUser: null,
      },
    ]);
  });

  it('sends the Scheduler OS account, with its password only when typed', async () => {
    await enter('target-name', 'PROD');
    await enter('target-agent', 'agent-1');
    expect(field('target-schedulerOsPassword')).toBeNull();
    await enter('target-schedulerOsUser', ' oracle ');
    await enter('target-schedulerOsPassword', 'os-pass-1');

    await submit();
    await enter('target-schedulerOsPassword', '');
    await submit();

    expect(saved[0]).toMatchObject({ schedulerOsUser: 'oracle', schedulerOsPassword: 'os-pass-1' });
    expect(saved[1].schedulerOsUser).toBe('oracle');
    expect(saved[1]).not.toHaveProperty('schedulerOsPassword');
  });

  it('asks for Oracle Net settings and a password only for password authentication', async () => {
    await enter('target-name', 'REMOTE');
    await enter('target-agent', 'agent-1');
    await enter('target-auth', 'password');
    await enter('target-connectString', 'db1:1521/REMOTE');
    await enter('target-username', 'c##rampart');
    await enter('target-password', 's3cret-pass');

    await submit();

    expect(saved[0]).toMatchObject({
      auth: 'password',
      oracleHome: null,
      connectString: 'db1:1521/REMOTE',
      username: 'c##rampart',
      password: 's3cret-pass',
    });
  });
});
