import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Role, SmtpTestResult } from '@rampart/contracts';
import { Observable } from 'rxjs';

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

/** One page of a keyset-paginated list; pass `nextCursor` back for the next, older page. */
export interface Page<T> {
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

  /** The agent lost its sealing key (new data directory): its next connection pins a new one. */
  resetSealKey(agentId: string): Observable<void> {
    return this.http.post<void>(`${API}/agents/${agentId}/seal-key/reset`, {});
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

  /** 200 either way: `ok` says whether the server accepted the message. */
  sendTestMail(to: string): Observable<SmtpTestResult> {
    return this.http.post<SmtpTestResult>(`${API}/settings/smtp/test`, { to });
  }

  /** The history, newest first; `cursor` is the previous page's `nextCursor`. */
  notifications(
    filters: NotificationFilters,
    cursor: string | null = null,
  ): Observable<Page<NotificationRecord>> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries({ ...filters, cursor })) {
      if (value) params = params.set(key, String(value));
    }

    return this.http.get<Page<NotificationRecord>>(`${API}/notifications`, { params });
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

  updateUser(id: string, change: { role?: Role; unlock?: true }): Observable<User> {
    return this.http.patch<User>(`${API}/users/${encodeURIComponent(id)}`, change);
  }

  /** The audit trail, newest first; `cursor` is the previous page's `nextCursor`. */
  /** A page of the trail, newest first; sign-ins are left out unless asked for. */
  audit(cursor: string | null = null, withSignIns = false): Observable<Page<AuditEvent>> {
    let params = cursor ? new HttpParams().set('cursor', cursor) : new HttpParams();
    if (!withSignIns) params = params.set('skipAction', 'login');
    return this.http.get<Page<AuditEvent>>(`${API}/audit`, { params });
  }
}
