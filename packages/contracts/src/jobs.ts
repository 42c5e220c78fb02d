import { z } from 'zod';

export const jobStateSchema = z.enum(['waiting', 'delayed', 'active', 'completed', 'failed']);
export type JobStateName = z.infer<typeof jobStateSchema>;

export const jobCountsSchema = z.object({
  waiting: z.number().int(),
  active: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  delayed: z.number().int(),
});
export type JobCounts = z.infer<typeof jobCountsSchema>;

export const queueSummarySchema = z.object({ queue: z.string(), counts: jobCountsSchema });

export const jobSummarySchema = z.object({
  id: z.string(),
  queue: z.string(),
  name: z.string(),
  state: jobStateSchema,
  attemptsMade: z.number().int(),
  maxAttempts: z.number().int(),
  /** 0–100, null when the handler never reported progress. */
  progress: z.number().nullable(),
  error: z.string().nullable(),
  payload: z.unknown(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  runAt: z.string().nullable(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const deadLetterSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  queue: z.string(),
  name: z.string(),
  payload: z.unknown(),
  error: z.string(),
  attempts: z.number().int(),
  failedAt: z.string(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

export const jobScheduleSchema = z.object({
  id: z.string(),
  queue: z.string(),
  name: z.string(),
  cron: z.string(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
});
export type JobSchedule = z.infer<typeof jobScheduleSchema>;

/** GET /api/admin/jobs: the Jobs page overview. */
export const jobsOverviewSchema = z.object({
  provider: z.enum(['in-process', 'bullmq']),
  queues: z.array(queueSummarySchema),
  schedules: z.array(jobScheduleSchema),
  deadLetters: z.array(deadLetterSchema),
});
export type JobsOverview = z.infer<typeof jobsOverviewSchema>;

/** GET /api/admin/jobs/list?queue=&state= */
export const jobListQuerySchema = z.strictObject({
  queue: z.string().min(1).max(64),
  state: jobStateSchema,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type JobListQuery = z.infer<typeof jobListQuerySchema>;
export const jobListSchema = z.object({ jobs: z.array(jobSummarySchema) });
