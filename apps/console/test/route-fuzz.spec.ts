import fc from 'fast-check';

import { ZodPipe } from '../src/common/zod-body.pipe';
import { concretePath, registeredRoutes, type RegisteredRoute } from './support/route-table';
import { startTestConsole, type TestConsole } from './support/test-console';

/**
 * Routes left out because a well-formed fuzzed body would make the console reach a host:
 * SMTP tests send mail, connection tests and inspections go through an agent to a database.
 */
const REACHES_OUT = /smtp|test|connection|inspect|archivelog\/enable|catalog/;
const RUNS_PER_ROUTE = 40;

const HOSTILE = [
  "'; DROP TABLE logs_backup; --",
  '" OR 1=1 --',
  'BACKUP DATABASE; SHUTDOWN ABORT;',
  "'); HOST 'rm -rf /'; --",
  '$(reboot)',
  '`id`',
  '@/etc/passwd',
  '../../../../etc/passwd',
  '=HYPERLINK("http://x")',
  '%00',
  '\u0000',
  '\ud800',
  '𝕺𝖗𝖆𝖈𝖑𝖊 ✓ ÄÖÜ',
  '__proto__',
  'constructor',
  '1e309',
  'NaN',
  '-1',
  '9'.repeat(40),
];
const FIELD_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'name',
  'type',
  'status',
  'targetId',
  'strategyId',
  'from',
  'to',
  'limit',
  'cursor',
  'afterSeq',
  'role',
  'username',
  'password',
  'document',
  'schedule',
  'priority',
  'enabled',
  'email',
  'host',
  'script',
  'tablespaces',
  'refreshToken',
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'A'.repeat(n)),
);
const leaf = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e308),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...FIELD_NAMES), tie('node'), { maxKeys: 5 }),
  ),
})).node;
const body = fc.oneof(
  fc
    .dictionary(fc.constantFrom(...FIELD_NAMES), value, { maxKeys: 8 })
    .map((o) => JSON.stringify(o)),
  value.map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom('{', '{"a":', '[1,2', 'not json', '{"__proto__":{"admin":true}}', ''),
  fc.constant(JSON.stringify({ a: nested(3000) })),
);
const query = fc
  .array(fc.tuple(fc.constantFrom(...FIELD_NAMES, 'a[b]', 'status[]'), hostileString), {
    maxLength: 6,
  })
  .map((pairs) => new URLSearchParams(pairs).toString());

describe(ZodPipe.name, () => {
  let console: TestConsole;
  let admin: string;
  let targets: RegisteredRoute[];

  beforeAll(async () => {
    console = await startTestConsole();
    admin = await console.login();
    targets = registeredRoutes(console.app).filter(
      (r) => (r.nest?.takesBody || r.nest?.takesQuery) && !REACHES_OUT.test(r.path),
    );
  });

  afterAll(async () => {
    await console.close();
  });

  it('finds the routes that take a body or a query', () => {
    const names = targets.map((r) => `${r.method} ${r.path}`);

    expect(targets.length).toBeGreaterThan(10);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /api/v1/runs',
        'GET /api/v1/runs/export.csv',
        'POST /api/v1/auth/login',
      ]),
    );
  });

  it('answers hostile and malformed input on every such route without a 500', async () => {
    const failures: string[] = [];

    for (const route of targets) {
      await fc
        .assert(
          fc.asyncProperty(body, query, async (payload, search) => {
            const status = await send(route, payload, search);
            if (status >= 500) failures.push(describeFailure(route, search, payload, status));
            return status < 500;
          }),
          { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        )
        .catch(() => undefined);
    }

    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  }, 240_000);

  async function send(route: RegisteredRoute, payload: string, search: string): Promise<number> {
    const withBody = route.method !== 'GET' && route.method !== 'HEAD';
    const response = await console.api(`${concretePath(route.path)}?${search}`, {
      method: route.method,
      token: admin,
      headers: { 'content-type': 'application/json' },
      ...(withBody ? { body: payload } : {}),
    });
    await response.arrayBuffer();
    return response.status;
  }
});

function nested(depth: number): unknown {
  let node: unknown = 'deep';
  for (let i = 0; i < depth; i++) node = { a: node };
  return node;
}

function describeFailure(route: RegisteredRoute, search: string, payload: string, status: number) {
  return `${status} ${route.method} ${route.path}?${search.slice(0, 150)} ${payload.slice(0, 150)}`;
}
