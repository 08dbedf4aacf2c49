import { io } from 'socket.io-client';

import type { AuditPage } from '@rampart/contracts';

import { AgentsService } from '../../src/agents/agents.service';
import { UsersService } from '../../src/users/users.service';
import { startTestConsole, type TestConsole } from '../support/test-console';
import { addTarget, apiOf, signInAs } from './catalog-fixtures';

describe(UsersService.name, () => {
  let console: TestConsole;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    console = await startTestConsole();
    admin = await console.login();
    viewer = await signInAs(console, 'watcher', 'viewer');
  });

  afterAll(async () => {
    await console.close();
  });

  const send = (method: string, path: string, token: string, body?: unknown) =>
    apiOf(console)(`/api/v1${path}`, {
      method,
      token,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  async function createUser(username: string, role = 'operator') {
    const response = await send('POST', '/users', admin, {
      username,
      password: `${username}-initial-pw`,
      role,
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; role: string };
  }

  describe('users', () => {
    it('lets an admin create and list users, without any password hash in the answer', async () => {
      await createUser('dba1');

      const response = await send('GET', '/users', admin);
      const text = await response.text();

      expect(response.status).toBe(200);
      expect(JSON.parse(text)).toEqual(
        expect.arrayContaining([expect.objectContaining({ username: 'dba1', role: 'operator' })]),
      );
      expect(text).not.toContain('argon2');
    });

    it('forbids anyone but an admin to list, create or change users', async () => {
      const target = await createUser('dba2');

      expect((await send('GET', '/users', viewer)).status).toBe(403);
      expect((await send('POST', '/users', viewer, { username: 'x' })).status).toBe(403);
      expect((await send('PATCH', `/users/${target.id}`, viewer, { role: 'admin' })).status).toBe(
        403,
      );
    });

    it('names each bad field, including hostile user names', async () => {
      const response = await send('POST', '/users', admin, {
        username: "robert'); DROP TABLE users;--",
        password: 'short',
        role: 'root',
      });

      expect(response.status).toBe(400);
      expect((await response.json()).problems.map((p: { field: string }) => p.field)).toEqual([
        'username',
        'password',
        'role',
      ]);
    });

    it('changes a role, and refuses unknown patch fields', async () => {
      const user = await createUser('dba3');

      const promoted = await send('PATCH', `/users/${user.id}`, admin, { role: 'admin' });
      const unknown = await send('PATCH', `/users/${user.id}`, admin, { passwordHash: 'x' });

      expect(promoted.status).toBe(200);
      expect((await promoted.json()).role).toBe('admin');
      expect(unknown.status).toBe(400);
    });

    it('signs a demoted user out at once, everywhere, until they sign in again', async () => {
      const user = await createUser('dba9', 'admin');
      const before = await console.login('dba9', 'dba9-initial-pw');
      const dashboard = io(`${console.url}/ui`, {
        auth: { token: before },
        transports: ['websocket'],
        reconnection: false,
      });
      await new Promise<void>((resolve, reject) =>
        dashboard.once('connect', () => resolve()).once('connect_error', reject),
      );
      const closed = new Promise<string>((resolve) => dashboard.once('disconnect', resolve));

      await send('PATCH', `/users/${user.id}`, admin, { role: 'viewer' });
      const stale = await send('GET', '/users', before);
      const reason = await closed;
      const after = await console.login('dba9', 'dba9-initial-pw');

      expect(stale.status).toBe(401);
      expect((await stale.json()).message).toMatch(/sign in again/);
      expect(reason).toBe('io server disconnect');
      expect((await send('GET', '/strategies', after)).status).toBe(200);
      expect((await send('GET', '/users', after)).status).toBe(403);
    });

    it('refuses to demote the last admin', async () => {
      const users = await (await send('GET', '/users', admin)).json();
      const admins = users.filter((u: { role: string }) => u.role === 'admin');
      for (const other of admins.slice(1)) {
        await send('PATCH', `/users/${other.id}`, admin, { role: 'viewer' });
      }

      const response = await send('PATCH', `/users/${admins[0].id}`, admin, { role: 'viewer' });

      expect(response.status).toBe(409);
      expect((await response.json()).problems[0].field).toBe('role');
    });

    it('unlocks a locked-out user and resets a password', async () => {
      const user = await createUser('dba4');
      const attempt = (password: string) =>
        apiOf(console)('/api/v1/auth/login', {
          method: 'POST',
          body: JSON.stringify({ username: 'dba4', password }),
        });
      for (let i = 0; i < 5; i++) await attempt('wrong');
      const locked = await attempt('dba4-initial-pw');

      const patched = await send('PATCH', `/users/${user.id}`, admin, {
        unlock: true,
        password: 'a-brand-new-password',
      });

      expect(locked.status).toBe(429);
      expect((await patched.json()).locked).toBe(false);
      expect((await attempt('dba4-initial-pw')).status).toBe(401);
      expect((await attempt('a-brand-new-password')).status).toBe(200);
    });
  });

  describe('own password', () => {
    it('changes the password given the current one, and refuses a wrong current one', async () => {
      const token = await signInAs(console, 'selfserve', 'viewer');

      const wrong = await send('POST', '/auth/password', token, {
        currentPassword: 'not-it',
        newPassword: 'selfserve-second-pw',
      });
      const right = await send('POST', '/auth/password', token, {
        currentPassword: 'selfserve-password-long',
        newPassword: 'selfserve-second-pw',
      });

      expect(wrong.status).toBe(400);
      expect((await wrong.json()).problems[0].field).toBe('currentPassword');
      expect(right.status).toBe(204);
      expect((await send('GET', '/strategies', token)).status).toBe(401);
      await expect(console.login('selfserve', 'selfserve-second-pw')).resolves.toEqual(
        expect.any(String),
      );
    });

    it('needs a signed-in user', async () => {
      const response = await apiOf(console)('/api/v1/auth/password', {
        method: 'POST',
        body: JSON.stringify({ currentPassword: 'a', newPassword: 'b' }),
      });

      expect(response.status).toBe(401);
    });
  });

  describe('audit', () => {
    it('pages newest first with a cursor, without repeating or skipping events', async () => {
      for (let i = 0; i < 5; i++) await createUser(`paged${i}`, 'viewer');

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const after: string = cursor ? `&cursor=${cursor}` : '';
        const page: AuditPage = await (
          await send('GET', `/audit?entity=user&action=create&limit=2${after}`, admin)
        ).json();
        seen.push(...page.items.map((e) => String(e.details['username'])));
        cursor = page.nextCursor;
      } while (cursor);

      const paged = seen.filter((name) => name?.startsWith('paged'));
      expect(paged).toEqual(['paged4', 'paged3', 'paged2', 'paged1', 'paged0']);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('filters by actor and period, and names a bad filter', async () => {
      const later = new Date(Date.now() + 60_000).toISOString();

      const future = await (await send('GET', `/audit?from=${later}`, admin)).json();
      const byAdmin = await (await send('GET', '/audit?actor=admin&limit=500', admin)).json();
      const bad = await send('GET', '/audit?cursor=1%20OR%201=1&limit=9999', admin);

      expect(future.items).toEqual([]);
      expect(byAdmin.items.every((e: { actorName: string }) => e.actorName === 'admin')).toBe(true);
      expect(bad.status).toBe(400);
      expect((await bad.json()).problems.map((p: { field: string }) => p.field)).toEqual([
        'cursor',
        'limit',
      ]);
    });

    it('names the users and targets the events are about', async () => {
      const user = await createUser('named-one');
      const target = await addTarget(console, admin, 'NAMED1', null);

      const userPage = await (await send('GET', `/audit?entityId=${user.id}`, admin)).json();
      const targetPage = await (await send('GET', `/audit?entityId=${target.id}`, admin)).json();

      expect(userPage.items[0]).toMatchObject({ entity: 'user', entityName: 'named-one' });
      expect(targetPage.items[0]).toMatchObject({ entity: 'target', entityName: 'NAMED1' });
    });

    it('leaves one action out on request, sign-ins above all', async () => {
      const all = await (await send('GET', '/audit?limit=500', admin)).json();
      const quiet = await (await send('GET', '/audit?limit=500&skipAction=login', admin)).json();
      const actions = (page: { items: { action: string }[] }) => page.items.map((e) => e.action);

      expect(actions(all)).toContain('login');
      expect(actions(quiet)).not.toContain('login');
      expect(quiet.items.length).toBe(
        all.items.filter((e: { action: string }) => e.action !== 'login').length,
      );
    });

    it('is for admins only', async () => {
      expect((await send('GET', '/audit', viewer)).status).toBe(403);
    });
  });

  describe('agents', () => {
    it('returns the enrollment commands with the token', async () => {
      const response = await send('POST', '/agents/enrollment-tokens', admin, {
        agentName: 'dbhost9',
      });
      const body = await response.json();

      expect(response.status).toBe(201);
      expect(body.commands.enroll).toContain(`--token '${body.token}'`);
      expect(body.commands.enroll).toContain(`--console '${console.url}'`);
      expect(body).toMatchObject({ agentName: 'dbhost9', expiresAt: expect.any(String) });
    });

    it('revokes an agent: its secret no longer authenticates', async () => {
      const agents = console.get(AgentsService);
      const identity = await agents.register('doomed');
      const before = await agents.authenticate(identity.agentId, identity.secret);

      const response = await send('DELETE', `/agents/${identity.agentId}`, admin);
      const listed = await (await send('GET', '/agents', viewer)).json();

      expect(before).not.toBeNull();
      expect(response.status).toBe(204);
      expect(await agents.authenticate(identity.agentId, identity.secret)).toBeNull();
      expect(listed.find((a: { id: string }) => a.id === identity.agentId).revokedAt).toEqual(
        expect.any(String),
      );
    });

    it('drops the live socket of a revoked agent', async () => {
      const identity = await console.get(AgentsService).register('connected-doomed');
      const socket = io(`${console.url}/agents`, {
        auth: { agentId: identity.agentId, secret: identity.secret },
        transports: ['websocket'],
        reconnection: false,
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => setTimeout(resolve, 200));
        socket.once('connect_error', reject);
      });
      const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));

      await send('DELETE', `/agents/${identity.agentId}`, admin);

      await expect(dropped).resolves.toBe('io server disconnect');
      socket.close();
    });

    it('answers 404 for an unknown agent and 403 to a viewer', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';

      expect((await send('DELETE', `/agents/${unknown}`, admin)).status).toBe(404);
      expect((await send('DELETE', `/agents/${unknown}`, viewer)).status).toBe(403);
    });
  });
});
