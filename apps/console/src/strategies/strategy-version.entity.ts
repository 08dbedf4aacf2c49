import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { StrategyChange, StrategyDocument } from '@rampart/contracts';

/** One saved version of a strategy: its document, who changed it and when. */
@Entity('strategy_versions')
export class StrategyVersionEntity {
  @PrimaryColumn({ name: 'strategy_id', type: 'uuid' })
  strategyId!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  change!: StrategyChange;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ type: 'jsonb' })
  document!: StrategyDocument;

  @Column({ name: 'changed_by', type: 'uuid', nullable: true })
  changedBy!: string | null;

  @Column({ name: 'changed_by_name', type: 'text' })
  changedByName!: string;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;
}
