import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import type { AuditEvent } from '../../core/api/admin.types';
import { provideDashboardTesting } from '../../../testing/providers';
import { settle } from '../../../testing/settle';
import { AuditPage } from './audit.page';

function anEvent(id: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id,
    at: '2026-12-04T10:00:00Z',
    actorName: 'admin',
    action: 'update',
    entity: 'user',
    entityId: `user-${id}`,
    details: { role: { from: 'viewer', to: 'operator' } },
    ...overrides,
  };
}

describe(AuditPage.name, () => {
  let fixture: ComponentFixture<AuditPage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ role: 'admin' }) });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditPage);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function query(selector: string): HTMLElement | null {
    return fixture.nativeElement.querySelector(selector);
  }

  function rowIds(): string[] {
    return [...fixture.nativeElement.querySelectorAll('[data-audit-id]')].map(
      (row: HTMLElement) => row.dataset['auditId'] ?? '',
    );
  }

  async function flushPage(cursor: string | null, events: AuditEvent[], next: string | null) {
    const request = http.expectOne((r) => r.url === '/api/v1/audit');

    expect(request.request.params.get('cursor')).toBe(cursor);
    request.flush({ items: events, nextCursor: next });
    await settle(fixture);
  }

  it('shows who did what from the fields the console sends', async () => {
    const created = anEvent('7', {
      actorName: 'alice',
      action: 'create',
      entity: 'target',
      details: { name: 'PROD' },
    });
    await flushPage(null, [created], null);

    const cells = [...fixture.nativeElement.querySelectorAll('[data-audit-id="7"] td')].map(
      (cell: HTMLElement) => cell.textContent?.trim(),
    );
    expect(cells.slice(1, 3)).toEqual(['alice', 'create']);
    expect(cells[3]).toContain('user-7');
    expect(cells[4]).toContain('"name": "PROD"');
  });

  it('shows the name of the entity when the console knows it, its id otherwise', async () => {
    await flushPage(null, [anEvent('5', { entity: 'target', entityName: 'PROD1' })], null);

    const what = fixture.nativeElement.querySelector('[data-audit-id="5"] td:nth-child(4)');
    expect(what?.textContent).toContain('PROD1');
    expect(what?.textContent).not.toContain('user-5');
  });

  it('loads the older events after the last one shown, through the cursor', async () => {
    await flushPage(null, [anEvent('9'), anEvent('8')], '8');
    expect(rowIds()).toEqual(['9', '8']);

    query('[data-testid=audit-load-more]')?.click();
    await flushPage('8', [anEvent('7'), anEvent('6')], null);

    expect(rowIds()).toEqual(['9', '8', '7', '6']);
    expect(query('[data-testid=audit-count]')?.textContent).toContain('4 shown');
    expect(query('[data-testid=audit-load-more]')).toBeNull();
  });

  it('keeps the events shown when the next page fails, and says why', async () => {
    await flushPage(null, [anEvent('9')], '9');

    query('[data-testid=audit-load-more]')?.click();
    http
      .expectOne((r) => r.url === '/api/v1/audit')
      .flush({ message: 'boom' }, { status: 500, statusText: 'Server Error' });
    await settle(fixture);

    expect(rowIds()).toEqual(['9']);
    expect(fixture.nativeElement.textContent).toContain('Could not load the audit trail: boom');
    expect(query('[data-testid=audit-load-more]')).not.toBeNull();
  });

  it('leaves sign-ins out until asked, then loads the trail again with them', async () => {
    const first = http.expectOne((r) => r.url === '/api/v1/audit');
    expect(first.request.params.get('skipAction')).toBe('login');
    first.flush({ items: [anEvent('9', { action: 'update' })], nextCursor: null });
    await settle(fixture);

    const toggle = query('[data-testid=audit-sign-ins]') as HTMLInputElement;
    toggle.checked = true;
    toggle.dispatchEvent(new Event('change'));
    const again = http.expectOne((r) => r.url === '/api/v1/audit');
    again.flush({ items: [anEvent('10', { action: 'login' }), anEvent('9')], nextCursor: null });
    await settle(fixture);

    expect(again.request.params.has('skipAction')).toBe(false);
    expect(rowIds()).toEqual(['10', '9']);
  });
});
