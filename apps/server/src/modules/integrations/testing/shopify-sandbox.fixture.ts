import { buildShopifySandboxStore } from '@sentia/connectors/sandbox/build-sandbox-world';
import { startShopifySandbox } from '@sentia/connectors/sandbox/shopify-sandbox';

/**
 * A Shopify sandbox in a process of its own, for the browser tests (the web workspace may not import the
 * connectors). `node --import tsx shopify-sandbox.fixture.ts <shop> <token> <webhookSecret>` prints one JSON line
 * `{"baseUrl": …}` when listening and serves until killed. The store holds three cancelled orders of a demo SKU
 * placed yesterday (they reach `orders` through the connector but not `daily_sales`, so other tests' figures stay
 * put) and one inventory level at a location no warehouse is mapped to.
 */
const [shop = 'sentia-e2e.myshopify.com', accessToken = 'shpat_e2e', webhookSecret = 'e2e-secret'] = process.argv.slice(2);
const yesterday = new Date(Date.now() - 86_400_000).toISOString();
const orders = [0, 1, 2].map((i) => ({
  externalId: String(5_990_000_000_000 + i),
  channel: 'SHOPIFY_UK' as const,
  currency: 'GBP' as const,
  placedAt: yesterday,
  updatedAt: yesterday,
  status: 'cancelled' as const,
  lines: [{ sku: 'SEN-GIN-70', title: `E2E order ${i + 1}`, quantity: 1 + i, unitPrice: '34.00' }],
}));
const store = buildShopifySandboxStore({ shopDomain: shop, channel: 'SHOPIFY_UK', currency: 'GBP', accessToken, webhookSecret, orders, stock: [{ sku: 'SEN-GIN-70', location: 'SHOPIFY_UK', onHand: 40, updatedAt: yesterday }] });
const sandbox = await startShopifySandbox({ host: '127.0.0.1', stores: [store] });
console.log(JSON.stringify({ baseUrl: sandbox.baseUrlFor(shop) }));
process.on('SIGTERM', () => void sandbox.close().then(() => process.exit(0)));
