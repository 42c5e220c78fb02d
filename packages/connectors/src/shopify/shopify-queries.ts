/**
 * The Admin GraphQL documents the connector sends (reference B.3, B.4) and the cost model used to
 * pace them. Costs follow Shopify's rules of thumb (connection = 2 + first × child cost, object = 1)
 * so the client's estimate matches what Shopify reports as `requestedQueryCost`.
 */

const lineItemFields = `id sku name title quantity currentQuantity
          originalUnitPriceSet { shopMoney { amount currencyCode } }
          discountedUnitPriceSet { shopMoney { amount currencyCode } }
          originalTotalSet { shopMoney { amount currencyCode } }
          discountedTotalSet { shopMoney { amount currencyCode } }
          taxLines { priceSet { shopMoney { amount currencyCode } } }
          variant { id sku inventoryItem { id } }`;

/** Orders updated since `$q`, oldest update first, with line items, taxes and refunds (B.3). */
export const ORDERS_QUERY = /* GraphQL */ `
query OrdersSince($first: Int!, $after: String, $q: String, $lineItemsFirst: Int!, $refundLinesFirst: Int!) {
  orders(first: $first, after: $after, query: $q, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name createdAt updatedAt processedAt cancelledAt test
      currencyCode presentmentCurrencyCode displayFinancialStatus displayFulfillmentStatus
      totalPriceSet { shopMoney { amount currencyCode } }
      subtotalPriceSet { shopMoney { amount currencyCode } }
      totalTaxSet { shopMoney { amount currencyCode } }
      totalDiscountsSet { shopMoney { amount currencyCode } }
      totalShippingPriceSet { shopMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount currencyCode } }
      lineItems(first: $lineItemsFirst) {
        pageInfo { hasNextPage endCursor }
        nodes { ${lineItemFields} }
      }
      refunds(first: 10) {
        id createdAt
        totalRefundedSet { shopMoney { amount currencyCode } }
        refundLineItems(first: $refundLinesFirst) { nodes { quantity lineItem { sku } subtotalSet { shopMoney { amount currencyCode } } } }
      }
    }
  }
}`;

/** Follow-up for orders with more line items than one page holds. */
export const ORDER_LINE_ITEMS_QUERY = /* GraphQL */ `
query OrderLineItems($id: ID!, $after: String, $first: Int!) {
  order(id: $id) {
    lineItems(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ${lineItemFields} }
    }
  }
}`;

/** Locations and inventory items with their levels per location (B.4). */
export const INVENTORY_QUERY = /* GraphQL */ `
query Inventory($first: Int!, $after: String, $levelsFirst: Int!) {
  locations(first: 50) { nodes { id name isActive } }
  inventoryItems(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id sku tracked
      inventoryLevels(first: $levelsFirst) {
        nodes {
          id updatedAt
          location { id name }
          quantities(names: ["available", "on_hand", "committed", "incoming", "damaged"]) { name quantity }
        }
      }
    }
  }
}`;

/** One inventory item and its levels, for an `inventory_levels/update` webhook naming an item not seen yet (B.4, B.7). */
export const INVENTORY_ITEM_QUERY = /* GraphQL */ `
query InventoryItem($id: ID!, $levelsFirst: Int!) {
  inventoryItem(id: $id) {
    id sku tracked
    inventoryLevels(first: $levelsFirst) {
      nodes {
        id updatedAt
        location { id name }
        quantities(names: ["available", "on_hand", "committed", "incoming", "damaged"]) { name quantity }
      }
    }
  }
}`;

export function estimateOrdersQueryCost(first: number, lineItemsFirst: number, refundLinesFirst: number): number {
  // order object + lineItems connection (2 + n × (line + variant)) + refunds list (1 + refundLineItems connection)
  return 2 + first * (1 + (2 + lineItemsFirst * 2) + (1 + 2 + refundLinesFirst));
}

export function estimateOrderLineItemsQueryCost(first: number): number {
  return 1 + 2 + first * 2;
}

export function estimateInventoryQueryCost(first: number, levelsFirst: number): number {
  // locations(first: 50) + inventoryItems connection of items with a levels connection (level + location)
  return 2 + 50 + 2 + first * (1 + 2 + levelsFirst * 2);
}

export function estimateInventoryItemQueryCost(levelsFirst: number): number {
  return 1 + 2 + levelsFirst * 2;
}

/** A single query may not ask for more than this, whatever the plan (MAX_COST_EXCEEDED). */
export const maxSingleQueryCost = 1000;
