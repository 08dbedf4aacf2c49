import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

import { DomainError, type FieldProblem } from './domain-error';

/**
 * Validates a body or query against a contracts schema; errors name each field and rule.
 * A NUL character is refused in any field first: PostgreSQL cannot store or compare it.
 */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    const nul = findNul(value, []);
    if (nul) fail([{ field: nul, message: 'must not contain NUL characters' }]);

    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;

    fail(
      result.error.issues.map((issue) => ({
        field: issue.path.length ? issue.path.join('.') : '(body)',
        message: issue.message,
      })),
    );
  }
}

function fail(problems: FieldProblem[]): never {
  const summary = problems.map((p) => `${p.field} ${p.message}`).join('; ');
  throw new DomainError('validation', summary, problems);
}

/** The dotted path of the first string (or key) holding a NUL, at most 20 levels down. */
function findNul(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? path.join('.') || '(body)' : null;
  }
  if (typeof value !== 'object' || value === null || path.length > 20) return null;

  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key.replace(/\u0000/g, '')].join('.');
    const found = findNul(child, [...path, key]);
    if (found) return found;
  }
  return null;
}
