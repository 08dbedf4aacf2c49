import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

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
}
