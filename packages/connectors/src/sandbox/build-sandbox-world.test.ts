import { afterAll, describe, expect, it } from 'vitest';
import { emptySyncCursor, type NormalisedOrder } from '@sentia/contracts/integrations';
import { createAmazonClient } from '../amazon/amazon-client.ts';
import { createFakeClock } from '../shared/clock.ts';
import { createShopifyClient } from '../shopify/shopify-client.ts';
import { createUnleashedClient, type UnleashedResourceName } from '../unleashed/unleashed-client.ts';
import { amazonSandboxCredentials, startAmazonSandbox } from './amazon-sandbox.ts';
import { type SandboxWorldOrder, type SandboxWorldStock, buildAmazonSandboxData, buildShopifySandboxStore, buildUnleashedSandboxData } from './build-sandbox-world.ts';
import { startShopifySandbox } from './shopify-sandbox.ts';
import { startUnleashedSandbox, unleashedSandboxCredentials } from './unleashed-sandbox.ts';

const clock = createFakeClock(Date.parse('2024-06-01T00:00:00Z'), { autoAdvance: true });
const orders: SandboxWorldOrder[] = [
  { externalId: '202-0000001-0000001', channel: 'AMAZON_UK', currency: 'GBP', placedAt: '2024-05-02T10:00:00Z', status: 'shipped', lines: [{ sku: 'GIN-LDN-70CL', quantity: 2, unitPrice: '34.99', tax: '11.66', discount: '3.50' }], shipping: '2.99' },
  { externalId: '028-0000002-0000002', channel: 'AMAZON_EU', currency: 'EUR', placedAt: '2024-05-03T10:00:00Z', status: 'pending', lines: [{ sku: 'RUM-SPICE-70CL', quantity: 1, unitPrice: '34.99' }] },
  { externalId: '5940000000001', channel: 'SHOPIFY_UK', currency: 'GBP', placedAt: '2024-05-04T09:00:00Z', updatedAt: '2024-05-06T09:00:00Z', status: 'shipped', lines: [{ sku: 'GIN-PINK-70CL', quantity: 3, unitPrice: '32.99', tax: '16.50' }, { sku: 'GIFT-TRIO-5CL', quantity: 1, unitPrice: '19.99', tax: '3.33', discount: '2.00' }], shipping: '4.95', refunds: [{ id: 'r-1', at: '2024-05-06T09:00:00Z', lines: [{ sku: 'GIN-PINK-70CL', quantity: 1, amount: '32.99' }] }] },
  { externalId: 'SO-00000001', channel: 'WHOLESALE', currency: 'EUR', placedAt: '2024-05-05T08:00:00Z', status: 'open', lines: [{ sku: 'WHI-SGL-70CL', quantity: 24, unitPrice: '37.50', tax: '171.00', discount: '45.00' }] },
];
const stock: SandboxWorldStock[] = [
  { sku: 'GIN-LDN-70CL', location: 'AMAZON_UK', onHand: 120, reserved: 6, inbound: 24, unfulfillable: 1, updatedAt: '2024-05-31T00:00:00Z' },
  { sku: 'GIN-PINK-70CL', location: 'SHOPIFY_UK', onHand: 80, reserved: 3, inbound: 10, updatedAt: '2024-05-31T00:00:00Z' },
  { sku: 'WHI-SGL-70CL', location: 'DIST', onHand: 500, reserved: 24, inbound: 0, averageCost: '17.6', updatedAt: '2024-05-31T00:00:00Z' },
];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

const lineView = (o: NormalisedOrder | undefined) => o?.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, tax: l.tax, discount: l.discount }));

