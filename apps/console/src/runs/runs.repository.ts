import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type CustomTypesConfig, type PoolClient, Query, type QueryArrayConfig } from 'pg';
import { DataSource, type EntityManager, MoreThan, Repository } from 'typeorm';
import { z } from 'zod';

import { RUN_STATES, STRATEGY_TYPES, type LogLine } from '@rampart/contracts';

import { DomainError } from '../common/domain-error';
import { EXPORT_COLUMNS, type ExportColumn, type RunExportRow } from './run-export-rows';
import { RunEntity, RunLogLineEntity } from './run.entity';

/** Runs per FETCH: few round trips, and a batch small enough for V8's young generation. */
const EXPORT_BATCH = 2000;

/** An export whose client stops reading for this long is ended by PostgreSQL (pool safety). */
const EXPORT_IDLE_LIMIT = '15min';

/** Each export cell as PostgreSQL writes it in text: Node parses no date and no number. */
const EXPORT_CELL_SQL: Record<ExportColumn, string> = {
  id: 'r.id',
  target_name: 'r.target_name',
  target_id: 'r.target_id',
  strategy_name: 'r.strategy_name',
  strategy_id: 'r.strategy_id',
  type: 'r.type',
  trigger: 'r.trigger',
  priority: 'r.priority',
  status: 'r.status',
  scheduled_at: isoUtc('r.scheduled_at'),
  queued_at: isoUtc('r.queued_at'),
  started_at: isoUtc('r.started_at'),
  finished_at: isoUtc('r.finished_at'),
  duration_seconds: 'r.duration_seconds',
  bytes: 'r.bytes',
  pieces: 'r.pieces',
  error_codes: spaceSeparated('r.error_codes'),
  warning_codes: spaceSeparated('r.warning_codes'),
  primary_error: 'r.primary_error',
  message: 'r.message',
};

/** Every cell stays the text PostgreSQL sent: no type parser runs on an export row. */
const TEXT_CELLS: CustomTypesConfig = {
  getTypeParser: (() => (text: string) => text) as CustomTypesConfig['getTypeParser'],
};

