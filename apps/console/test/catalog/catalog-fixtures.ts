import type { StrategyDocumentInput } from '@rampart/contracts';

import { AgentsService } from '../../src/agents/agents.service';
import { AuthService } from '../../src/auth/auth.service';
import { TargetsService } from '../../src/targets/targets.service';
import type { TestConsole } from '../support/test-console';

/** Factories for the catalog tests: an agent, a target in a known log mode, some users. */
export async function addAgent(console: TestConsole, name = 'dbhost1'): Promise<string> {
  return (await console.get(AgentsService).register(name)).agentId;
}

export async function addTarget(
  console: TestConsole,
  token: string,
  name: string,
  logMode: 'ARCHIVELOG' | 'NOARCHIVELOG' | null,
  agentId?: string,
): Promise<{ id: string; agentId: string }> {
  const agent = agentId ?? (await addAgent(console, `host-${name.toLowerCase()}`));
  const response = await console.api('/api/v1/targets', {
    method: 'POST',
    token,
    body: JSON.stringify({ name, agentId: agent, oracleSid: name, oracleHome: '/u01/app/oracle' }),
  });
  if (response.status !== 201)
    throw new Error(`target: ${response.status} ${await response.text()}`);

  const { id } = (await response.json()) as { id: string };
  if (logMode) await console.get(TargetsService).recordLogMode(id, logMode);
  return { id, agentId: agent };
}

export async function signInAs(
  console: TestConsole,
  username: string,
  role: 'viewer' | 'operator' | 'admin',
): Promise<string> {
  const password = `${username}-password-long`;
  await console.get(AuthService).createUser(username, password, role);
  return console.login(username, password);
}

export function nightlyFull(target: string, name = 'nightly full'): StrategyDocumentInput {
  return {
    name,
    target,
    type: 'full',
    priority: 'high',
    schedule: {
      enabled: true,
      spec: { kind: 'daily', time: '02:00', timezone: 'Europe/Paris' },
    },
    options: { channels: 2, compression: 'medium' },
  };
}

export function json(body: unknown): RequestInit {
  return { body: JSON.stringify(body) };
}

/** A response whose JSON answer the assertions read freely (fetch types it `unknown`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonResponse = Omit<Response, 'json'> & { json(): Promise<any> };

/** `console.api` with the answer typed for assertions. */
export function apiOf(console: TestConsole) {
  return (path: string, init: RequestInit & { token?: string } = {}) =>
    console.api(path, init) as Promise<JsonResponse>;
}