describe('sandbox world builders → sandboxes → connectors', () => {
  it('when a neutral world is served as Amazon data, then the connector returns the same orders, lines and FBA stock', async () => {
    const sandbox = await startAmazonSandbox({ data: buildAmazonSandboxData({ orders, stock }), clock });
    closers.push(sandbox.close);
    const client = createAmazonClient({ account: 'eu', region: 'eu', endpoint: sandbox.url, tokenUrl: `${sandbox.url}/auth/o2/token`, ...amazonSandboxCredentials, marketplaces: ['UK', 'DE'] }, { clock });
    const got: NormalisedOrder[] = [];
    for await (const page of client.syncOrders(emptySyncCursor)) got.push(...page.records);
    const uk = got.find((o) => o.sourceId === '202-0000001-0000001');
    expect(uk).toMatchObject({ channel: 'AMAZON_UK', currency: 'GBP', total: '69.47', statusCategory: 'shipped', fees: [{ type: 'shipping', amount: '2.99' }] });
    expect(lineView(uk)).toEqual([{ sku: 'GIN-LDN-70CL', quantity: '2', unitPrice: '34.99', tax: '11.66', discount: '3.5' }]);
    expect(got.find((o) => o.sourceId === '028-0000002-0000002')).toMatchObject({ channel: 'AMAZON_EU', total: null, statusCategory: 'pending' });
    const levels = [];
    for await (const page of client.syncInventory('UK', emptySyncCursor)) levels.push(...page.records);
    expect(levels).toEqual([expect.objectContaining({ sku: 'GIN-LDN-70CL', onHand: '120', available: '113', reserved: '6', inbound: '24', unfulfillable: '1' })]);
  });

  it('when served as a Shopify store, then orders, refunds and levels come back as given', async () => {
    const store = buildShopifySandboxStore({ shopDomain: 'world-uk.myshopify.com', channel: 'SHOPIFY_UK', currency: 'GBP', accessToken: 'shpat_world', webhookSecret: 'shpss_world', orders, stock, locationName: 'Distillery Shop' });
    const sandbox = await startShopifySandbox({ stores: [store], clock });
    closers.push(sandbox.close);
    const client = createShopifyClient({ shopDomain: store.shopDomain, accessToken: store.accessToken, webhookSecret: store.webhookSecret, channel: 'SHOPIFY_UK', region: 'UK', baseUrl: sandbox.baseUrlFor(store.shopDomain) }, { clock });
    const got: NormalisedOrder[] = [];
    for await (const page of client.syncOrders(emptySyncCursor)) got.push(...page.records);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ sourceId: 'gid://shopify/Order/5940000000001', total: '121.91', fees: [{ type: 'shipping', amount: '4.95' }], statusCategory: 'shipped', updatedAt: '2024-05-06T09:00:00.000Z' });
    expect(lineView(got[0])).toEqual([
      { sku: 'GIN-PINK-70CL', quantity: '3', unitPrice: '32.99', tax: '16.5', discount: '0' },
      { sku: 'GIFT-TRIO-5CL', quantity: '1', unitPrice: '19.99', tax: '3.33', discount: '2' },
    ]);
    expect(got[0]?.refunds).toEqual([{ sourceId: expect.stringMatching(/^gid:\/\/shopify\/Refund\//), refundedAt: '2024-05-06T09:00:00.000Z', amount: '32.99', lines: [{ sku: 'GIN-PINK-70CL', quantity: '1', amount: '32.99' }] }]);
    const levels = [];
    for await (const page of client.syncInventory(emptySyncCursor)) levels.push(...page.records);
    expect(levels.find((l) => l.sku === 'GIN-PINK-70CL')).toMatchObject({ locationName: 'Distillery Shop', onHand: '80', available: '77', reserved: '3', inbound: '10' });
  });

  it('when served as Unleashed data, then products, stock, wholesale orders, POs, BOMs and assemblies round-trip', async () => {
    const data = buildUnleashedSandboxData({
      products: [
        { sku: 'WHI-SGL-70CL', name: 'Single Malt 70cl', sellPrice: '54.99', cost: '17.6', isAssembled: true, isComponent: false, unit: 'BTL', updatedAt: '2024-05-01T00:00:00Z' },
        { sku: 'BTL-70CL-FLINT', name: '70cl flint bottle', cost: '0.3', isAssembled: false, isComponent: true, updatedAt: '2024-05-01T00:00:00Z' },
      ],
      warehouses: [{ code: 'DIST', name: 'Distillery', isDefault: true, updatedAt: '2024-05-01T00:00:00Z' }],
      suppliers: [{ code: 'GLASSCO', name: 'Example Glass Co', currency: 'GBP', leadTimeDays: 21, updatedAt: '2024-05-01T00:00:00Z' }],
      stock,
      salesOrders: orders,
      purchaseOrders: [{ number: 'PO-1', supplierCode: 'GLASSCO', warehouse: 'DIST', currency: 'GBP', status: 'Placed', orderDate: '2024-05-01T00:00:00Z', updatedAt: '2024-05-02T00:00:00Z', lines: [{ sku: 'BTL-70CL-FLINT', quantity: 6000, unitPrice: '0.3', received: 0 }] }],
      billsOfMaterials: [{ sku: 'WHI-SGL-70CL', updatedAt: '2024-05-01T00:00:00Z', lines: [{ sku: 'BTL-70CL-FLINT', quantity: '1' }] }],
      assemblies: [{ number: 'ASM-1', sku: 'WHI-SGL-70CL', quantity: '600', status: 'Parked', warehouse: 'DIST', assemblyDate: '2024-05-10T00:00:00Z', updatedAt: '2024-05-10T00:00:00Z' }],
    });
    const sandbox = await startUnleashedSandbox({ data });
    closers.push(sandbox.close);
    const client = createUnleashedClient({ ...unleashedSandboxCredentials, baseUrl: sandbox.url }, { clock });
    const read = async <K extends UnleashedResourceName>(r: K) => {
      const out = [];
      for await (const page of client.sync(r, emptySyncCursor)) out.push(...page.records);
      return out;
    };
    const [so] = await read('salesOrders');
    expect(so).toMatchObject({ orderNumber: 'SO-00000001', channel: 'WHOLESALE', region: 'EU', currency: 'EUR', total: '1026', discountTotal: '45' });
    expect(lineView(so)).toEqual([{ sku: 'WHI-SGL-70CL', quantity: '24', unitPrice: '37.5', tax: '171', discount: '45' }]);
    expect(await read('stockOnHand')).toEqual([expect.objectContaining({ sku: 'WHI-SGL-70CL', onHand: '500', reserved: '24', available: '476', averageCost: '17.6' })]);
    expect((await read('products')).map((p) => [p.sku, p.isAssembled, p.defaultSellPrice])).toEqual([['WHI-SGL-70CL', true, '54.99'], ['BTL-70CL-FLINT', false, null]]);
    expect(await read('purchaseOrders')).toEqual([expect.objectContaining({ orderNumber: 'PO-1', supplierCode: 'GLASSCO', total: '1800', lines: [expect.objectContaining({ sku: 'BTL-70CL-FLINT', quantity: '6000', unitPrice: '0.3' })] })]);
    expect(await read('billsOfMaterials')).toEqual([expect.objectContaining({ productSku: 'WHI-SGL-70CL', lines: [{ sku: 'BTL-70CL-FLINT', quantity: '1', wastageQuantity: '0' }] })]);
    expect(await read('assemblies')).toEqual([expect.objectContaining({ assemblyNumber: 'ASM-1', quantity: '600', lines: [expect.objectContaining({ sku: 'BTL-70CL-FLINT', quantity: '600' })] })]);
    expect(await read('suppliers')).toEqual([expect.objectContaining({ code: 'GLASSCO', leadTimeDays: 21 })]);
  });
});
