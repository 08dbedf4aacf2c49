import { z } from 'zod';

import { oracleIdentifierSchema, qualifiedTableSchema } from './oracle-identifier';
import { scheduleSchema } from './schedule';

export const STRATEGY_TYPES = [
  'full',
  'incremental',
  'partial',
  'archivelog',
  'validate',
  'custom',
] as const;
export type StrategyType = (typeof STRATEGY_TYPES)[number];

export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** BullMQ priority: 1 is the most urgent. */
export const BULLMQ_PRIORITY: Record<Priority, number> = {
  critical: 1,
  high: 2,
  normal: 3,
  low: 4,
};

export const NOTIFY_EVENTS = [
  'failed',
  'interrupted',
  'missed',
  'succeeded_with_warnings',
  'succeeded',
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** Printable text with no control characters: names, tags and comments a DBA types. */
const printable = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be ${max} characters at most` })
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), {
      message: 'must not contain control characters',
    });

/** A path on the database host; quotes, control characters and `..` hops are refused. */
export const hostPathSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(512)
  .refine((p) => /^(\/|[A-Za-z]:\\)/.test(p), {
    message: 'must be absolute (/u01/backup or D:\\backup)',
  })
  .refine((p) => !/['"`\u0000-\u001f\u007f;&|<>$%]/.test(p), {
    message: 'must not contain quotes, control characters or shell characters',
  })
  .refine((p) => !p.split(/[\\/]/).includes('..'), { message: 'must not contain ..' });

/** RMAN TAG: up to 30 characters of letters, digits and underscores (RMAN upper-cases it). */
export const rmanTagSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_]{1,30}$/, {
    message: 'must be 1 to 30 letters, digits or underscores',
  })
  .transform((t) => t.toUpperCase());

export const destinationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recovery-area') }),
  z.object({ kind: z.literal('disk'), path: hostPathSchema }),
  z.object({
    kind: z.literal('sbt'),
    /** Media manager settings passed as `PARMS '...'`, e.g. `ENV=(NB_ORA_POLICY=ora)`. */
    parms: printable(1000)
      .refine((s) => !/['"]/.test(s), { message: 'must not contain quotes' })
      .optional(),
  }),
]);
export type Destination = z.infer<typeof destinationSchema>;

export const COMPRESSIONS = ['none', 'basic', 'low', 'medium', 'high'] as const;

export const retentionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recovery-window'), days: z.number().int().min(1).max(3650) }),
  z.object({ kind: z.literal('redundancy'), copies: z.number().int().min(1).max(100) }),
]);

export const strategyOptionsSchema = z.object({
  destination: destinationSchema.default({ kind: 'recovery-area' }),
  channels: z.number().int().min(1).max(32).default(1),
  /** Multisection backup piece size, e.g. `32G`. */
  sectionSize: z
    .string()
    .regex(/^[1-9]\d{0,5}[KMG]$/i, { message: 'must be a size like 512M or 32G' })
    .optional(),
  compression: z.enum(COMPRESSIONS).default('none'),
  encryption: z.boolean().default(false),
  tag: rmanTagSchema.optional(),
  archivedLogs: z
    .object({
      include: z.boolean().default(true),
      notBackedUpTimes: z.number().int().min(1).max(10).optional(),
      deleteInput: z.boolean().default(false),
    })
    .default({ include: true, deleteInput: false }),
  retention: retentionSchema.optional(),
  maintenance: z
    .object({
      crosscheck: z.boolean().default(false),
      deleteObsolete: z.boolean().default(false),
    })
    .default({ crosscheck: false, deleteObsolete: false }),
  validation: z
    .object({ checkLogical: z.boolean().default(false) })
    .default({ checkLogical: false }),
  dataPump: z
    .object({
      directory: oracleIdentifierSchema.default('DATA_PUMP_DIR'),
      parallel: z.number().int().min(1).max(32).default(1),
      fileSize: z
        .string()
        .regex(/^[1-9]\d{0,5}[KMG]$/i, { message: 'must be a size like 512M or 4G' })
        .optional(),
    })
    .default({ directory: 'DATA_PUMP_DIR', parallel: 1 }),
});
export type StrategyOptions = z.infer<typeof strategyOptionsSchema>;

export const notifySchema = z.object({
  on: z.array(z.enum(NOTIFY_EVENTS)).default(['failed', 'interrupted', 'missed']),
  recipients: z.array(z.email({ message: 'must be an e-mail address' })).max(50).default([]),
});

/**
 * The strategy document: what the API stores, the wizard edits, the agent renders and a DBA
 * keeps in version control.
 */
export const strategyDocumentSchema = z
  .object({
    name: printable(128),
    description: z.string().max(2000).optional(),
    /** The target's name (unique in the console), e.g. `PROD1`. */
    target: printable(64),
    type: z.enum(STRATEGY_TYPES),
    priority: z.enum(PRIORITIES).default('normal'),
    schedule: scheduleSchema.nullable().default(null),
    notify: notifySchema.default({ on: ['failed', 'interrupted', 'missed'], recipients: [] }),
    incremental: z
      .object({ level: z.union([z.literal(0), z.literal(1)]), cumulative: z.boolean() })
      .optional(),
    partial: z
      .object({
        tablespaces: z.array(oracleIdentifierSchema).max(500).default([]),
        schemas: z.array(oracleIdentifierSchema).max(500).default([]),
        tables: z.array(qualifiedTableSchema).max(1000).default([]),
      })
      .optional(),
    custom: z.object({ script: z.string().min(1).max(100_000) }).optional(),
    options: strategyOptionsSchema.default(strategyOptionsSchema.parse({})),
  })
  .superRefine((doc, ctx) => {
    if (doc.type === 'incremental' && !doc.incremental) {
      ctx.addIssue({
        code: 'custom',
        path: ['incremental'],
        message: 'is required for an incremental strategy (level 0 or 1, cumulative or not)',
      });
    }

    if (doc.type === 'partial') {
      const p = doc.partial;
      const chosen = p ? p.tablespaces.length + p.schemas.length + p.tables.length : 0;
      if (chosen === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['partial'],
          message: 'needs at least one tablespace, schema or table',
        });
      }
      if (p && p.tablespaces.length > 0 && p.schemas.length + p.tables.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['partial'],
          message:
            'cannot mix tablespaces (RMAN) with schemas or tables (Data Pump): make two strategies',
        });
      }
    }

    if (doc.type === 'custom' && !doc.custom) {
      ctx.addIssue({ code: 'custom', path: ['custom'], message: 'needs the script' });
    }
  });

export type StrategyDocument = z.infer<typeof strategyDocumentSchema>;
export type StrategyDocumentInput = z.input<typeof strategyDocumentSchema>;

/** True when the strategy is carried out by Data Pump rather than RMAN. */
export function usesDataPump(doc: Pick<StrategyDocument, 'type' | 'partial'>): boolean {
  const p = doc.partial;
  return doc.type === 'partial' && !!p && p.schemas.length + p.tables.length > 0;
}
