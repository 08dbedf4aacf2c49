import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import type { NotificationStatus, RuleEvent } from '@rampart/contracts';

export interface DeliveryAttempt {
  at: string;
  ok: boolean;
  response: string;
}

@Entity('notification_rules')
export class NotificationRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  events!: RuleEvent[];

  @Column({ type: 'text', array: true })
  recipients!: string[];

  @Column({ name: 'strategy_id', type: 'uuid', nullable: true })
  strategyId!: string | null;

  @Column({ name: 'target_id', type: 'uuid', nullable: true })
  targetId!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'digest_hour', type: 'int', nullable: true })
  digestHour!: number | null;

  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One message for one run and event under one rule, with every delivery attempt. */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId!: string | null;

  @Column({ name: 'rule_id', type: 'uuid', nullable: true })
  ruleId!: string | null;

  @Column({ type: 'text' })
  event!: RuleEvent;

  @Column({ type: 'text', array: true })
  recipients!: string[];

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  status!: NotificationStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'attempt_log', type: 'jsonb', default: () => "'[]'" })
  attemptLog!: DeliveryAttempt[];

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'last_response', type: 'text', nullable: true })
  lastResponse!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** `run:<run>:<event>:<rule>` or `digest:<rule>:<day>`: the message exists once. */
  @Column({ name: 'dedup_key', type: 'text', nullable: true })
  dedupKey!: string | null;

  /** An attempt holds the message until then; a crashed attempt is retried after it. */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  /** The digest's window of runs. */
  @Column({ name: 'period_from', type: 'timestamptz', nullable: true })
  periodFrom!: Date | null;

  @Column({ name: 'period_to', type: 'timestamptz', nullable: true })
  periodTo!: Date | null;
}

/** Re-exported for the callers that found it here first (the demo seed). */
export { SmtpSettingsEntity } from '../settings/smtp-settings.entity';
