import { Injectable, Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';

import { MetricsService } from '../metrics/metrics.service';

export const agentRoom = (agentId: string) => `agent:${agentId}`;

/**
 * The console's way to speak to an agent: each authenticated agent socket joins the room
 * `agent:<id>` on namespace /agents, so a message reaches every socket of that agent (on any
 * replica, through the socket.io adapter).
 */
@Injectable()
export class AgentChannel {
  private readonly logger = new Logger(AgentChannel.name);
  private namespace: Namespace | null = null;

  constructor(private readonly metrics: MetricsService) {}

  /** Called by the gateway once the socket's agent is authenticated. */
  async join(socket: Socket, agentId: string): Promise<void> {
    this.namespace = socket.nsp;
    await socket.join(agentRoom(agentId));
    this.metrics.agentConnections.inc();
  }

  /** Called by the gateway when an authenticated agent socket goes away. */
  left(): void {
    this.metrics.agentConnections.dec();
  }

  /** Sends `event` to the agent's sockets; false when none of them is connected. */
  async send(agentId: string, event: string, payload: unknown): Promise<boolean> {
    if (!this.namespace) return false;

    const sockets = await this.namespace.in(agentRoom(agentId)).fetchSockets();
    if (sockets.length === 0) return false;

    this.namespace.to(agentRoom(agentId)).emit(event, payload);
    this.logger.log({ msg: 'sent to agent', event, agentId, sockets: sockets.length });
    return true;
  }
}
