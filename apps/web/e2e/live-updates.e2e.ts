import { createHmac, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { demoAccounts, openPagePerTest, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const currentPage = openPagePerTest({ width: 1440, height: 900 });

// One Shopify store connection for the whole file, added through the integrations API by the ADMIN.
const shopDomain = `e2e-live-${Date.now()}.myshopify.com`;
const webhookSecret = `shpss_e2e_${randomUUID()}`;
let connectionAdded = false;

/** Adds the store connection (once). The Admin API host is a closed local port: nothing here may reach the internet. */
async function addShopConnection(page: Page): Promise<void> {
  if (connectionAdded) return;
  const response = await page.request.post(`${baseUrl}/api/integrations/connections`, {
    data: {
      provider: 'SHOPIFY',
      name: `E2E live store ${shopDomain}`,
      config: { shopDomain, channel: 'SHOPIFY_UK', region: 'UK', baseUrl: 'http://127.0.0.1:9' },
      credentials: { accessToken: 'shpat_e2e_not_used', webhookSecret },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  connectionAdded = true;
}

/** Sends a signed `orders/create` webhook the way Shopify does (HMAC-SHA256 of the raw body, base64) and returns the answer. */
async function sendOrderWebhook(page: Page, order: { placedAt: string; sku: string; quantity: number; price: string }): Promise<{ status: number; body: string }> {
  const id = Date.now() * 1000 + Math.floor(Math.random() * 1000);
  const total = (Number(order.price) * order.quantity).toFixed(2);
  const body = JSON.stringify({
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#E2E${id}`,
    created_at: order.placedAt,
    updated_at: order.placedAt,
    processed_at: order.placedAt,
    cancelled_at: null,
    currency: 'GBP',
    financial_status: 'paid',
    fulfillment_status: null,
    subtotal_price: total,
    total_discounts: '0.00',
    total_tax: '0.00',
    total_price: total,
    line_items: [{ id: id * 10, sku: order.sku, name: order.sku, quantity: order.quantity, price: order.price, total_discount: '0.00', tax_lines: [] }],
  });
  const response = await page.request.post(`${baseUrl}/api/webhooks/shopify`, {
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-hmac-sha256': createHmac('sha256', webhookSecret).update(body).digest('base64'),
      'x-shopify-shop-domain': shopDomain,
      'x-shopify-api-version': '2025-10',
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-event-id': randomUUID(),
      'x-shopify-triggered-at': new Date().toISOString(),
    },
    data: body,
  });
  return { status: response.status(), body: await response.text() };
}

const numberIn = async (page: Page, testId: string) => Number((await page.getByTestId(testId).getAttribute('data-value')) ?? 'NaN');

describe('Live updates', () => {
  it('when a signed Shopify order webhook arrives, then the open Executive dashboard shows it in the KPI tiles within 5 s, without a reload', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.admin);
    await page.goto(`${baseUrl}/dashboard`);
    await page.getByTestId('live-status').and(page.locator('[data-status="connected"]')).waitFor({ timeout: 20_000 });
    await addShopConnection(page);

    // A user looking at the finished dashboard: the trend and the breakdowns have loaded too.
    await page.locator('figure .recharts-surface').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-breakdown="sku"] tbody tr').first().waitFor({ timeout: 30_000 });
    const query = new URLSearchParams((await page.locator('[data-kpi-query]').getAttribute('data-kpi-query')) ?? '');
    await expect.poll(() => numberIn(page, 'kpi-value-units'), { timeout: 20_000 }).not.toBeNaN();
    const unitsBefore = await numberIn(page, 'kpi-value-units');
    const revenueBefore = await numberIn(page, 'kpi-value-revenue');
    // The order lands inside the period on screen: now, or midday of its last day when the period ends earlier.
    const today = new Date().toISOString().slice(0, 10);
    const to = query.get('to') ?? today;
    const placedAt = to >= today ? new Date().toISOString() : `${to}T12:00:00Z`;
    // A marker in the page's memory: a reload would drop it.
    await page.evaluate(() => ((window as unknown as { e2eNoReload: boolean }).e2eNoReload = true));

    const sent = Date.now();
    const answer = await sendOrderWebhook(page, { placedAt, sku: 'SEN-GIN-70', quantity: 3, price: '34.00' });
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted' });

    await expect.poll(() => numberIn(page, 'kpi-value-units'), { timeout: 5_000, interval: 100 }).toBe(unitsBefore + 3);
    const latencyMs = Date.now() - sent;
    expect(await numberIn(page, 'kpi-value-revenue')).toBeGreaterThan(revenueBefore);
    expect(await page.evaluate(() => (window as unknown as { e2eNoReload?: boolean }).e2eNoReload)).toBe(true);
    expect(latencyMs).toBeLessThan(5_000);
  });

  it('when a webhook job fails for good, then the ADMIN sees the webhooks queue, its failure and the dead letter on the Jobs page, and retries it', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.admin);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    await addShopConnection(page);
    // A SKU the catalogue does not have: the ingest rejects the order, the job retries (2 s, 4 s, 8 s) and dead-letters.
    const sku = `E2E-UNKNOWN-${Date.now()}`;
    const answer = await sendOrderWebhook(page, { placedAt: new Date().toISOString(), sku, quantity: 1, price: '10.00' });
    expect(answer.status, answer.body).toBe(200);

    await page.goto(`${baseUrl}/admin/jobs`);
    await page.getByRole('heading', { name: 'Background jobs' }).waitFor();
    const letter = page.getByTestId('dead-letter-row').filter({ hasText: sku });
    // The page follows job.updated events: no reload needed while the retries run.
    await letter.waitFor({ timeout: 40_000 });
    await expect.poll(async () => (await letter.innerText()).includes('webhooks.process-delivery')).toBe(true);
    expect(await letter.innerText()).toContain(`unknown SKU ${sku}`);
    await page.getByTestId('queue-webhooks').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('count-webhooks-failed').innerText())).toBeGreaterThanOrEqual(1);

    await letter.getByRole('button', { name: 'Retry' }).click();
    // Retried: it leaves the dead-letter list and runs again from its first attempt.
    await letter.waitFor({ state: 'detached', timeout: 10_000 });
    await expect
      .poll(async () => {
        const counts = await Promise.all(['active', 'waiting', 'delayed'].map(async (state) => Number(await page.getByTestId(`count-webhooks-${state}`).innerText())));
        return counts.reduce((a, b) => a + b, 0);
      }, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
  });
});
