import { z } from 'zod';
import { channelSchema, currencySchema, isoDateSchema, regionSchema } from './common.ts';

/** Reference data the web app needs for its filter pickers (GET /api/meta). */
export const metaSchema = z.object({
  company: z.object({ name: z.string(), baseCurrency: currencySchema }),
  regions: z.array(z.object({ code: regionSchema, name: z.string(), currency: currencySchema })),
  channels: z.array(z.object({ code: channelSchema, name: z.string(), platform: z.enum(['amazon', 'shopify']), homeRegion: regionSchema })),
  skus: z.array(z.object({ code: z.string(), name: z.string() })),
  /** First and last day with sales data (UTC); null when there is no data yet. */
  dataRange: z.object({ from: isoDateSchema, to: isoDateSchema }).nullable(),
});
export type Meta = z.infer<typeof metaSchema>;
