import { z } from 'zod';

export const regionCodes = ['UK', 'EU', 'US'] as const;
export const regionSchema = z.enum(regionCodes);
export type Region = z.infer<typeof regionSchema>;

export const currencyCodes = ['GBP', 'EUR', 'USD'] as const;
export const currencySchema = z.enum(currencyCodes);
export type Currency = z.infer<typeof currencySchema>;

/**
 * The five sales channels: one Amazon FBA marketplace per region and two Shopify stores.
 * Every channel can ship to every region (cross-border orders), so demand series are SKU × region × channel.
 */
export const channelCodes = ['AMAZON_UK', 'AMAZON_EU', 'AMAZON_US', 'SHOPIFY_UK', 'SHOPIFY_US'] as const;
export const channelSchema = z.enum(channelCodes);
export type Channel = z.infer<typeof channelSchema>;

export const roleCodes = ['ADMIN', 'MANAGER', 'OPERATOR', 'VIEWER'] as const;
export const roleSchema = z.enum(roleCodes);
export type Role = z.infer<typeof roleSchema>;

/** A decimal amount as a string (never a JS float), e.g. "1234.50". */
export const decimalStringSchema = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number as a string');

export const moneySchema = z.object({ amount: decimalStringSchema, currency: currencySchema });
export type Money = z.infer<typeof moneySchema>;

/** Calendar date, YYYY-MM-DD, interpreted in UTC. */
export const isoDateSchema = z.iso.date();

/** RFC 9457 problem details, as every error response is shaped. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;
