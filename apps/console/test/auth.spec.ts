import type { LoginResponse } from '@rampart/contracts';

import { DataSource } from 'typeorm';

import { AuthService } from '../src/auth/auth.service';
import { clientOf, LoginThrottle } from '../src/auth/login-throttle';
import { ADMIN_PASSWORD, startTestConsole, type TestConsole } from './support/test-console';

describe('authentication', () => {
  let console: TestConsole;

  beforeAll(async () => {
    console = await startTestConsole();
  });

  afterAll(async () => {
    await console.close();
  });

  it('signs in the first admin and returns tokens', async () => {
    const response = await console.api('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });

    expect(response.status).toBe(200);
    const body = (await response.json()) as LoginResponse;
    expect(body.accessToken).toEqual(expect.any(String));
    expect(body.refreshToken).toEqual(expect.any(String));
    expect(body.user).toMatchObject({ username: 'admin', role: 'admin' });
  });

  it('answers 401 to a request without a token', async () => {
    const response = await console.api('/api/v1/strategies');

    expect(response.status).toBe(401);
  });

  it('answers 401 to a forged token', async () => {
    const forged = 'eyJhbGciOiJIUzI1NiJ9.e30.x';

    const response = await console.api('/api/v1/strategies', { token: forged });

    expect(response.status).toBe(401);
  });

  it('names the missing field when the body is malformed', async () => {
    const response = await console.api('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'admin' }),
    });

    expect(response.status).toBe(400);
    const body = (await response.json()) as { problems: unknown };
    expect(body.problems).toEqual([{ field: 'password', message: expect.any(String) }]);
  });

  it('rotates refresh tokens: each works once', async () => {
    const login = await console.api('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { refreshToken } = (await login.json()) as LoginResponse;

    const first = await console.api('/api/v1/auth/refresh', {
      method: 'POST',
      body: JSON.stringify({ refreshToken }),
    });
    const second = await console.api('/api/v1/auth/refresh', {
      method: 'POST',
      body: JSON.stringify({ refreshToken }),
    });

    expect(first.status).toBe(200);
    expect(second.status).toBe(401);
  });

  it('revokes every session of a user whose refresh token is used twice', async () => {
    const signIn = () =>
      console.api('/api/v1/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      });
    const refresh = (refreshToken: string) =>
      console.api('/api/v1/auth/refresh', {
        method: 'POST',
        body: JSON.stringify({ refreshToken }),
      });
    const stolen = ((await (await signIn()).json()) as LoginResponse).refreshToken;
    const successor = ((await (await refresh(stolen)).json()) as LoginResponse).refreshToken;

    expect((await refresh(stolen)).status).toBe(401);

    expect((await refresh(successor)).status).toBe(401);
  });

  it('stops an address after five wrong passwords for a user, even the right one', async () => {
    await console.get(AuthService).createUser('viewer1', 'viewer-password', 'viewer');
    const attempt = (username: string, password: string) =>
      console.api('/api/v1/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username, password }),
      });

    for (let i = 0; i < 5; i++) expect((await attempt('viewer1', 'wrong')).status).toBe(401);
    const stopped = await attempt('viewer1', 'viewer-password');
    const otherUser = await console.login();

    expect(stopped.status).toBe(429);
    expect(((await stopped.json()) as { message: string }).message).toMatch(/wait 15 minutes/);
    expect(otherUser).toEqual(expect.any(String));
  });

  it('answers an unknown user exactly as a known one, so no answer tells who exists', async () => {
    await console.get(AuthService).createUser('viewer3', 'viewer-password', 'viewer');
    const attempt = async (username: string) => {
      const response = await console.api('/api/v1/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username, password: 'wrong-password' }),
      });
      return `${response.status} ${((await response.json()) as { message: string }).message}`;
    };

    const known: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < 6; i++) known.push(await attempt('viewer3'));
    for (let i = 0; i < 6; i++) unknown.push(await attempt('ghost-user'));
    await console.get(LoginThrottle).clear('viewer3');
    await console.get(LoginThrottle).clear('ghost-user');

    expect(unknown).toEqual(known);
    expect(known.at(-1)).toMatch(/^429 /);
  });

  it('never locks the account itself, so no stranger can keep a user out', async () => {
    const user = await console.get(AuthService).createUser('viewer4', 'viewer-password', 'viewer');
    await console
      .get(DataSource)
      .query('UPDATE users SET failed_logins = 500 WHERE id = $1', [user.id]);

    const right = await console.api('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'viewer4', password: 'viewer-password' }),
    });

    expect(right.status).toBe(200);
  });

  it('forbids a viewer to start a run', async () => {
    await console.get(AuthService).createUser('viewer2', 'viewer-password', 'viewer');
    const token = await console.login('viewer2', 'viewer-password');

    const response = await console.api(
      '/api/v1/strategies/00000000-0000-4000-8000-000000000000/runs',
      { method: 'POST', token },
    );

    expect(response.status).toBe(403);
  });

  it('treats usernames without regard to case', async () => {
    const auth = console.get(AuthService);

    await expect(auth.createUser('ADMIN', 'look-alike-password', 'admin')).rejects.toThrow(
      /exists already/,
    );
    await expect(console.login('Admin', ADMIN_PASSWORD)).resolves.toEqual(expect.any(String));
  });

  it('stores passwords as Argon2id hashes', async () => {
    const user = await console.get(AuthService).createUser('op1', 'operator-password', 'operator');

    expect(user.passwordHash.startsWith('$argon2id$')).toBe(true);
  });
});

describe('sign-in throttle under a burst', () => {
  let burstConsole: TestConsole;

  beforeAll(async () => {
    burstConsole = await startTestConsole();
  });

  afterAll(async () => {
    await burstConsole.close();
  });

  it('counts a burst of parallel guesses before checking them: five get an answer', async () => {
    await burstConsole.get(AuthService).createUser('viewer5', 'viewer-password', 'viewer');
    const guess = () =>
      burstConsole.api('/api/v1/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username: 'viewer5', password: 'a-wrong-guess' }),
      });

    const statuses = (await Promise.all(Array.from({ length: 20 }, guess))).map((r) => r.status);

    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });
});

describe('sign-in throttle behind a reverse proxy', () => {
  const attempt = (target: TestConsole, client: string) =>
    target.api('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ username: 'admin', password: 'not-the-password' }),
    });

  it.each([
    ['believes X-Forwarded-For from a trusted proxy: each client has its own count', '1', 401],
    ['ignores X-Forwarded-For without RAMPART_TRUST_PROXY: one count for everyone', '0', 429],
  ])('%s', async (_, hops, secondClient) => {
    const proxied = await startTestConsole({ RAMPART_TRUST_PROXY: hops });
    try {
      for (let i = 0; i < 5; i++) await attempt(proxied, '203.0.113.7');
      const first = await attempt(proxied, '203.0.113.7');
      const second = await attempt(proxied, '198.51.100.9');

      expect(first.status).toBe(429);
      expect(second.status).toBe(secondClient);
    } finally {
      await proxied.close();
    }
  });
});

describe(clientOf.name, () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:10.0.0.7', '10.0.0.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8::ffff', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('counts %s as %s', (address, client) => {
    expect(clientOf(address)).toBe(client);
  });
});
