import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4: the OS account Oracle Scheduler runs Rampart's external jobs as, per target (the
 * password sealed at rest), and each agent's public sealing key, with which the console seals
 * that password for the agent alone.
 */
export class SchedulerCredentials1733500000000 implements MigrationInterface {
  name = 'SchedulerCredentials1733500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents ADD COLUMN seal_public_key text`);
    await q.query(`
      ALTER TABLE targets
        ADD COLUMN scheduler_os_user text,
        ADD COLUMN scheduler_os_password_enc text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE targets DROP COLUMN scheduler_os_password_enc, DROP COLUMN scheduler_os_user`);
    await q.query(`ALTER TABLE agents DROP COLUMN seal_public_key`);
  }
}
