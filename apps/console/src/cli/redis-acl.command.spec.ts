import { createHash } from 'node:crypto';

import { agentAcl, newAgentRedisPassword } from './redis-acl.command';

describe('agentAcl', () => {
  const password = newAgentRedisPassword();
  const agentId = '0b6a3c8e-1111-4222-8333-444455556666';

  it("limits the user's keys to the agent's own queue", () => {
    const acl = agentAcl({ agentId, queuePrefix: 'rampart', password });

    expect(acl.keyPattern).toBe(`rampart:agent.${agentId}:*`);
    expect(acl.setUser.split(' ').filter((rule) => rule.startsWith('~'))).toEqual([
      `~rampart:agent.${agentId}:*`,
    ]);
    expect(acl.setUser).toMatch(/^ACL SETUSER rampart-agent-\S+ reset on /);
    expect(acl.aclFileLine).toMatch(/^user rampart-agent-\S+ on /);
  });

  it('stores the password as its SHA-256, never in clear', () => {
    const acl = agentAcl({ agentId, queuePrefix: 'rampart', password });
    const hash = createHash('sha256').update(password).digest('hex');

    expect(acl.setUser).not.toContain(password);
    expect(acl.aclFileLine).not.toContain(password);
    expect(acl.setUser).toContain(` #${hash} `);
  });

  it('grants no channel and no command that lists or wipes keys', () => {
    const rules = agentAcl({ agentId, queuePrefix: 'rampart', password }).setUser.split(' ');

    expect(rules).toContain('resetchannels');
    expect(rules).not.toContain('+@all');
    for (const denied of ['-@dangerous', '-scan', '-@pubsub', '-function']) {
      expect(rules).toContain(denied);
    }
  });

  it.each(['*', 'a b', 'x:*', 'a]', '[a-z]', '../b', 'a\nACL SETUSER x on', '', 'é'])(
    'refuses the hostile agent id %j',
    (hostile) => {
      expect(() => agentAcl({ agentId: hostile, queuePrefix: 'rampart', password })).toThrow(
        /--agent must be an agent id/,
      );
    },
  );

  it.each(['ramp*', 'a b', 'x?'])('refuses the queue prefix %j', (prefix) => {
    expect(() => agentAcl({ agentId, queuePrefix: prefix, password })).toThrow(
      /RAMPART_QUEUE_PREFIX/,
    );
  });

  it('refuses a short password or one with spaces', () => {
    expect(() => agentAcl({ agentId, queuePrefix: 'rampart', password: 'short' })).toThrow();
    expect(() =>
      agentAcl({ agentId, queuePrefix: 'rampart', password: `${password} on >x` }),
    ).toThrow(/without spaces/);
  });
});
