import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  commandOf,
  type ComposeFile,
  type ComposeService,
  readCompose,
  secretNames,
} from './support/compose';
import { readDockerfile } from './support/dockerfile';
import { ROOT } from './support/root';

const SECRET_NAME = /PASSWORD|SECRET|MASTER_KEY$|TOKEN/;
const HEALTH_CONDITIONS = ['service_healthy', 'service_started', 'service_completed_successfully'];

/**
 * No Docker engine runs on our machines: these tests read the compose files as Compose does
 * and check what would otherwise fail only on a DBA's first `docker compose up`.
 */
describe('docker-compose.yml (the whole system on one host)', () => {
  const compose = readCompose('docker-compose.yml');

  it('runs PostgreSQL, Redis, the console, a demo agent and a mail catcher', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'console', 'agent', 'mail', 'demo-setup']),
    );
  });

  it('builds the console and the demo agent from the repository with deploy/ images', () => {
    expectBuildsFromRepository(compose);

    expect(compose.services['console']?.build?.dockerfile).toBe('deploy/Dockerfile.console');
    expect(compose.services['agent']?.build).toMatchObject({
      dockerfile: 'deploy/Dockerfile.agent',
      target: 'agent-demo',
    });
  });

  it('keeps Redis append-only and refuses to evict queued jobs', () => {
    const command = commandOf(compose.services['redis'] as ComposeService);

    expect(flagValue(command, '--appendonly')).toBe('yes');
    expect(flagValue(command, '--maxmemory-policy')).toBe('noeviction');
  });

  it('starts each service after the health of what it needs', () => {
    expectDependenciesHealthy(compose);

    expect(conditionOf(compose, 'console', 'postgres')).toBe('service_healthy');
    expect(conditionOf(compose, 'console', 'redis')).toBe('service_healthy');
    expect(conditionOf(compose, 'agent', 'demo-setup')).toBe('service_completed_successfully');
  });

  it('publishes the console and the mail UI, never PostgreSQL or Redis', () => {
    expect(compose.services['console']?.ports).toContain('3000:3000');
    expect(compose.services['mail']?.ports).toContain('127.0.0.1:8025:8025');

    expect(compose.services['postgres']?.ports).toBeUndefined();
    expect(compose.services['redis']?.ports).toBeUndefined();
  });

  it('shares the agent identity between the setup and the agent at the same path', () => {
    const mountOf = (service: string) =>
      compose.services[service]?.volumes?.find((v) => v.startsWith('agent-identity:'));

    expect(mountOf('demo-setup')).toBe('agent-identity:/var/lib/rampart/agent');
    expect(mountOf('agent')).toBe(mountOf('demo-setup'));
    expect(commandOf(compose.services['demo-setup'] as ComposeService)).toContain(
      '/var/lib/rampart/agent/agent.json',
    );
  });
});

