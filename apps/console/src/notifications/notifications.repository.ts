import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';

import type { NotificationListQuery, RuleEvent } from '@rampart/contracts';

import { DomainError } from '../common/domain-error';
import { type DeliveryAttempt, NotificationEntity } from './notification.entity';

export interface NewNotification {
  dedupKey: string;
  runId: string | null;
  ruleId: string | null;
  event: RuleEvent;
  recipients: string[];
  subject: string;
  periodFrom?: Date;
  periodTo?: Date;
}

export interface Claim {
  notification: NotificationEntity;
  /** The previous attempt took the lease and never recorded its outcome (a crash). */
  abandonedLease: Date | null;
}

export interface Outcome {
  attempt: DeliveryAttempt;
  status: NotificationEntity['status'];
  messageId?: string;
}

/** The notification history: one row per message, every attempt appended to it. */
@Injectable()
export class NotificationsRepository {
  constructor(
    @InjectRepository(NotificationEntity)
    private readonly notifications: Repository<NotificationEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  findById(id: string): Promise<NotificationEntity | null> {
    return this.notifications.findOneBy({ id });
  }

  /** Runs `work` alone for this run and event, across every console sharing the database. */
  withRunEventLock<T>(runId: string, event: string, work: (m: EntityManager) => Promise<T>) {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${runId}:${event}`]);
      return work(manager);
    });
  }

  async addressedFor(manager: EntityManager, runId: string, event: string): Promise<string[]> {
    const rows: { recipients: string[] }[] = await manager.query(
      'SELECT recipients FROM notifications WHERE run_id = $1 AND event = $2',
      [runId, event],
    );
    return rows.flatMap((r) => r.recipients);
  }

  /** Inserts the message unless its key exists; returns the new id, or null when it did. */
  async insertOnce(fields: NewNotification, manager?: EntityManager): Promise<string | null> {
    const result = await (manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .insert()
      .into(NotificationEntity)
      .values({ ...fields, status: 'pending' })
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as { id: string }[])[0]?.id ?? null;
  }

  /**
   * Takes the lease of a pending message for one attempt. Null when it is sent, failed, or
   * another attempt holds it.
   */
  async claim(id: string, leaseSeconds: number): Promise<Claim | null> {
    const result: unknown = await this.dataSource.query(
      `WITH prev AS (SELECT id, lease_until FROM notifications WHERE id = $1 FOR UPDATE)
       UPDATE notifications n SET lease_until = now() + make_interval(secs => $2)
       FROM prev
       WHERE n.id = prev.id AND n.status = 'pending'
         AND (prev.lease_until IS NULL OR prev.lease_until < now())
       RETURNING n.id, prev.lease_until AS previous`,
      [id, leaseSeconds],
    );
    const row = updatedRows<{ id: string; previous: Date | null }>(result)[0];
    if (!row) return null;

    const notification = await this.notifications.findOneByOrFail({ id });
    return { notification, abandonedLease: row.previous };
  }

  /** Appends one attempt and releases the lease; `sent` is never overwritten. */
  async recordOutcome(id: string, outcome: Outcome): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET
         attempts = attempts + 1,
         attempt_log = attempt_log || $2::jsonb,
         last_response = $3,
         status = $4,
         message_id = COALESCE($5, message_id),
         sent_at = CASE WHEN $4 = 'sent' THEN now() ELSE sent_at END,
         lease_until = NULL
       WHERE id = $1 AND status <> 'sent'`,
      [
        id,
        JSON.stringify([outcome.attempt]),
        outcome.attempt.response,
        outcome.status,
        outcome.messageId ?? null,
      ],
    );
  }

  /** Records an attempt that left no outcome, keeping the lease this attempt holds. */
  async recordAbandoned(id: string, since: Date): Promise<void> {
    const attempt: DeliveryAttempt = {
      at: since.toISOString(),
      ok: false,
      response: 'no outcome recorded: the console stopped during this attempt',
    };
    await this.dataSource.query(
      `UPDATE notifications SET attempts = attempts + 1, attempt_log = attempt_log || $2::jsonb
       WHERE id = $1`,
      [id, JSON.stringify([attempt])],
    );
  }

  /** Pending messages no attempt holds, older than `olderThan`: their job may be lost. */
  async findStalled(olderThan: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM notifications
       WHERE status = 'pending' AND created_at < $1
         AND (lease_until IS NULL OR lease_until < now())
       ORDER BY created_at LIMIT $2`,
      [olderThan, limit],
    );
    return rows.map((r) => r.id);
  }

  markFailed(id: string): Promise<unknown> {
    return this.notifications.update({ id, status: 'pending' }, { status: 'failed' });
  }

  /** Newest first by (created_at, id): stable under inserts. */
  async page(query: NotificationListQuery) {
    const qb = this.notifications
      .createQueryBuilder('n')
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC');
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    if (query.event) qb.andWhere('n.event = :event', { event: query.event });
    if (query.runId) qb.andWhere('n.run_id = :runId', { runId: query.runId });
    if (query.from) qb.andWhere('n.created_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('n.created_at < :to', { to: query.to });

    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    if (cursor) {
      qb.andWhere('(n.created_at, n.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    }

    // The cursor keeps PostgreSQL's microseconds: a JavaScript Date would drop them.
    qb.addSelect(`to_char(n.created_at AT TIME ZONE 'UTC', ${EXACT_TIME})`, 'cursor_at');
    const { entities, raw } = await qb.limit(query.limit + 1).getRawAndEntities();
    const items = entities.slice(0, query.limit);
    const last = items[items.length - 1];
    const lastAt = (raw[items.length - 1] as { cursor_at?: string } | undefined)?.cursor_at;
    const more = entities.length > query.limit && last && lastAt;
    return { items, nextCursor: more ? encodeCursor(lastAt, last.id) : null };
  }
}

/** TypeORM answers an UPDATE … RETURNING on PostgreSQL with `[rows, affected]`. */
function updatedRows<T>(result: unknown): T[] {
  const isPair = Array.isArray(result) && result.length === 2 && Array.isArray(result[0]);
  return (isPair ? result[0] : result) as T[];
}

const EXACT_TIME = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

function decodeCursor(raw: string): { at: string; id: string } {
  const [at, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const valid = !!at && !Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/.test(id ?? '');
  if (!valid) {
    throw new DomainError('validation', 'cursor is not one this API returned', [
      { field: 'cursor', message: 'is not one this API returned' },
    ]);
  }
  return { at, id: id as string };
}
