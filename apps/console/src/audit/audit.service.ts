import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

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
    return { items: page.map(view), nextCursor: more ? page[page.length - 1].id : null };
  }
}

function view(e: AuditEventEntity): AuditEventView {
  return {
    id: String(e.id),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    details: e.details,
  };
}
