import type {
  NotifyEvent,
  Role,
  StrategyDocument,
  StrategyDocumentInput,
} from '@rampart/contracts';

import type { LogMode } from './api.types';

// The payloads of the wizard, settings and administration screens, as the console's /api/v1
// contract (issue 9) states them.
// TODO: move these DTOs into libs/contracts once the console exports its response types.

export interface StrategyDetail {
  id: string;
  name: string;
  enabled: boolean;
  document: StrategyDocument;
}

export interface PreviewWarning {
  severity: 'info' | 'warning' | 'error';
  code: string;
  field: string | null;
  message: string;
}

export interface StrategyPreview {
  tool: 'rman' | 'expdp';
  script: string;
  warnings: PreviewWarning[];
  findings: PreviewWarning[];
  schedulerPlsql: string | null;
  calendar: { expression: string; startDate: string; timezone: string } | null;
  nextRuns: string[];
}

export type StrategyDraftDocument = StrategyDocumentInput;

export interface TargetCatalog {
  inspectedAt: string;
  tablespaces: { name: string; contents: string; status: string }[];
  schemas: string[];
  tables: { owner: string; name: string }[];
  logMode: LogMode;
  recoveryArea: { path?: string; limitBytes?: number; usedBytes?: number } | null;
}

export type TargetAuth = 'os' | 'password';

/** A target's connection as the console stores it (`POST`/`PUT /targets`). */
export interface TargetSettings {
  id?: string;
  name: string;
  /** The agent on the database host. */
  agentId: string | null;
  oracleHome: string | null;
  oracleSid: string | null;
  /** `os`: `/ as sysdba` on the host, no stored password; `password`: over Oracle Net. */
  auth: TargetAuth;
  connectString: string | null;
  username: string | null;
  /** Write-only: sent when changed, never returned. */
  password?: string;
  /** The OS account Oracle Scheduler runs Rampart's jobs as (Oracle 12c+); null: none. */
  schedulerOsUser?: string | null;
  /** Write-only, like `password`. */
  schedulerOsPassword?: string;
}

export interface ConnectionTest {
  ok: boolean;
  message: string;
  databaseName?: string | null;
  logMode?: LogMode | null;
}

export interface ArchivelogStatus {
  logMode: LogMode;
  [detail: string]: unknown;
}

export interface Agent {
  id: string;
  name: string;
  hostname?: string | null;
  online: boolean;
  lastSeenAt: string | null;
  version?: string | null;
  /** The agent has pinned the key the console seals its passwords with. */
  hasSealKey?: boolean;
}

export interface EnrollmentToken {
  token: string;
  agentName?: string;
  expiresAt?: string;
  /** Shell-quoted for the host, with the console's own URL and Redis address. */
  commands: { enroll: string; check: string; start: string };
}

export type SmtpSecurity = 'none' | 'starttls' | 'tls';

export interface SmtpSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  verifyCertificate: boolean;
  username: string | null;
  /** Write-only. */
  password?: string;
  sender: string;
}

export interface NotificationRecord {
  id: string;
  runId: string | null;
  event: NotifyEvent | string;
  status: string;
  recipients: string[];
  subject: string;
  attempts: number;
  /** The SMTP server's last answer, or the last error. */
  lastResponse: string | null;
  createdAt: string;
}

export interface NotificationFilters {
  status?: string;
  event?: string;
  runId?: string;
}

export interface NotificationRule {
  id?: string;
  name: string;
  events: string[];
  recipients: string[];
  targetId?: string | null;
  strategyId?: string | null;
  enabled: boolean;
}

export interface User {
  id: string;
  username: string;
  role: Role;
  /** Locked out after repeated failed sign-ins, until `lockedUntil` or an admin unlocks. */
  locked: boolean;
  lockedUntil: string | null;
  createdAt?: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  /** The entity's current name, when the console knows one. */
  entityName?: string | null;
  details: Record<string, unknown>;
}
