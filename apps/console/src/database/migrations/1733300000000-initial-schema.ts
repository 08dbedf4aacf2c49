import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables of the design: users, agents, targets, strategies, logs_backup and friends. */
export class InitialSchema1733300000000 implements MigrationInterface {
  name = 'InitialSchema1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        failed_logins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE agents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        hostname text,
        platform text,
        version text,
        last_seen_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE enrollment_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        agent_name text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE targets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        agent_id uuid NOT NULL REFERENCES agents(id),
        oracle_home text,
        oracle_sid text,
        auth text NOT NULL DEFAULT 'os' CHECK (auth IN ('os', 'password')),
        connect_string text,
        username text,
        password_enc text,
        log_mode text CHECK (log_mode IN ('ARCHIVELOG', 'NOARCHIVELOG')),
        log_mode_checked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE strategies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        target_id uuid NOT NULL REFERENCES targets(id),
        type text NOT NULL,
        priority text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        document jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`
      CREATE UNIQUE INDEX strategies_name_live ON strategies (lower(name)) WHERE deleted_at IS NULL
    `);
    await q.query(`
      CREATE TABLE logs_backup (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        strategy_id uuid REFERENCES strategies(id),
        target_id uuid NOT NULL REFERENCES targets(id),
        agent_id uuid REFERENCES agents(id),
        strategy_name text NOT NULL,
        target_name text NOT NULL,
        type text NOT NULL,
        trigger text NOT NULL,
        priority text NOT NULL,
        status text NOT NULL,
        progress real,
        scheduled_at timestamptz,
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        duration_seconds real,
        bytes bigint,
        pieces int,
        error_codes text[] NOT NULL DEFAULT '{}',
        warning_codes text[] NOT NULL DEFAULT '{}',
        primary_error text,
        verdict jsonb,
        script text,
        message text,
        last_seq int NOT NULL DEFAULT 0,
        transitions jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query(`CREATE INDEX logs_backup_queued ON logs_backup (queued_at DESC, id DESC)`);
    await q.query(`CREATE INDEX logs_backup_target ON logs_backup (target_id, queued_at DESC)`);
    await q.query(`CREATE INDEX logs_backup_strategy ON logs_backup (strategy_id, queued_at DESC)`);
    await q.query(`CREATE INDEX logs_backup_status ON logs_backup (status, queued_at DESC)`);
    await q.query(`
      CREATE UNIQUE INDEX logs_backup_planned_fire ON logs_backup (strategy_id, scheduled_at)
      WHERE scheduled_at IS NOT NULL
    `);
    await q.query(`
      CREATE TABLE run_log_lines (
        run_id uuid NOT NULL REFERENCES logs_backup(id) ON DELETE CASCADE,
        seq int NOT NULL,
        ts timestamptz NOT NULL,
        stream text NOT NULL,
        text text NOT NULL,
        PRIMARY KEY (run_id, seq)
      )`);
    await q.query(`
      CREATE TABLE notification_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        events text[] NOT NULL,
        recipients text[] NOT NULL,
        strategy_id uuid REFERENCES strategies(id) ON DELETE CASCADE,
        target_id uuid REFERENCES targets(id) ON DELETE CASCADE,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid REFERENCES logs_backup(id) ON DELETE SET NULL,
        rule_id uuid REFERENCES notification_rules(id) ON DELETE SET NULL,
        event text NOT NULL,
        recipients text[] NOT NULL,
        subject text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        attempt_log jsonb NOT NULL DEFAULT '[]',
        message_id text,
        last_response text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`
      CREATE UNIQUE INDEX notifications_once ON notifications (run_id, event, rule_id)
      WHERE run_id IS NOT NULL
    `);
    await q.query(`
      CREATE TABLE smtp_settings (
        id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        host text NOT NULL,
        port int NOT NULL,
        security text NOT NULL DEFAULT 'none' CHECK (security IN ('none', 'starttls', 'tls')),
        reject_unauthorized boolean NOT NULL DEFAULT true,
        username text,
        password_enc text,
        sender text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_name text NOT NULL,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_events_at ON audit_events (at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_events',
      'smtp_settings',
      'notifications',
      'notification_rules',
      'run_log_lines',
      'logs_backup',
      'strategies',
      'targets',
      'enrollment_tokens',
      'agents',
      'refresh_tokens',
      'users',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
