import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

import type { LogStream, RunState, RunTrigger, RunVerdict } from '@rampart/contracts';

export interface RunTransition {
  state: RunState;
  at: string;
  by: 'console' | 'agent' | 'watchdog' | 'user';
}

/** One row per execution: the audit record of a backup run (`logs_backup`). */
@Entity('logs_backup')
export class RunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'strategy_id', type: 'uuid', nullable: true })
  strategyId!: string | null;

  @Column({ name: 'target_id', type: 'uuid' })
  targetId!: string;

  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  @Column({ name: 'strategy_name', type: 'text' })
  strategyName!: string;

  @Column({ name: 'target_name', type: 'text' })
  targetName!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  trigger!: RunTrigger;

  @Column({ type: 'text' })
  priority!: string;

  @Column({ type: 'text' })
  status!: RunState;

  @Column({ type: 'real', nullable: true })
  progress!: number | null;

  @Column({ name: 'scheduled_at', type: 'timestamptz', nullable: true })
  scheduledAt!: Date | null;

  /** Set by the console (millisecond precision) so it can serve as a keyset cursor. */
  @Column({ name: 'queued_at', type: 'timestamptz' })
  queuedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'duration_seconds', type: 'real', nullable: true })
  durationSeconds!: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintTransformer() })
  bytes!: number | null;

  @Column({ type: 'int', nullable: true })
  pieces!: number | null;

  @Column({ name: 'error_codes', type: 'text', array: true, default: () => "'{}'" })
  errorCodes!: string[];

  @Column({ name: 'warning_codes', type: 'text', array: true, default: () => "'{}'" })
  warningCodes!: string[];

  @Column({ name: 'primary_error', type: 'text', nullable: true })
  primaryError!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  verdict!: RunVerdict | null;

  /** The exact RMAN command file or Data Pump parfile that ran. */
  @Column({ type: 'text', nullable: true })
  script!: string | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  /** Highest contiguous event sequence number stored for this run. */
  @Column({ name: 'last_seq', type: 'int', default: 0 })
  lastSeq!: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  transitions!: RunTransition[];
}

@Entity('run_log_lines')
export class RunLogLineEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'timestamptz' })
  ts!: Date;

  @Column({ type: 'text' })
  stream!: LogStream;

  @Column({ type: 'text' })
  text!: string;
}

function bigintTransformer() {
  return {
    to: (value: number | null) => value,
    from: (value: string | null) => (value === null ? null : Number(value)),
  };
}
