import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import type { NotificationRecord } from '../../core/api/admin.types';
import { provideDashboardTesting } from '../../../testing/providers';
import { settle } from '../../../testing/settle';
import { NotificationsPage } from './notifications.page';

function aNotification(id: string, overrides: Partial<NotificationRecord> = {}) {
  return {
    id,
    runId: null,
    event: 'failed',
    status: 'sent',
    recipients: ['dba@example.com'],
    subject: `[Rampart] run ${id} failed`,
    attempts: 1,
    lastResponse: '250 2.0.0 Ok: queued',
    createdAt: '2026-12-04T10:00:00Z',
    ...overrides,
  } satisfies NotificationRecord;
}

describe(NotificationsPage.name, () => {
  let fixture: ComponentFixture<NotificationsPage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting({ role: 'viewer' }) });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(NotificationsPage);
    await fixture.whenStable();
    http.expectOne('/api/v1/notifications/rules').flush([]);
  });

  afterEach(() => http.verify());

  function query(selector: string): HTMLElement | null {
    return fixture.nativeElement.querySelector(selector);
  }

  function rowIds(): string[] {
    return [...fixture.nativeElement.querySelectorAll('[data-notification-id]')].map(
      (row: HTMLElement) => row.dataset['notificationId'] ?? '',
    );
  }

  async function flushPage(
    expected: { cursor: string | null; status: string | null },
    items: NotificationRecord[],
    next: string | null,
  ) {
    const request = http.expectOne((r) => r.url === '/api/v1/notifications');

    expect(request.request.params.get('cursor')).toBe(expected.cursor);
    expect(request.request.params.get('status')).toBe(expected.status);
    request.flush({ items, nextCursor: next });
    await settle(fixture);
  }

  async function chooseStatus(status: string): Promise<void> {
    const select = query('[data-testid=filter-notification-status]') as HTMLSelectElement;
    select.value = status;
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();
  }

  it('loads the older messages with the same filter, through the cursor', async () => {
    await flushPage({ cursor: null, status: null }, [aNotification('n9')], null);
    await chooseStatus('failed');
    await flushPage({ cursor: null, status: 'failed' }, [aNotification('n5')], 'c5');

    query('[data-testid=notifications-load-more]')?.click();
    await flushPage({ cursor: 'c5', status: 'failed' }, [aNotification('n3')], null);

    expect(rowIds()).toEqual(['n5', 'n3']);
    expect(query('[data-testid=notifications-count]')?.textContent).toContain('2 shown');
    expect(query('[data-testid=notifications-load-more]')).toBeNull();
  });

  it('starts again from the newest page when the filter changes after "Load more"', async () => {
    await flushPage({ cursor: null, status: null }, [aNotification('n9')], 'c9');
    query('[data-testid=notifications-load-more]')?.click();
    await flushPage({ cursor: 'c9', status: null }, [aNotification('n8')], 'c8');

    await chooseStatus('sent');
    await flushPage({ cursor: null, status: 'sent' }, [aNotification('n9')], null);

    expect(rowIds()).toEqual(['n9']);
  });

  it("shows the server's answer of a message that could not be delivered", async () => {
    const failed = aNotification('n1', {
      status: 'failed',
      lastResponse: '550 5.1.1 mailbox unavailable',
    });
    await flushPage({ cursor: null, status: null }, [failed, aNotification('n0')], null);

    const status = (id: string) =>
      query(`[data-notification-id=${id}] td:nth-child(3)`)?.textContent?.trim();
    expect(status('n1')).toBe('failed — 550 5.1.1 mailbox unavailable');
    expect(status('n0')).toBe('sent');
  });
});
