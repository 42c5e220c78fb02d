import type { Channel, Region } from '@sentia/contracts/common';
import type { RateLimitPlan } from '../shared/token-bucket.ts';

export type SpApiRegion = 'na' | 'eu' | 'fe';

/** Production SP-API hosts by region (reference A.1); a connection may override with its own `endpoint`. */
export const spApiHosts: Record<SpApiRegion, string> = {
  na: 'https://sellingpartnerapi-na.amazon.com',
  eu: 'https://sellingpartnerapi-eu.amazon.com',
  fe: 'https://sellingpartnerapi-fe.amazon.com',
};

/** LWA token endpoint used by the SP-API docs for every region (A.3); configurable per connection. */
export const defaultLwaTokenUrl = 'https://api.amazon.com/auth/o2/token';

export interface AmazonMarketplace {
  code: string;
  marketplaceId: string;
  spApiRegion: SpApiRegion;
  channel: Channel;
  region: Region;
  currency: string;
}

/** Marketplaces the business sells in (UK, DE on the EU host; US on the NA host) plus EU neighbours that roll into AMAZON_EU. */
export const amazonMarketplaces: readonly AmazonMarketplace[] = [
  { code: 'UK', marketplaceId: 'A1F83G8C2ARO7P', spApiRegion: 'eu', channel: 'AMAZON_UK', region: 'UK', currency: 'GBP' },
  { code: 'DE', marketplaceId: 'A1PA6795UKMFR9', spApiRegion: 'eu', channel: 'AMAZON_EU', region: 'EU', currency: 'EUR' },
  { code: 'FR', marketplaceId: 'A13V1IB3VIYZZH', spApiRegion: 'eu', channel: 'AMAZON_EU', region: 'EU', currency: 'EUR' },
  { code: 'IT', marketplaceId: 'APJ6JRA9NG5V4', spApiRegion: 'eu', channel: 'AMAZON_EU', region: 'EU', currency: 'EUR' },
  { code: 'ES', marketplaceId: 'A1RKKUPIHCS9HS', spApiRegion: 'eu', channel: 'AMAZON_EU', region: 'EU', currency: 'EUR' },
  { code: 'NL', marketplaceId: 'A1805IZSGTT6HS', spApiRegion: 'eu', channel: 'AMAZON_EU', region: 'EU', currency: 'EUR' },
  { code: 'US', marketplaceId: 'ATVPDKIKX0DER', spApiRegion: 'na', channel: 'AMAZON_US', region: 'US', currency: 'USD' },
];

export function marketplaceByCode(code: string): AmazonMarketplace | undefined {
  return amazonMarketplaces.find((m) => m.code === code.toUpperCase());
}

export function marketplaceById(marketplaceId: string): AmazonMarketplace | undefined {
  return amazonMarketplaces.find((m) => m.marketplaceId === marketplaceId);
}

export const spApiOperations = ['getOrders', 'getOrderItems', 'searchOrders', 'getOrder', 'getInventorySummaries'] as const;
export type SpApiOperation = (typeof spApiOperations)[number];

/** Default usage plans from the API models (A.9). Orders plans are dynamic per seller: the client follows `x-amzn-RateLimit-Limit`. */
export const defaultSpApiUsagePlans: Record<SpApiOperation, RateLimitPlan> = {
  getOrders: { ratePerSecond: 0.0167, burst: 20 },
  getOrderItems: { ratePerSecond: 0.5, burst: 30 },
  searchOrders: { ratePerSecond: 0.0056, burst: 20 },
  getOrder: { ratePerSecond: 0.5, burst: 30 },
  getInventorySummaries: { ratePerSecond: 2, burst: 2 },
};
