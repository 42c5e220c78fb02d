import { kpiSummarySchema, type KpiSummary } from '@sentia/contracts/kpi';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { formatMoney } from '../src/lib/format.ts';
import { demoAccounts, launchBrowser, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
});

/** The KPI query the page is showing (from the KPI section), once it agrees with the drill-downs and currency in the URL. */
async function currentQuery(): Promise<URLSearchParams> {
  const section = page.locator('[data-kpi-query]');
  await section.waitFor();
  // The URL changes a moment before React renders the new filters (e.g. after Back), so wait until they agree.
  const read = async () => new URLSearchParams((await section.getAttribute('data-kpi-query')) ?? '');
  const mismatch = async () => {
    const query = await read();
    const url = new URL(page.url());
    const drillMismatches = ['region', 'channel', 'sku'].filter((key) => (query.get(key) ?? null) !== url.searchParams.get(key));
    const currency = url.searchParams.get('currency');
    return currency && query.get('currency') !== currency ? [...drillMismatches, 'currency'] : drillMismatches;
  };
  await expect.poll(mismatch, { timeout: 10_000 }).toEqual([]);
  return read();
}

/** GET /api/kpis/summary with the page's session cookie. */
async function apiSummary(query: URLSearchParams): Promise<KpiSummary> {
  const response = await page.request.get(`${baseUrl}/api/kpis/summary?${query.toString()}`);
  expect(response.status()).toBe(200);
  return kpiSummarySchema.parse(await response.json());
}

/**
 * Waits until the revenue and units cards show the API's numbers for the page's current filters and
 * returns the revenue. The demo company keeps taking orders while the test runs, so the API is asked
 * again on every poll rather than once.
 */
async function expectRevenueMatchesApi(): Promise<string> {
  const card = page.getByTestId('kpi-value-revenue');
  let summary: KpiSummary | undefined;
  await expect
    .poll(
      async () => {
        summary = await apiSummary(await currentQuery());
        const units = await page.getByTestId('kpi-value-units').getAttribute('data-value');
        return (await card.getAttribute('data-value')) === summary.kpis.revenue.value && units === summary.kpis.units.value;
      },
      { timeout: 20_000, interval: 500 },
    )
    .toBe(true);
  const revenue = summary?.kpis.revenue.value;
  expect(revenue).toBeTruthy();
  expect((await card.innerText()).trim()).toBe(formatMoney(revenue as string, (summary as KpiSummary).currency));
  return revenue as string;
}

describe('Executive overview', () => {
  it('when a manager signs in, then the revenue KPI equals the API, and drilling into a channel and a SKU keeps it equal', async () => {
    await signIn(page, baseUrl, demoAccounts.manager);
    await page.waitForURL(/\/dashboard/);
    await page.getByTestId('role-badge').filter({ hasText: 'Manager' }).waitFor();
    const total = await expectRevenueMatchesApi();

    const channelRow = page.locator('[data-breakdown="channel"] tbody tr').first();
    const channel = await channelRow.getAttribute('data-key');
    expect(channel).toBeTruthy();
    await channelRow.click();
    await page.waitForURL((url) => url.searchParams.get('channel') === channel);
    const channelRevenue = await expectRevenueMatchesApi();
    expect(Number(channelRevenue)).toBeLessThan(Number(total));
    await page.locator(`[data-filter="channel"]`).waitFor();

    const skuRow = page.locator('[data-breakdown="sku"] tbody tr').first();
    const sku = await skuRow.getAttribute('data-key');
    expect(sku).toBeTruthy();
    await skuRow.getByRole('button').click();
    await page.waitForURL((url) => url.searchParams.get('sku') === sku && url.searchParams.get('channel') === channel);
    const skuRevenue = await expectRevenueMatchesApi();
    expect(Number(skuRevenue)).toBeLessThan(Number(channelRevenue));

    // The drilled view is in the URL: back undoes the SKU drill-down.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('sku') === null && url.searchParams.get('channel') === channel);
    expect(Number(await expectRevenueMatchesApi())).toBeGreaterThan(Number(skuRevenue));

    // Removing the chip returns to the unfiltered total.
    await page.getByRole('button', { name: /Remove channel filter/ }).click();
    await page.waitForURL((url) => url.searchParams.get('channel') === null);
    expect(Number(await expectRevenueMatchesApi())).toBeGreaterThanOrEqual(Number(total));
  });

  it('when the region and currency change, then the KPIs follow the API in that currency', async () => {
    await signIn(page, baseUrl, demoAccounts.manager);
    await page.waitForURL(/\/dashboard/);
    await page.locator('[data-breakdown="region"] tbody tr[data-key="US"]').click();
    await page.waitForURL((url) => url.searchParams.get('region') === 'US');
    await page.getByRole('combobox', { name: 'Reporting currency' }).click();
    await page.getByRole('option', { name: /USD/ }).click();
    await page.waitForURL((url) => url.searchParams.get('currency') === 'USD');
    const query = await currentQuery();
    expect(query.get('currency')).toBe('USD');
    await expectRevenueMatchesApi();
    expect(await page.getByTestId('kpi-value-revenue').innerText()).toContain('US$');
  });

  it('when only the keyboard is used, then a user can sign in, drill down into a region and remove the filter', async () => {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Work email').focus();
    await page.keyboard.type(demoAccounts.manager.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(demoAccounts.manager.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dashboard/);
    await page.locator('[data-breakdown="region"] tbody tr').first().waitFor();

    let label = '';
    for (let i = 0; i < 80 && !label.startsWith('Drill down into region'); i += 1) {
      await page.keyboard.press('Tab');
      label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    }
    expect(label).toMatch(/^Drill down into region /);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('region') !== null);
    const region = new URL(page.url()).searchParams.get('region');
    await expectRevenueMatchesApi();

    // The chip's remove button is reachable and works from the keyboard too.
    await page.getByRole('button', { name: /Remove region filter/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('region') === null);
    expect(region).toBeTruthy();
  });

  it('when the dashboard is shown at desktop and phone widths, then screenshots are saved and nothing overflows sideways', async () => {
    await signIn(page, baseUrl, demoAccounts.manager);
    await page.waitForURL(/\/dashboard/);
    await expectRevenueMatchesApi();
    await page.locator('figure .recharts-surface').first().waitFor();
    mkdirSync('apps/web/e2e/screenshots', { recursive: true });
    await page.screenshot({ path: 'apps/web/e2e/screenshots/dashboard-1440.png', fullPage: true });

    await page.setViewportSize({ width: 360, height: 780 });
    await page.getByTestId('kpi-value-revenue').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: 'apps/web/e2e/screenshots/dashboard-360.png', fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
  });
});
