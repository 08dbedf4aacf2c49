import { z } from 'zod';

import { ROLES, type Role } from './auth';
import { LOG_MODES, type TargetInspection } from './agent-jobs';
import type { StrategyDocument } from './strategy';

/**
 * REST shapes of the console's catalog: strategies and their history, targets and their
 * inspections, users, audit and agents. Request bodies are zod schemas (the console validates
 * with them); answers are plain interfaces the dashboard reads.
 */

/** A finding of `checkStrategy`, as the API returns it. */
export interface StrategyFindingView {
  severity: 'error' | 'warning';
  code: string;
  field: string;
  message: string;
}

export const STRATEGY_CHANGES = [
  'create',
  'update',
  'enable',
  'disable',
  'delete',
  'clone',
  'import',
] as const;
export type StrategyChange = (typeof STRATEGY_CHANGES)[number];

export interface StrategyVersionView {
  version: number;
  change: StrategyChange;
  enabled: boolean;
  changedBy: string;
  changedAt: string;
  document: StrategyDocument;
}

export interface StrategyFieldChange {
  /** Dotted path in the strategy document, e.g. `options.channels`. */
  path: string;
  before: unknown;
  after: unknown;
}

export interface StrategyDiffView {
  from: number;
  to: number;
  changes: StrategyFieldChange[];
  /** Unified line diff of `custom.script` when it changed, else null. */
  scriptDiff: string | null;
}

export const strategyDiffQuerySchema = z.object({
  from: z.coerce.number().int().min(1, { message: 'must be a version number (1 or more)' }),
  to: z.coerce.number().int().min(1, { message: 'must be a version number (1 or more)' }),
});

export const strategyCloneRequestSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(128, { message: 'must be 128 characters at most' }),
});

export const saveOptionsQuerySchema = z.object({
  acknowledgeWarnings: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
});

export interface StrategyPreview {
  tool: 'rman' | 'expdp';
  script: string;
  parfile?: string;
  warnings: StrategyFindingView[];
  findings: StrategyFindingView[];
  schedulerPlsql: string | null;
  calendar: { expression: string; startDate: string; timezone: string } | null;
  /** The next five run times, ISO instants with the offset in force. */
  nextRuns: string[];
}

export const archivelogEnableRequestSchema = z.object({
  /** The target's name typed again, as a DBA confirms a restart. */
  confirm: z.string().max(64),
});

export interface ArchivelogStatusView {
  targetId: string;
  targetName: string;
  logMode: (typeof LOG_MODES)[number] | null;
  checkedAt: string | null;
  /** Why it matters and what to do; null when the target is in ARCHIVELOG mode. */
  warning: string | null;
}

/** The last inspection of a target, flat: tablespaces, schemas, tables, log mode, FRA. */
export type TargetCatalogView = TargetInspection & {
  targetId: string;
  /** True when answered from the stored inspection rather than a new one. */
  cached: boolean;
};

export const catalogQuerySchema = z.object({
  refresh: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
});

const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, {
    message: 'must be 1 to 64 letters, digits, dots, dashes, @ or underscores',
  });

export const newPasswordSchema = z
  .string()
  .min(12, { message: 'must be 12 characters at least' })
  .max(1024, { message: 'must be 1024 characters at most' });

export const userCreateSchema = z.object({
  username: usernameSchema,
  password: newPasswordSchema,
  role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }),
});
export type UserCreateRequest = z.infer<typeof userCreateSchema>;

export const userPatchSchema = z
  .object({
    role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }).optional(),
    password: newPasswordSchema.optional(),
    unlock: z.literal(true, { message: 'must be true when given' }).optional(),
  })
  .strict()
  .refine((p) => p.role !== undefined || p.password !== undefined || p.unlock !== undefined, {
    message: 'needs role, password or unlock',
  });
export type UserPatchRequest = z.infer<typeof userPatchSchema>;

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, { message: 'is required' }).max(1024),
  newPassword: newPasswordSchema,
});
export type PasswordChangeRequest = z.infer<typeof passwordChangeSchema>;

export interface UserView {
  id: string;
  username: string;
  role: Role;
  locked: boolean;
  lockedUntil: string | null;
  failedLogins: number;
  createdAt: string;
}

/** A filter value a user types: no control characters (PostgreSQL refuses NUL in text). */
const filterText = (max: number) =>
  z
    .string()
    .max(max, { message: `must be ${max} characters at most` })
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), {
      message: 'must not contain control characters',
    });

export const auditQuerySchema = z.object({
  actor: filterText(64).optional(),
  action: filterText(64).optional(),
  /** Leave out one action, e.g. `login`, which would otherwise fill the trail. */
  skipAction: filterText(64).optional(),
  entity: filterText(64).optional(),
  entityId: filterText(128).optional(),
  from: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).optional(),
  to: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, { message: 'must be a cursor from a previous page' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditEventView {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  /** The entity's current name (target, strategy, user, agent), when it still exists. */
  entityName: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEventView[];
  nextCursor: string | null;
}

export interface EnrollmentTokenView {
  token: string;
  agentName: string;
  expiresAt: string;
  /** What to run on the database host, in order, as the Oracle software owner. */
  commands: { enroll: string; check: string; start: string };
}
