import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, MoreThan, Repository } from 'typeorm';
import { z } from 'zod';

import { RUN_STATES, STRATEGY_TYPES, type LogLine } from '@rampart/contracts';

import { DomainError } from '../common/domain-error';
import { EXPORT_COLUMNS, type RunExportRow } from './run-export-rows';
import { RunEntity, RunLogLineEntity } from './run.entity';

const EXPORT_BATCH = 5000;

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
   * Every run the filter selects, newest first, in keyset batches: one short query per batch,
   * no open cursor, memory bounded by one batch whatever the number of rows.
   */
  // TODO: the cursor keeps milliseconds; rows written with microseconds by hand could repeat.
  async *exportBatches(
    filter: RunFilter,
    batchSize = EXPORT_BATCH,
  ): AsyncGenerator<RunExportRow[]> {
    let after: Cursor | null = null;
    for (;;) {
      const qb = this.filtered(filter)
        .select(EXPORT_COLUMNS.map((c) => `r.${c} AS ${c}`))
        .orderBy('r.queued_at', 'DESC')
        .addOrderBy('r.id', 'DESC')
        .limit(batchSize);
      if (after) {
        qb.andWhere('(r.queued_at, r.id) < (:afterAt, :afterId)', {
          afterAt: after.queuedAt,
          afterId: after.id,
        });
      }

      const [sql, parameters] = qb.getQueryAndParameters();
      const rows: RunExportRow[] = await this.dataSource.query(sql, parameters);
      if (rows.length) yield rows;
      if (rows.length < batchSize) return;

      const last = rows[rows.length - 1] as RunExportRow;
      after = { queuedAt: last.queued_at.toISOString(), id: last.id };
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
