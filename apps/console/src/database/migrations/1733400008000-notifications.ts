import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 8: one key per message (run, event and rule, or rule and digest day), a lease for the
 * attempt in flight, daily digests on rules, and the history's keyset index.
 */
export class NotificationDelivery1733400008000 implements MigrationInterface {
  name = 'NotificationDelivery1733400008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notification_rules
        ADD COLUMN digest_hour int CHECK (digest_hour BETWEEN 0 AND 23),
        ADD COLUMN time_zone text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN dedup_key text,
        ADD COLUMN lease_until timestamptz,
        ADD COLUMN period_from timestamptz,
        ADD COLUMN period_to timestamptz`);
    await q.query(`CREATE UNIQUE INDEX notifications_dedup_key ON notifications (dedup_key)`);
    await q.query(`CREATE INDEX notifications_created ON notifications (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notifications_run ON notifications (run_id)`);
    await q.query(`ALTER TABLE smtp_settings ADD COLUMN updated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE smtp_settings DROP COLUMN updated_at`);
    await q.query(`DROP INDEX notifications_run`);
    await q.query(`DROP INDEX notifications_created`);
    await q.query(`DROP INDEX notifications_dedup_key`);
    await q.query(`
      ALTER TABLE notifications
        DROP COLUMN period_to, DROP COLUMN period_from,
        DROP COLUMN lease_until, DROP COLUMN dedup_key`);
    await q.query(`
      ALTER TABLE notification_rules
        DROP COLUMN updated_at, DROP COLUMN time_zone, DROP COLUMN digest_hour`);
  }
}
