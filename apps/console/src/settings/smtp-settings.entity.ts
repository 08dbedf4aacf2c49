import { Column, Entity } from 'typeorm';

import type { SmtpSecurity } from '@rampart/contracts';

/** The one SMTP server the console sends through; the password is sealed under 'smtp'. */
@Entity('smtp_settings')
export class SmtpSettingsEntity {
  @Column({ type: 'int', primary: true, default: 1 })
  id!: number;

  @Column({ type: 'text' })
  host!: string;

  @Column({ type: 'int' })
  port!: number;

  @Column({ type: 'text', default: 'none' })
  security!: SmtpSecurity;

  @Column({ name: 'reject_unauthorized', type: 'boolean', default: true })
  rejectUnauthorized!: boolean;

  @Column({ type: 'text', nullable: true })
  username!: string | null;

  @Column({ name: 'password_enc', type: 'text', nullable: true })
  passwordEnc!: string | null;

  @Column({ type: 'text' })
  sender!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt!: Date | null;
}
