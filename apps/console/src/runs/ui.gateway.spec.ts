import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';

import type { AuthenticatedUser } from '../auth/auth.decorators';
import type { TokenService } from '../auth/token.service';
import { RunEventsBus } from './run-events.bus';
import { UiGateway } from './ui.gateway';

const RUN_ID = '0b7c1a52-4f0e-4d7e-9a53-2f4b1f0c9e11';
const DBA: AuthenticatedUser = { id: 'u1', username: 'dba', role: 'operator' };

/** A token check the test decides when and how to finish, as Redis would answer. */
function pendingTokenCheck() {
  let finish: (user: AuthenticatedUser | Error) => void = () => undefined;
  const answer = new Promise<AuthenticatedUser>((resolve, reject) => {
    finish = (user) => (user instanceof Error ? reject(user) : resolve(user));
  });
  const tokens = { verifyCurrentAccessToken: () => answer } as unknown as TokenService;
  return { tokens, finish };
}

function dashboardSocket() {
  const socket = {
    handshake: { auth: { token: 'access-token' } },
    data: {},
    join: jest.fn(),
    disconnect: jest.fn(),
  };
  return socket as typeof socket & Socket;
}

describe(UiGateway.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  describe('follow', () => {
    it('follows a run asked for while the sign-in is still being checked', async () => {
      const { tokens, finish } = pendingTokenCheck();
      const gateway = new UiGateway(tokens, new RunEventsBus());
      const socket = dashboardSocket();

      const connected = gateway.handleConnection(socket);
      const answer = gateway.follow(socket, RUN_ID);
      finish(DBA);

      expect(await answer).toEqual({ ok: true });
      await connected;
      expect(socket.join).toHaveBeenCalledWith(['users', 'user:u1']);
      expect(socket.join).toHaveBeenCalledWith(`run:${RUN_ID}`);
    });

    it('refuses to follow when the token is refused, and drops the socket', async () => {
      const { tokens, finish } = pendingTokenCheck();
      const gateway = new UiGateway(tokens, new RunEventsBus());
      const socket = dashboardSocket();

      const connected = gateway.handleConnection(socket);
      const answer = gateway.follow(socket, RUN_ID);
      finish(new Error('the access token is invalid or expired'));

      expect(await answer).toEqual({ error: 'not authenticated' });
      await connected;
      expect(socket.disconnect).toHaveBeenCalledWith(true);
      expect(socket.join).not.toHaveBeenCalled();
    });
  });
});
