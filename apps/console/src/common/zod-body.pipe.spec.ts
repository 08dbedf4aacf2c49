import { z } from 'zod';

import { DomainError } from './domain-error';
import { ZodPipe } from './zod-body.pipe';

describe(ZodPipe.name, () => {
  const pipe = new ZodPipe(z.object({ type: z.string().optional(), tags: z.array(z.string()) }));

  it('refuses a NUL character and names the field that holds it', () => {
    const attempt = () => pipe.transform({ type: 'full', tags: ['ok', 'bad\u0000'] });

    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow('tags.1 must not contain NUL characters');
  });

  it('names each field that breaks the schema', () => {
    expect(() => pipe.transform({ tags: 'x' })).toThrow(/^tags /);
  });

  it('returns the parsed value when everything is valid', () => {
    expect(pipe.transform({ tags: ['a'] })).toEqual({ tags: ['a'] });
  });
});
