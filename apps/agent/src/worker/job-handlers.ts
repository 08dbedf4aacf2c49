import type { Job } from 'bullmq';

/**
 * What the agent does for each job name on its queue. A handler returns the job's result
 * (the console reads it for request/answer jobs) or throws; an UnrecoverableError means
 * retrying cannot help.
 */
export type JobHandler = (job: Job) => Promise<unknown>;

export type JobHandlers = Partial<Record<string, JobHandler>>;
