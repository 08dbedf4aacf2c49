import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Strategy history (one row per saved version, with who and when), the stored inspections of
 * each target, and agent revocation. Existing strategies get their current version as the
 * first row of their history.
 */
export class StrategyHistory1733400000000 implements MigrationInterface {
  name = 'StrategyHistory1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE strategy_versions (
        strategy_id uuid NOT NULL REFERENCES strategies(id),
        version int NOT NULL CHECK (version >= 1),
        change text NOT NULL CHECK (change IN
          ('create', 'update', 'enable', 'disable', 'delete', 'clone', 'import')),
        enabled boolean NOT NULL,
        document jsonb NOT NULL,
        changed_by uuid,
        changed_by_name text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (strategy_id, version)
      )`);
    await q.query(`
      INSERT INTO strategy_versions
        (strategy_id, version, change, enabled, document, changed_by_name, changed_at)
      SELECT id, version, 'create', enabled, document, 'system', updated_at FROM strategies
    `);
    await q.query(`
      CREATE TABLE target_inspections (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        target_id uuid NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
        inspected_at timestamptz NOT NULL DEFAULT now(),
        requested_by text NOT NULL,
        result jsonb NOT NULL
      )`);
    await q.query(`
      CREATE INDEX target_inspections_latest ON target_inspections (target_id, inspected_at DESC)
    `);
    await q.query(`ALTER TABLE agents ADD COLUMN revoked_at timestamptz`);
    await q.query(`CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_events_entity`);
    await q.query(`ALTER TABLE agents DROP COLUMN IF EXISTS revoked_at`);
    await q.query(`DROP TABLE IF EXISTS target_inspections`);
    await q.query(`DROP TABLE IF EXISTS strategy_versions`);
  }
}
