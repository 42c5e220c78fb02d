import type { NormalisedOrder } from '@sentia/contracts/integrations';

/** A Shopify UK order of two GABA-RED-500 at 30.00 (10.00 tax, 5.00 discount, 4.95 shipping), as a connector normalises it. */
export function normalisedOrder(overrides: Partial<NormalisedOrder> & { sourceId: string }): NormalisedOrder {
  return {
    source: 'shopify',
    account: 'sentia-uk.myshopify.com',
    orderNumber: null,
    channel: 'SHOPIFY_UK',
    region: 'UK',
    status: 'PAID',
    statusCategory: 'open',
    currency: 'GBP',
    placedAt: '2026-03-02T10:00:00Z',
    updatedAt: '2026-03-02T10:00:00Z',
    total: null,
    subtotal: null,
    taxTotal: null,
    discountTotal: null,
    lines: [{ sourceLineId: 'L1', sku: 'GABA-RED-500', title: null, quantity: '2', unitPrice: '30.00', lineTotal: '60.00', tax: '10.00', discount: '5.00' }],
    fees: [{ type: 'shipping', amount: '4.95' }],
    refunds: [],
    ...overrides,
  };
}
