import { AgentsService } from './agents.service';

describe(AgentsService.name, () => {
  describe('markConnected', () => {
    const service = () =>
      new AgentsService(null as never, null as never, null as never, null as never);

    it('keeps an agent online while any of its sockets is open', () => {
      const agents = service();

      agents.markConnected('a1', true);
      agents.markConnected('a1', true);
      agents.markConnected('a1', false);

      expect(agents.isConnected('a1')).toBe(true);
    });

    it('shows the agent offline once its last socket closes', () => {
      const agents = service();

      agents.markConnected('a1', true);
      agents.markConnected('a1', false);

      expect(agents.isConnected('a1')).toBe(false);
    });
  });
});
