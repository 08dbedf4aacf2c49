import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

import { DomainError } from './domain-error';

/** Validates a body or query against a contracts schema; errors name each field and rule. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;

    const problems = result.error.issues.map((issue) => ({
      field: issue.path.length ? issue.path.join('.') : '(body)',
      message: issue.message,
    }));
    const summary = problems.map((p) => `${p.field} ${p.message}`).join('; ');
    throw new DomainError('validation', summary, problems);
  }
}
