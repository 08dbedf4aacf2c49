import { z } from 'zod';

import { isKnownTimeZone } from './schedule';
import { NOTIFY_EVENTS } from './strategy';

/** What a notification rule can ask for: one run event, or the daily digest. */
export const RULE_EVENTS = [...NOTIFY_EVENTS, 'digest'] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const SMTP_SECURITY = ['none', 'starttls', 'tls'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

const emailSchema = z.email({ message: 'must be an e-mail address' }).max(254);

const printable = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be ${max} characters at most` })
    .regex(NO_CONTROL, { message: 'must not contain control characters' });

/** A host name or an IP address, nothing a shell or an SMTP line could misread. */
const smtpHostSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(253)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9A-Fa-f:.]+)$/, {
    message: 'must be a host name or an IP address',
  });

/** `dba@example.com` or `Rampart <rampart@example.com>`. */
export const senderSchema = z
  .string()
  .trim()
  .max(320)
  .refine(isSender, { message: 'must be an e-mail address, optionally as Name <address>' });

function isSender(value: string): boolean {
  const named = /^([^<>"\u0000-\u001f\u007f]{1,64}) <([^<>\s]+)>$/.exec(value);
  const address = named ? named[2] : value;
  return emailSchema.safeParse(address).success;
}

export const smtpSettingsInputSchema = z.object({
  host: smtpHostSchema,
  port: z.number().int().min(1).max(65535),
  security: z.enum(SMTP_SECURITY),
  /** Refuse a server whose certificate does not verify (self-signed, wrong name, expired). */
  verifyCertificate: z.boolean().default(true),
  username: printable(256).nullable().default(null),
  /** Omitted: keep the stored password. null: forget it. A string: replace it. */
  password: z.string().min(1).max(1024).nullable().optional(),
  sender: senderSchema,
});
export type SmtpSettingsInput = z.infer<typeof smtpSettingsInputSchema>;

/** The settings as the API returns them: the password never, only whether one is stored. */
export interface SmtpSettingsView {
  host: string;
  port: number;
  security: SmtpSecurity;
  verifyCertificate: boolean;
  username: string | null;
  hasPassword: boolean;
  sender: string;
  updatedAt: string | null;
}

export const smtpTestRequestSchema = z.object({ to: emailSchema });

export interface SmtpTestResult {
  ok: boolean;
  /** The server's last answer, e.g. `250 2.0.0 Ok: queued as 1234`. */
  response: string | null;
  messageId: string | null;
  error: string | null;
  /** What the administrator should check when the test failed. */
  hint: string | null;
}

/** An IANA zone only: the digest scheduler cannot use fixed offsets. */
const digestTimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => !/^[+-]/.test(zone) && isKnownTimeZone(zone), {
    message: 'must be an IANA time zone such as Europe/Paris',
  });

export const notificationRuleInputSchema = z
  .object({
    name: printable(128),
    events: z
      .array(z.enum(RULE_EVENTS))
      .min(1, { message: 'must name at least one event' })
      .transform((events) => [...new Set(events)]),
    recipients: z
      .array(emailSchema)
      .min(1, { message: 'must name at least one recipient' })
      .max(50)
      .transform((list) => [...new Set(list.map((r) => r.toLowerCase()))]),
    strategyId: z.uuid().nullable().default(null),
    targetId: z.uuid().nullable().default(null),
    enabled: z.boolean().default(true),
    digestHour: z.number().int().min(0).max(23).nullable().default(null),
    timeZone: digestTimeZoneSchema.nullable().default(null),
  })
  .superRefine((rule, ctx) => {
    if (rule.strategyId && rule.targetId) {
      ctx.addIssue({
        code: 'custom',
        path: ['targetId'],
        message: 'must be null when strategyId is set: a rule covers a strategy or a target',
      });
    }

    if (!rule.events.includes('digest')) return;
    if (rule.digestHour === null) {
      ctx.addIssue({ code: 'custom', path: ['digestHour'], message: 'is required for a digest' });
    }
    if (rule.timeZone === null) {
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'is required for a digest' });
    }
  });
export type NotificationRuleInput = z.infer<typeof notificationRuleInputSchema>;

export interface NotificationRuleView extends NotificationRuleInput {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export const notificationListQuerySchema = z.object({
  status: z.enum(NOTIFICATION_STATUSES).optional(),
  event: z.enum(RULE_EVENTS).optional(),
  runId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export interface DeliveryAttemptView {
  at: string;
  ok: boolean;
  /** The server's answer, or the error with what to check. */
  response: string;
}

export interface NotificationView {
  id: string;
  runId: string | null;
  ruleId: string | null;
  event: RuleEvent;
  recipients: string[];
  subject: string;
  status: NotificationStatus;
  attempts: number;
  attemptLog: DeliveryAttemptView[];
  messageId: string | null;
  lastResponse: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
}
