import { Controller, Get, Query } from '@nestjs/common';

import { type AuditQuery, auditQuerySchema } from '@rampart/contracts';

import { RequireRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { AuditService } from './audit.service';

@RequireRole('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Who did what, newest first; pass `nextCursor` back as `cursor` for the next page. */
  @Get()
  search(@Query(new ZodPipe(auditQuerySchema)) query: AuditQuery) {
    return this.audit.search(query);
  }
}
