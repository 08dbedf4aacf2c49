import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('targets')
export class TargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  @Column({ name: 'oracle_home', type: 'text', nullable: true })
  oracleHome!: string | null;

  @Column({ name: 'oracle_sid', type: 'text', nullable: true })
  oracleSid!: string | null;

  @Column({ type: 'text', default: 'os' })
  auth!: 'os' | 'password';

  @Column({ name: 'connect_string', type: 'text', nullable: true })
  connectString!: string | null;

  @Column({ type: 'text', nullable: true })
  username!: string | null;

  /** AES-256-GCM envelope `keyId:iv:tag:ciphertext`; never returned by the API. */
  @Column({ name: 'password_enc', type: 'text', nullable: true })
  passwordEnc!: string | null;

  /** The OS account Oracle Scheduler runs Rampart's external jobs as (Oracle 12c+). */
  @Column({ name: 'scheduler_os_user', type: 'text', nullable: true })
  schedulerOsUser!: string | null;

  /** Its password, sealed like `passwordEnc` under `target-os:<id>`; never returned. */
  @Column({ name: 'scheduler_os_password_enc', type: 'text', nullable: true })
  schedulerOsPasswordEnc!: string | null;

  @Column({ name: 'log_mode', type: 'text', nullable: true })
  logMode!: 'ARCHIVELOG' | 'NOARCHIVELOG' | null;

  @Column({ name: 'log_mode_checked_at', type: 'timestamptz', nullable: true })
  logModeCheckedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
