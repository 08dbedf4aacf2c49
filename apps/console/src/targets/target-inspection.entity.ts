import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { TargetInspection } from '@rampart/contracts';

/** What a `target.inspect` job found on a database, kept so the wizard need not ask again. */
@Entity('target_inspections')
export class TargetInspectionEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column({ name: 'target_id', type: 'uuid' })
  targetId!: string;

  @Column({ name: 'inspected_at', type: 'timestamptz' })
  inspectedAt!: Date;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ type: 'jsonb' })
  result!: TargetInspection;
}
