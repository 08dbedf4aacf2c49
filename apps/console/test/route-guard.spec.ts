import { io } from 'socket.io-client';

import { AuthGuard } from '../src/auth/auth.guard';
import { tokenFor } from './support/run-fixtures';
import { concretePath, registeredRoutes, type RegisteredRoute } from './support/route-table';
import { startTestConsole, type TestConsole } from './support/test-console';

/** What may answer without a token: sign-in, refresh, agent enrollment, health, metrics, docs. */
const PUBLIC_ALLOWED =
  /^\/(api\/v1\/auth\/(login|refresh)|api\/v1\/agents\/enroll|health|metrics|api\/docs)/;

describe(AuthGuard.name, () => {
  let console: TestConsole;
  let routes: RegisteredRoute[];

  beforeAll(async () => {
    console = await startTestConsole();
    routes = registeredRoutes(console.app);
  });

  afterAll(async () => {
    await console.close();
  });

  const call = (route: RegisteredRoute, token?: string) =>
    console.api(concretePath(route.path), {
      method: route.method,
      token,
      ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { body: '{}' }),
    });

  it('finds the routes of every controller in the router', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);

    expect(paths).toEqual(
      expect.arrayContaining(['GET /api/v1/runs', 'POST /api/v1/runs/:id/cancel', 'GET /health']),
    );
    expect(routes.length).toBeGreaterThan(15);
  });

  it('declares no route public beyond sign-in, enrollment, health, metrics and docs', () => {
    const open = routes.filter((r) => r.nest === null || r.nest.public);

    expect(open.filter((r) => !PUBLIC_ALLOWED.test(r.path))).toEqual([]);
  });

  it('answers 401 without a token on every route that is not public', async () => {
    const guarded = routes.filter((r) => r.nest && !r.nest.public);
    const answers: string[] = [];

    for (const route of guarded)
      answers.push(`${route.method} ${route.path} ${(await call(route)).status}`);

    expect(answers.filter((a) => !a.endsWith(' 401'))).toEqual([]);
  });

  it('answers 401 to a forged token on every guarded route', async () => {
    const guarded = routes.filter((r) => r.nest && !r.nest.public);
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.c2lnbmF0dXJl';
    const answers: string[] = [];

    for (const route of guarded) {
      answers.push(`${route.method} ${route.path} ${(await call(route, forged)).status}`);
    }

    expect(answers.filter((a) => !a.endsWith(' 401'))).toEqual([]);
  });

  it('answers 403 to a viewer on every operator and admin route, and lets it read', async () => {
    const viewer = await tokenFor(console, 'viewer');
    const raised = routes.filter((r) => r.nest && !r.nest.public && r.nest.role !== 'viewer');
    const readable = routes.filter((r) => r.nest?.role === 'viewer' && !r.nest.public);
    const wrong: string[] = [];

    for (const route of raised) {
      const status = (await call(route, viewer)).status;
      if (status !== 403) wrong.push(`${route.method} ${route.path} ${status}`);
    }
    for (const route of readable) {
      const status = (await call(route, viewer)).status;
      if (status === 401 || status === 403) wrong.push(`${route.method} ${route.path} ${status}`);
    }

    expect(raised.length).toBeGreaterThan(3);
    expect(wrong).toEqual([]);
  });

  it('answers without a token on the public routes', async () => {
    const health = await console.api('/health');
    const metrics = await console.api('/metrics');
    const docs = await console.api('/api/docs-json');

    expect([health.status, metrics.status, docs.status]).toEqual([200, 200, 200]);
  });

  describe('socket namespaces', () => {
    const refused = (namespace: string, auth: Record<string, unknown>) =>
      new Promise<string>((resolve) => {
        const socket = io(`${console.url}${namespace}`, {
          auth,
          transports: ['websocket'],
          reconnection: false,
        });
        const timer = setTimeout(() => {
          resolve('still connected');
          socket.close();
        }, 1500);
        socket.on('disconnect', (reason) => {
          clearTimeout(timer);
          resolve(reason);
        });
        socket.on('connect_error', (error) => {
          clearTimeout(timer);
          resolve(`refused: ${error.message}`);
        });
      });

    it.each([
      ['/ui', {}],
      ['/ui', { token: 'not-a-jwt' }],
      ['/ui', { token: { $ne: null } }],
      ['/agents', {}],
      ['/agents', { agentId: '00000000-0000-4000-8000-000000000000', secret: 'guess' }],
      ['/agents', { agentId: "' OR 1=1 --", secret: ['x'] }],
    ])('drops a %s connection with credentials %j', async (namespace, auth) => {
      const outcome = await refused(namespace, auth);

      expect(outcome).not.toBe('still connected');
    });

    it('keeps a /ui connection with a valid token', async () => {
      const token = await tokenFor(console, 'viewer');

      const outcome = await refused('/ui', { token });

      expect(outcome).toBe('still connected');
    });
  });
});