describe('docker-compose.prod.yml (production)', () => {
  const compose = readCompose('docker-compose.prod.yml');

  it('runs no simulator, no demo agent and no mail catcher', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['console', 'migrate', 'postgres', 'redis'].sort(),
    );
    expect(readFileSync(join(ROOT, 'docker-compose.prod.yml'), 'utf8')).not.toMatch(
      /oracle-sim|agent-demo|seed-demo|mailpit/,
    );
  });

  it('publishes no PostgreSQL or Redis port', () => {
    expect(compose.services['postgres']?.ports).toBeUndefined();
    expect(compose.services['redis']?.ports).toBeUndefined();
  });

  it('holds no secret in clear: every secret variable is a *_FILE in /run/secrets', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (key.endsWith('_FILE')) {
          expect([name, key, value]).toEqual([
            name,
            key,
            expect.stringMatching(/^\/run\/secrets\//),
          ]);
          continue;
        }
        expect([name, key, SECRET_NAME.test(key)]).toEqual([name, key, false]);
        expect([name, key, String(value)]).not.toEqual([
          name,
          key,
          expect.stringMatching(/:\/\/[^/]*@/),
        ]);
      }
    }
  });

  it('mounts every secret a service reads, from files outside the images', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const mounted = secretNames(service);
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!key.endsWith('_FILE')) continue;
        expect([name, key, mounted]).toEqual([
          name,
          key,
          expect.arrayContaining([String(value).replace('/run/secrets/', '')]),
        ]);
      }
      for (const secret of mounted) {
        expect(compose.secrets?.[secret]?.file).toMatch(/^\.\/secrets\//);
      }
    }
  });

  it('gives the console entrypoint every *_FILE variable the console is handed', () => {
    const entrypoint = readFileSync(join(ROOT, 'deploy/console-entrypoint.sh'), 'utf8');
    const handled = /for name in ([^;]+);/.exec(entrypoint)?.[1]?.split(/\s+/) ?? [];
    const fileVariables = Object.keys(compose.services['console']?.environment ?? {})
      .filter((key) => key.endsWith('_FILE'))
      .map((key) => key.replace(/_FILE$/, ''));

    expect(fileVariables.length).toBeGreaterThan(0);
    expect(handled).toEqual(expect.arrayContaining(fileVariables));
  });

  it('migrates once before any console starts', () => {
    expect(commandOf(compose.services['migrate'] as ComposeService)).toEqual(['migrate']);
    expect(conditionOf(compose, 'console', 'migrate')).toBe('service_completed_successfully');
    expectDependenciesHealthy(compose);
  });

  it('configures Redis append-only, noeviction and ACL users from a secret file', () => {
    const config = compose.configs?.['redis_conf']?.file ?? '';
    const conf = readFileSync(join(ROOT, config), 'utf8');

    expect(conf).toMatch(/^appendonly yes$/m);
    expect(conf).toMatch(/^maxmemory-policy noeviction$/m);
    expect(conf).toMatch(/^aclfile \/run\/secrets\/redis_users_acl$/m);
    expect(secretNames(compose.services['redis'] as ComposeService)).toContain('redis_users_acl');
  });

  it('builds the console from the repository', () => {
    expectBuildsFromRepository(compose);
  });
});

function expectBuildsFromRepository(compose: ComposeFile): void {
  for (const [name, service] of Object.entries(compose.services)) {
    if (!service.build) {
      expect([name, service.image]).toEqual([name, expect.any(String)]);
      continue;
    }
    const dockerfile = join(ROOT, service.build.context, service.build.dockerfile ?? 'Dockerfile');

    expect([name, existsSync(dockerfile)]).toEqual([name, true]);
    if (service.build.target) {
      const stages = readDockerfile(dockerfile).map((stage) => stage.name);
      expect([name, stages]).toEqual([name, expect.arrayContaining([service.build.target])]);
    }
  }
}

function expectDependenciesHealthy(compose: ComposeFile): void {
  for (const [name, service] of Object.entries(compose.services)) {
    const dependsOn = service.depends_on ?? {};
    expect([name, Array.isArray(dependsOn)]).toEqual([name, false]);

    for (const [dependency, { condition }] of Object.entries(dependsOn)) {
      const needed = compose.services[dependency];
      expect([name, dependency, needed !== undefined]).toEqual([name, dependency, true]);
      expect(HEALTH_CONDITIONS).toContain(condition);
      if (condition === 'service_healthy') {
        expect([dependency, needed?.healthcheck?.test]).toEqual([dependency, expect.anything()]);
      }
    }
  }
}

function conditionOf(compose: ComposeFile, service: string, dependency: string): string {
  const dependsOn = compose.services[service]?.depends_on as Record<string, { condition: string }>;
  return dependsOn[dependency]?.condition ?? 'none';
}

function flagValue(command: string[], flag: string): string | undefined {
  const at = command.indexOf(flag);
  return at >= 0 ? command[at + 1] : undefined;
}
