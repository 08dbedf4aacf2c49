import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Role } from '@rampart/contracts';
import { map, Observable } from 'rxjs';

import type {
  Agent,
  AuditEvent,
  EnrollmentToken,
  NotificationFilters,
  NotificationRecord,
  NotificationRule,
  SmtpSettings,
  User,
} from './admin.types';

const API = '/api/v1';

/** One page of a keyset-paginated list. */
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Agents, server settings, notifications, users and the audit trail. */
@Injectable({ providedIn: 'root' })
export class AdminService {
  private readonly http = inject(HttpClient);

  agents(): Observable<Agent[]> {
    return this.http.get<Agent[]>(`${API}/agents`);
  }

  enrollmentToken(agentName: string): Observable<EnrollmentToken> {
    return this.http.post<EnrollmentToken>(`${API}/agents/enrollment-tokens`, { agentName });
  }

  smtp(): Observable<SmtpSettings | null> {
    return this.http.get<SmtpSettings | null>(`${API}/settings/smtp`);
  }

  saveSmtp(settings: SmtpSettings): Observable<SmtpSettings> {
    return this.http.put<SmtpSettings>(`${API}/settings/smtp`, settings);
  }

  sendTestMail(to: string): Observable<unknown> {
    return this.http.post(`${API}/settings/smtp/test`, { to });
  }

  notifications(filters: NotificationFilters): Observable<NotificationRecord[]> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(filters)) {
      if (value) params = params.set(key, String(value));
    }
    // TODO: offer "Load more" with nextCursor; the first page is the newest 100.
    return this.http
      .get<Page<NotificationRecord>>(`${API}/notifications`, { params })
      .pipe(map((page) => page.items));
  }

  rules(): Observable<NotificationRule[]> {
    return this.http.get<NotificationRule[]>(`${API}/notifications/rules`);
  }

  saveRule(rule: NotificationRule): Observable<NotificationRule> {
    return rule.id
      ? this.http.put<NotificationRule>(`${API}/notifications/rules/${rule.id}`, rule)
      : this.http.post<NotificationRule>(`${API}/notifications/rules`, rule);
  }

  removeRule(id: string): Observable<unknown> {
    return this.http.delete(`${API}/notifications/rules/${encodeURIComponent(id)}`);
  }

  users(): Observable<User[]> {
    return this.http.get<User[]>(`${API}/users`);
  }

  createUser(user: { username: string; password: string; role: Role }): Observable<User> {
    return this.http.post<User>(`${API}/users`, user);
  }

  updateUser(id: string, change: Partial<{ role: Role; disabled: boolean }>): Observable<User> {
    return this.http.patch<User>(`${API}/users/${encodeURIComponent(id)}`, change);
  }

  audit(): Observable<AuditEvent[]> {
    return this.http.get<Page<AuditEvent>>(`${API}/audit`).pipe(map((page) => page.items));
  }
}
