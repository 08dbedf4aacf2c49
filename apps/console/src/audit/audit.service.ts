import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';

import type { AuditEventView, AuditPage, AuditQuery } from '@rampart/contracts';

import { AuditEventEntity } from './audit-event.entity';

export interface Actor {
  id: string | null;
  username: string;
}

/** Who did what to which entity, and when; the answer to an auditor's question. */
@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async record(
    actor: Actor | null,
    action: string,
    entity: string,
    entityId: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const event = this.events.create({
      actorId: actor?.id ?? null,
      actorName: actor?.username ?? 'system',
      action,
      entity,
      entityId,
      details,
    });
    await this.events.save(event);
  }

  list(limit: number): Promise<AuditEventEntity[]> {
    return this.events.find({ order: { at: 'DESC', id: 'DESC' }, take: limit });
  }

  /** Newest first, filtered; keyset pagination on the event id (`cursor` = last id seen). */
  async search(query: AuditQuery): Promise<AuditPage> {
    const q = this.events
      .createQueryBuilder('e')
      .orderBy('e.id', 'DESC')
      .limit(query.limit + 1);
    if (query.actor) q.andWhere('e.actor_name = :actor', { actor: query.actor });
    if (query.action) q.andWhere('e.action = :action', { action: query.action });
    if (query.skipAction) q.andWhere('e.action <> :skip', { skip: query.skipAction });
    if (query.entity) q.andWhere('e.entity = :entity', { entity: query.entity });
    if (query.entityId) q.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.from) q.andWhere('e.at >= :from', { from: query.from });
    if (query.to) q.andWhere('e.at < :to', { to: query.to });
    if (query.cursor) q.andWhere('e.id < :cursor', { cursor: query.cursor });

    const rows = await q.getMany();
    const page = rows.slice(0, query.limit);
    const more = rows.length > query.limit;
    const names = await this.namesOf(page);
    return {
      items: page.map((e) => view(e, names.get(`${e.entity}:${e.entityId}`) ?? null)),
      nextCursor: more ? page[page.length - 1].id : null,
    };
  }

  /**
   * The current names of the targets, strategies, users and agents a page of events is
   * about, one query per kind, so the trail reads "PROD1" and not a uuid.
   */
  private async namesOf(events: AuditEventEntity[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const [entity, { table, column }] of Object.entries(NAMED_ENTITIES)) {
      const ids = [
        ...new Set(events.filter((e) => e.entity === entity).map((e) => e.entityId)),
      ].filter((id): id is string => id !== null && UUID.test(id));
      if (ids.length === 0) continue;

      const rows: { id: string; name: string }[] = await this.dataSource.query(
        `SELECT id::text AS id, ${column} AS name FROM ${table} WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      for (const row of rows) names.set(`${entity}:${row.id}`, row.name);
    }
    return names;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Audited entities with a name a DBA knows them by (constants: never user input). */
const NAMED_ENTITIES: Record<string, { table: string; column: string }> = {
  target: { table: 'targets', column: 'name' },
  strategy: { table: 'strategies', column: 'name' },
  user: { table: 'users', column: 'username' },
  agent: { table: 'agents', column: 'name' },
};

function view(e: AuditEventEntity, entityName: string | null): AuditEventView {
  return {
    id: String(e.id),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    entityName,
    details: e.details,
  };
}
