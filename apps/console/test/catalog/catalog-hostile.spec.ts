import fc from 'fast-check';

import { startTestConsole, type TestConsole } from '../support/test-console';
import { addTarget, nightlyFull, signInAs } from './catalog-fixtures';

const HOSTILE = [
  "'; DROP TABLE strategies; --",
  '$(reboot)',
  '`id`',
  '\u0000',
  '\r\nHOST rm -rf /',
  '../../etc/passwd',
  '%s%n%x',
  '{{7*7}}',
  '🙂'.repeat(300),
  'A'.repeat(20_000),
  '__proto__',
];

const hostileText = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 200 }));
const anyValue = fc.oneof(hostileText, fc.jsonValue({ maxDepth: 3 }), fc.constant(null));

/** A valid body with some fields (known or not) replaced by hostile or malformed values. */
function mutated(base: Record<string, unknown>) {
  const keys = [...Object.keys(base), 'constructor', 'extra', '__proto__'];
  return fc
    .dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 4 })
    .map((changes) => ({ ...base, ...changes }));
}

const body = (base: Record<string, unknown>) =>
  fc.oneof(mutated(base), fc.jsonValue({ maxDepth: 4 }), hostileText);

/** Every hostile value in every field of the valid body, tried before the random ones. */
function everyHostileField(base: Record<string, unknown>): [unknown][] {
  return Object.keys(base).flatMap((key) => HOSTILE.map((h): [unknown] => [{ ...base, [key]: h }]));
}

describe('catalog endpoints under hostile input', () => {
  let console: TestConsole;
  let admin: string;
  let strategyId: string;
  let target: { id: string; agentId: string };
  let userId: string;

  beforeAll(async () => {
    console = await startTestConsole();
    admin = await console.login();
    target = await addTarget(console, admin, 'PROD1', 'ARCHIVELOG');
    await signInAs(console, 'patchme', 'viewer');
    const created = await console.api('/api/v1/strategies', {
      method: 'POST',
      token: admin,
      body: JSON.stringify(nightlyFull('PROD1', 'base')),
    });
    strategyId = ((await created.json()) as { id: string }).id;
    const users = (await (await console.api('/api/v1/users', { token: admin })).json()) as {
      id: string;
      username: string;
    }[];
    userId = users.find((u) => u.username === 'patchme')?.id ?? '';
  });

  afterAll(async () => {
    await console.close();
  });

  async function neverServerError(method: string, path: string, base: Record<string, unknown>) {
    await fc.assert(
      fc.asyncProperty(body(base), async (value) => {
        const response = await console.api(path, {
          method,
          token: admin,
          body: JSON.stringify(value),
        });
        const answer = await response.text();

        expect(response.status).toBeLessThan(500);
        // Express refuses a bare JSON scalar before validation: a 400 with a message only.
        const parsed = typeof value === 'object' && value !== null;
        if (response.status === 400 && parsed) expect(JSON.parse(answer).problems).toBeDefined();
      }),
      { numRuns: 25, examples: everyHostileField(base) },
    );
  }

  const doc = () => ({
    ...(nightlyFull('PROD1', 'hostile') as Record<string, unknown>),
    description: 'nightly',
  });

  it.each([
    ['POST', '/api/v1/strategies'],
    ['POST', '/api/v1/strategies/preview'],
    ['POST', '/api/v1/strategies/import'],
  ])('%s %s answers 4xx, never 500', async (method, path) => {
    await neverServerError(method, path, doc());
  });

  it('PUT /strategies/:id and POST /:id/clone answer 4xx, never 500', async () => {
    await neverServerError('PUT', `/api/v1/strategies/${strategyId}`, doc());
    await neverServerError('POST', `/api/v1/strategies/${strategyId}/clone`, { name: 'c' });
  });

  it('PUT /targets/:id and archivelog/enable answer 4xx, never 500', async () => {
    const settings = {
      name: 'PROD1',
      agentId: target.agentId,
      oracleSid: 'PROD1',
      auth: 'password',
      connectString: 'db:1521/PROD1',
      username: 'rampart',
    };

    await neverServerError('PUT', `/api/v1/targets/${target.id}`, settings);
    await neverServerError('POST', `/api/v1/targets/${target.id}/archivelog/enable`, {
      confirm: 'NOT-THE-NAME',
    });
  });

  it('users and own password answer 4xx, never 500', async () => {
    const user = { username: 'newbie', password: 'long-enough-password', role: 'viewer' };

    await neverServerError('POST', '/api/v1/users', user);
    await neverServerError('PATCH', `/api/v1/users/${userId}`, { unlock: true });
    await neverServerError('POST', '/api/v1/auth/password', {
      currentPassword: 'x',
      newPassword: 'long-enough-password',
    });
  });

  const QUERY_FIELDS = ['actor', 'action', 'entity', 'entityId', 'from', 'to', 'cursor', 'limit'];

  it('audit and diff queries answer 4xx, never 500', async () => {
    const examples = QUERY_FIELDS.flatMap((field) =>
      HOSTILE.map((h): [Record<string, string>] => [{ [field]: h.slice(0, 300) }]),
    );
    const query = fc.dictionary(
      fc.constantFrom(...QUERY_FIELDS),
      hostileText.map((s) => s.slice(0, 300)),
      { maxKeys: 4 },
    );

    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const qs = new URLSearchParams(params).toString();
        const audit = await console.api(`/api/v1/audit?${qs}`, { token: admin });
        const diff = await console.api(`/api/v1/strategies/${strategyId}/diff?${qs}`, {
          token: admin,
        });

        expect(audit.status).toBeLessThan(500);
        expect(diff.status).toBeLessThan(500);
      }),
      { numRuns: 40, examples },
    );
  });
});