export const runFilterSchema = z.object({
  status: z
    .union([z.enum(RUN_STATES), z.array(z.enum(RUN_STATES))])
    .transform((s) => (Array.isArray(s) ? s : [s]))
    .optional(),
  targetId: z.uuid().optional(),
  strategyId: z.uuid().optional(),
  type: z.enum(STRATEGY_TYPES).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type RunFilter = z.infer<typeof runFilterSchema>;

export const runPageSchema = runFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type RunPageQuery = z.infer<typeof runPageSchema>;

interface Cursor {
  queuedAt: string;
  id: string;
}

@Injectable()
export class RunsRepository {
  constructor(
    @InjectRepository(RunEntity) private readonly runs: Repository<RunEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  save(run: RunEntity): Promise<RunEntity> {
    return this.runs.save(run);
  }

  create(fields: Partial<RunEntity>): RunEntity {
    return this.runs.create(fields);
  }

  findById(id: string): Promise<RunEntity | null> {
    return this.runs.findOneBy({ id });
  }

  /** Newest first, by (queued_at, id): stable under inserts, fast at any depth. */
  async page(query: RunPageQuery): Promise<{ items: RunEntity[]; nextCursor: string | null }> {
    const qb = this.filtered(query).orderBy('r.queued_at', 'DESC').addOrderBy('r.id', 'DESC');
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;

    if (cursor) {
      qb.andWhere('(r.queued_at, r.id) < (:cursorAt, :cursorId)', {
        cursorAt: cursor.queuedAt,
        cursorId: cursor.id,
      });
    }

    const rows = await qb.take(query.limit + 1).getMany();
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor({ queuedAt: last.queuedAt.toISOString(), id: last.id })
        : null;
    return { items, nextCursor };
  }

  filtered(filter: RunFilter) {
    const qb = this.runs.createQueryBuilder('r');
    if (filter.status?.length) qb.andWhere('r.status IN (:...status)', { status: filter.status });
    if (filter.targetId) qb.andWhere('r.target_id = :targetId', { targetId: filter.targetId });
    if (filter.strategyId) {
      qb.andWhere('r.strategy_id = :strategyId', { strategyId: filter.strategyId });
    }
    if (filter.type) qb.andWhere('r.type = :type', { type: filter.type });
    if (filter.from) qb.andWhere('r.queued_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('r.queued_at < :to', { to: filter.to });
    return qb;
  }

  /**
   * Every run the filter selects, newest first, read through a server-side cursor and handed to
   * `each` as text cells (EXPORT_COLUMNS order) the moment it arrives, in batches of what `each`
   * returns: one snapshot, the next batch fetched while the caller handles this one, memory
   * bounded by two batches whatever the number of rows. Stopping early (the client went away)
   * closes the cursor and returns the connection to the pool.
   */
  async *exportBatches<T>(
    filter: RunFilter,
    each: (run: RunExportRow) => T,
    batchSize = EXPORT_BATCH,
  ): AsyncGenerator<T[]> {
    const [sql, parameters] = this.filtered(filter)
      .select(EXPORT_COLUMNS.map((column) => `${EXPORT_CELL_SQL[column]} AS ${column}`))
      .orderBy('r.queued_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .getQueryAndParameters();
    const runner = this.dataSource.createQueryRunner();
    const connection: PoolClient = await runner.connect();
    const fetchNext = () => {
      const batch = fetchRuns(connection, batchSize, each);
      // Read ahead while the caller is busy: its failure is awaited below, not unhandled.
      batch.catch(() => undefined);
      return batch;
    };
    let next: Promise<T[]> | null = null;

    try {
      await connection.query('BEGIN READ ONLY');
      await connection.query(
        `SET LOCAL idle_in_transaction_session_timeout = '${EXPORT_IDLE_LIMIT}'`,
      );
      await connection.query(`DECLARE export_runs NO SCROLL CURSOR FOR ${sql}`, parameters);

      next = fetchNext();
      while (next) {
        const batch: T[] = await next;
        next = batch.length === batchSize ? fetchNext() : null;
        if (batch.length) yield batch;
      }
    } finally {
      // A read-only transaction: rolling back ends it and drops the cursor, finished or not.
      // A connection that cannot roll back is broken, and the pool drops it on release.
      await next?.catch(() => undefined);
      await connection.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }

  /** Runs per status under the filter, for the report's totals. */
  async totalsByStatus(filter: RunFilter): Promise<Record<string, number>> {
    const rows: { status: string; runs: string }[] = await this.filtered(filter)
      .select('r.status', 'status')
      .addSelect('count(*)', 'runs')
      .groupBy('r.status')
      .getRawMany();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.runs)]));
  }

  logLines(runId: string, afterSeq = 0, limit = 10_000): Promise<RunLogLineEntity[]> {
    return this.dataSource.getRepository(RunLogLineEntity).find({
      where: { runId, seq: MoreThan(afterSeq) },
      order: { seq: 'ASC' },
      take: limit,
    });
  }

  async lastLines(runId: string, count: number): Promise<string[]> {
    const rows = await this.dataSource.getRepository(RunLogLineEntity).find({
      where: { runId },
      order: { seq: 'DESC' },
      take: count,
    });
    return rows.reverse().map((r) => r.text);
  }

  /** Runs `work` with the run row locked, so events of one run apply one at a time. */
  withLockedRun<T>(
    runId: string,
    work: (run: RunEntity | null, manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const run = await manager
        .getRepository(RunEntity)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :runId', { runId })
        .getOne();
      return work(run, manager);
    });
  }

  async insertLines(manager: EntityManager, runId: string, lines: LogLine[]): Promise<void> {
    if (lines.length === 0) return;

    await manager.query(
      `INSERT INTO run_log_lines (run_id, seq, ts, stream, text)
       SELECT $1, s, t, st, tx
       FROM unnest($2::int[], $3::timestamptz[], $4::text[], $5::text[]) AS u(s, t, st, tx)
       ON CONFLICT (run_id, seq) DO NOTHING`,
      [
        runId,
        lines.map((l) => l.seq),
        lines.map((l) => l.ts),
        lines.map((l) => l.stream),
        lines.map((l) => l.text.replace(/\u0000/g, '')),
      ],
    );
  }

  /** Runs in flight on agents that have not been heard from since `silentSince`. */
  findSilentRuns(silentSince: Date): Promise<RunEntity[]> {
    return this.runs
      .createQueryBuilder('r')
      .innerJoin('agents', 'a', 'a.id = r.agent_id')
      .where(`r.status IN ('dispatched', 'running')`)
      .andWhere('(a.last_seen_at IS NULL OR a.last_seen_at < :silentSince)', { silentSince })
      .getMany();
  }
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.queuedAt}|${cursor.id}`).toString('base64url');
}

/**
 * The next runs of the export cursor, each passed through `each` as it is read, so the raw cells
 * die young instead of waiting in a result for the whole batch (V8 would promote them).
 */
function fetchRuns<T>(
  connection: PoolClient,
  count: number,
  each: (run: RunExportRow) => T,
): Promise<T[]> {
  const config: QueryArrayConfig = {
    text: `FETCH FORWARD ${count} FROM export_runs`,
    rowMode: 'array',
    types: TEXT_CELLS,
  };
  const query = new Query<RunExportRow>(config);
  const batch: T[] = [];
  let failure: unknown = null;

  return new Promise((resolve, reject) => {
    query.on('row', (run) => {
      // Thrown here, an error would escape into the socket's data handler.
      if (failure) return;
      try {
        batch.push(each(run));
      } catch (error) {
        failure = error;
      }
    });
    query.on('error', reject);
    query.on('end', () => (failure ? reject(failure) : resolve(batch)));
    connection.query(query);
  });
}

/** A timestamptz as `toISOString()` writes it: UTC, milliseconds, `Z`. */
function isoUtc(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A text[] as its elements separated by spaces, a null element as an empty one. */
function spaceSeparated(column: string): string {
  return `array_to_string(${column}, ' ', '')`;
}

function decodeCursor(raw: string): Cursor {
  const [queuedAt, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const valid =
    !!queuedAt && !Number.isNaN(Date.parse(queuedAt)) && /^[0-9a-f-]{36}$/.test(id ?? '');
  if (!valid) {
    throw new DomainError('validation', 'cursor is not one this API returned', [
      { field: 'cursor', message: 'is not one this API returned' },
    ]);
  }
  return { queuedAt, id: id as string };
}
