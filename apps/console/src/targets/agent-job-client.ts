import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';

import { agentQueueName } from '@rampart/contracts';

import { DomainError } from '../common/domain-error';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { REDIS } from '../redis.provider';

export interface AgentRequest<T extends z.ZodType> {
  agentId: string;
  /** A job name of `JOB_NAMES`, e.g. `connection.test`. */
  name: string;
  data: object;
  result: T;
  timeoutMs: number;
  /** For logs and error messages: the target's name. */
  target: string;
}

/**
 * Request/answer jobs on an agent's own BullMQ queue: adds the job, waits for its return value
 * through QueueEvents, validates it. No answer in time is `agent_offline`, with what to do.
 */
@Injectable()
export class AgentJobClient implements OnModuleDestroy {
  private readonly logger = new Logger(AgentJobClient.name);
  private readonly queues = new Map<string, Channel>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  async request<T extends z.ZodType>(req: AgentRequest<T>): Promise<z.output<T>> {
    const { queue, events } = await this.channel(req.agentId);
    const job = await queue.add(req.name, req.data, {
      attempts: 1,
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 86_400 },
    });
    this.logger.log({ msg: `sent ${req.name}`, jobId: job.id, target: req.target });

    const answer = await this.answerOf(job, events, req);
    const parsed = req.result.safeParse(answer);
    if (parsed.success) return parsed.data;

    throw new DomainError(
      'refused',
      `the agent answered ${req.name} for ${req.target} with an unexpected result: ` +
        'upgrade the agent to the console version',
    );
  }

  async onModuleDestroy(): Promise<void> {
    const channels = [...this.queues.values()];
    await Promise.all(channels.flatMap((c) => [c.queue.close(), c.events.close()]));
    await Promise.all(channels.flatMap((c) => c.connections.map((r) => r.quit())));
  }

  private async answerOf(job: Job, events: QueueEvents, req: AgentRequest<z.ZodType>) {
    try {
      return (await job.waitUntilFinished(events, req.timeoutMs)) as unknown;
    } catch (error) {
      const state = await job.getState();
      if (state === 'failed') throw agentFailed(req, error);

      await job.remove().catch(() => undefined); // an active job cannot be removed; it may finish
      throw agentSilent(req);
    }
  }

  private open(agentId: string): Channel {
    const connections = [this.redis.duplicate(), this.redis.duplicate()];
    const prefix = this.config.queuePrefix;

    return {
      queue: new Queue(agentQueueName(agentId), { connection: connections[0], prefix }),
      events: new QueueEvents(agentQueueName(agentId), { connection: connections[1], prefix }),
      connections,
    };
  }

  private async channel(agentId: string) {
    let channel = this.queues.get(agentId);
    if (!channel) {
      channel = this.open(agentId);
      this.queues.set(agentId, channel);
    }

    await channel.events.waitUntilReady();
    return channel;
  }
}

/** BullMQ leaves connections it was given open: the client quits them itself. */
interface Channel {
  queue: Queue;
  events: QueueEvents;
  connections: Redis[];
}

function agentFailed(req: AgentRequest<z.ZodType>, error: unknown): DomainError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DomainError('refused', `${req.name} failed on ${req.target}: ${reason}`);
}

function agentSilent(req: AgentRequest<z.ZodType>): DomainError {
  const seconds = Math.round(req.timeoutMs / 1000);
  return new DomainError(
    'agent_offline',
    `the agent of ${req.target} did not answer ${req.name} within ${seconds} s: check that ` +
      '`rampart-agent start` runs on the database host and reaches Redis (Agents page, ' +
      'last seen), then try again',
  );
}
