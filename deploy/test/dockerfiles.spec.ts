import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type DockerStage, instructionsOf, readDockerfile } from './support/dockerfile';
import { ROOT } from './support/root';

const IMAGES = ['deploy/Dockerfile.console', 'deploy/Dockerfile.agent'];
const SECRET_WORDS = /PASSWORD|SECRET|MASTER_KEY|TOKEN|DATABASE_URL|REDIS_URL/;

describe.each(IMAGES)('%s', (file) => {
  const stages = readDockerfile(join(ROOT, file));
  const finalStage = stages.at(-1) as DockerStage;

  it('builds in several stages, the last one without the build tools', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(instructionsOf(finalStage, 'RUN').join(' ')).not.toMatch(/npm ci|tsc|ng build/);
  });

  it('runs as an unprivileged user in every stage that can be a target', () => {
    for (const stage of stages.filter((s) => instructionsOf(s, 'ENTRYPOINT').length > 0)) {
      const users = instructionsOf(stage, 'USER');

      expect([stage.name, users.at(-1)]).toEqual([stage.name, expect.any(String)]);
      expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    }
  });

  it('bakes no secret into the image', () => {
    for (const stage of stages) {
      const settings = [...instructionsOf(stage, 'ENV'), ...instructionsOf(stage, 'ARG')];

      expect(settings.join(' ')).not.toMatch(SECRET_WORDS);
    }
    expect(readFileSync(`${join(ROOT, file)}.dockerignore`, 'utf8')).toMatch(/^\.env$/m);
  });

  it('copies only from its own stages and from files that exist in the repository', () => {
    const names = stages.map((s) => s.name);
    for (const stage of stages) {
      for (const copy of instructionsOf(stage, 'COPY')) {
        const from = /--from=(\S+)/.exec(copy)?.[1];
        const sources = copy
          .split(/\s+/)
          .filter((part) => !part.startsWith('--'))
          .slice(0, -1);

        if (from) expect(names).toContain(from);
        else
          for (const source of sources)
            expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
      }
    }
  });
});

describe('deploy/Dockerfile.agent', () => {
  const stages = readDockerfile(join(ROOT, 'deploy/Dockerfile.agent'));
  const copiesOf = (name: string) =>
    instructionsOf(stages.find((s) => s.name === name) as DockerStage, 'COPY').join(' ');

  it('ships the simulator only in the demo target, not in the default one', () => {
    expect(stages.at(-1)?.name).toBe('agent');
    expect(copiesOf('agent-demo')).toContain('apps/oracle-sim/dist');
    expect(copiesOf('agent')).not.toContain('oracle-sim');
    expect(copiesOf('agent-base')).not.toContain('oracle-sim');
  });
});

describe('deploy/console-entrypoint.sh', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-entrypoint-'));
    // A stand-in `node` that prints what the console would be started with.
    writeFileSync(join(dir, 'node'), '#!/bin/sh\nenv | grep -E "^(RAMPART|DATABASE)" | sort\n');
    chmodSync(join(dir, 'node'), 0o755);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function start(env: Record<string, string>) {
    return spawnSync('sh', [join(ROOT, 'deploy/console-entrypoint.sh'), 'serve'], {
      encoding: 'utf8',
      env: { PATH: `${dir}:/usr/bin:/bin`, ...env },
    });
  }

  it('reads each *_FILE secret into its variable and drops the *_FILE name', () => {
    const hostile = 's3cr3t\' ; echo $(id) `id` "quoted"';
    writeFileSync(join(dir, 'jwt'), hostile);
    writeFileSync(join(dir, 'db'), 'postgres://rampart:pw@postgres:5432/rampart');

    const result = start({
      RAMPART_JWT_SECRET_FILE: join(dir, 'jwt'),
      DATABASE_URL_FILE: join(dir, 'db'),
    });

    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`RAMPART_JWT_SECRET=${hostile}\n`);
    expect(result.stdout).toContain('DATABASE_URL=postgres://rampart:pw@postgres:5432/rampart');
    expect(result.stdout).not.toContain('_FILE=');
  });

  it('stops with the variable named when a secret file cannot be read', () => {
    const result = start({ RAMPART_MASTER_KEY_FILE: join(dir, 'missing') });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('RAMPART_MASTER_KEY_FILE');
  });
});
