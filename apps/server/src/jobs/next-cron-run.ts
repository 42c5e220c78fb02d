import { CronExpressionParser } from 'cron-parser';
import { AppError } from '../http/app-error.ts';

/** The first time strictly after `after` that matches the cron expression (5 or 6 fields), in `timezone`. */
export function nextCronRun(cron: string, after: Date, timezone = 'UTC'): Date {
  try {
    return CronExpressionParser.parse(cron, { currentDate: after, tz: timezone }).next().toDate();
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `invalid cron expression "${cron}": ${(error as Error).message}`, { cause: error });
  }
}
