import { kpiSummarySchema, type KpiSummary } from '@sentia/contracts/kpi';
import { mkdirSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { formatMoney } from '../src/lib/format.ts';
import { demoAccounts, signIn, openPagePerTest } from './browser.ts';

const baseUrl = inject('baseUrl');
const currentPage = openPagePerTest({ width: 1440, height: 900 });

/** The KPI query the page is showing (from the KPI section), once it agrees with the drill-downs and currency in the URL. */
async function currentQuery(): Promise<URLSearchParams> {
  const section = currentPage().locator('[data-kpi-query]');
  await section.waitFor();
  // The URL changes a moment before React renders the new filters (e.g. after Back), so wait until they agree.
  const read = async () => new URLSearchParams((await section.getAttribute('data-kpi-query')) ?? '');
  const mismatch = async () => {
    const query = await read();
    const url = new URL(currentPage().url());
    const drillMismatches = ['region', 'channel', 'sku'].filter((key) => (query.get(key) ?? null) !== url.searchParams.get(key));
    const currency = url.searchParams.get('currency');
    return currency && query.get('currency') !== currency ? [...drillMismatches, 'currency'] : drillMismatches;
  };
  await expect.poll(mismatch, { timeout: 10_000 }).toEqual([]);
  return read();
}

/** GET /api/kpis/summary with the page's session cookie. */
async function apiSummary(query: URLSearchParams): Promise<KpiSummary> {
  const response = await currentPage().request.get(`${baseUrl}/api/kpis/summary?${query.toString()}`);
  expect(response.status()).toBe(200);
  return kpiSummarySchema.parse(await response.json());
}

/**
 * Waits until the revenue and units cards show the API's numbers for the page's current filters and
 * returns the revenue. The demo company keeps taking orders while the test runs, so the API is asked
 * again on every poll rather than once.
 */
async function expectRevenueMatchesApi(): Promise<string> {
  const card = currentPage().getByTestId('kpi-value-revenue');
  let summary: KpiSummary | undefined;
  await expect
    .poll(
      async () => {
        summary = await apiSummary(await currentQuery());
        const units = await currentPage().getByTestId('kpi-value-units').getAttribute('data-value');
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
    await signIn(currentPage(), baseUrl, demoAccounts.manager);
    await currentPage().waitForURL(/\/dashboard/);
    await currentPage().getByTestId('role-badge').filter({ hasText: 'Manager' }).waitFor();
    const total = await expectRevenueMatchesApi();

    const channelRow = currentPage().locator('[data-breakdown="channel"] tbody tr').first();
    const channel = await channelRow.getAttribute('data-key');
    expect(channel).toBeTruthy();
    await channelRow.click();
    await currentPage().waitForURL((url) => url.searchParams.get('channel') === channel);
    const channelRevenue = await expectRevenueMatchesApi();
    expect(Number(channelRevenue)).toBeLessThan(Number(total));
    await currentPage().locator(`[data-filter="channel"]`).waitFor();

    const skuRow = currentPage().locator('[data-breakdown="sku"] tbody tr').first();
    const sku = await skuRow.getAttribute('data-key');
    expect(sku).toBeTruthy();
    await skuRow.getByRole('button').click();
    await currentPage().waitForURL((url) => url.searchParams.get('sku') === sku && url.searchParams.get('channel') === channel);
    const skuRevenue = await expectRevenueMatchesApi();
    expect(Number(skuRevenue)).toBeLessThan(Number(channelRevenue));

    // The drilled view is in the URL: back undoes the SKU drill-down.
    await currentPage().goBack();
    await currentPage().waitForURL((url) => url.searchParams.get('sku') === null && url.searchParams.get('channel') === channel);
    expect(Number(await expectRevenueMatchesApi())).toBeGreaterThan(Number(skuRevenue));

    // Removing the chip returns to the unfiltered total.
    await currentPage().getByRole('button', { name: /Remove channel filter/ }).click();
    await currentPage().waitForURL((url) => url.searchParams.get('channel') === null);
    expect(Number(await expectRevenueMatchesApi())).toBeGreaterThanOrEqual(Number(total));
  });

  it('when the region and currency change, then the KPIs follow the API in that currency', async () => {
    await signIn(currentPage(), baseUrl, demoAccounts.manager);
    await currentPage().waitForURL(/\/dashboard/);
    await currentPage().locator('[data-breakdown="region"] tbody tr[data-key="US"]').click();
    await currentPage().waitForURL((url) => url.searchParams.get('region') === 'US');
    await currentPage().getByRole('combobox', { name: 'Reporting currency' }).click();
    await currentPage().getByRole('option', { name: /USD/ }).click();
    await currentPage().waitForURL((url) => url.searchParams.get('currency') === 'USD');
    const query = await currentQuery();
    expect(query.get('currency')).toBe('USD');
    await expectRevenueMatchesApi();
    expect(await currentPage().getByTestId('kpi-value-revenue').innerText()).toContain('US$');
  });

  it('when only the keyboard is used, then a user can sign in, drill down into a region and remove the filter', async () => {
    await currentPage().goto(`${baseUrl}/sign-in`);
    await currentPage().getByLabel('Work email').focus();
    await currentPage().keyboard.type(demoAccounts.manager.email);
    await currentPage().keyboard.press('Tab');
    await currentPage().keyboard.type(demoAccounts.manager.password);
    await currentPage().keyboard.press('Enter');
    await currentPage().waitForURL(/\/dashboard/);
    await currentPage().locator('[data-breakdown="region"] tbody tr').first().waitFor();

    let label = '';
    for (let i = 0; i < 80 && !label.startsWith('Drill down into region'); i += 1) {
      await currentPage().keyboard.press('Tab');
      label = await currentPage().evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    }
    expect(label).toMatch(/^Drill down into region /);
    await currentPage().keyboard.press('Enter');
    await currentPage().waitForURL((url) => url.searchParams.get('region') !== null);
    const region = new URL(currentPage().url()).searchParams.get('region');
    await expectRevenueMatchesApi();

    // The chip's remove button is reachable and works from the keyboard too.
    await currentPage().getByRole('button', { name: /Remove region filter/ }).focus();
    await currentPage().keyboard.press('Enter');
    await currentPage().waitForURL((url) => url.searchParams.get('region') === null);
    expect(region).toBeTruthy();
  });

  it('when the dashboard is shown at desktop and phone widths, then screenshots are saved and nothing overflows sideways', async () => {
    await signIn(currentPage(), baseUrl, demoAccounts.manager);
    await currentPage().waitForURL(/\/dashboard/);
    await expectRevenueMatchesApi();
    await currentPage().locator('figure .recharts-surface').first().waitFor();
    mkdirSync('apps/web/e2e/screenshots', { recursive: true });
    await currentPage().screenshot({ path: 'apps/web/e2e/screenshots/dashboard-1440.png', fullPage: true });

    await currentPage().setViewportSize({ width: 360, height: 780 });
    await currentPage().getByTestId('kpi-value-revenue').waitFor();
    await currentPage().waitForTimeout(300);
    await currentPage().screenshot({ path: 'apps/web/e2e/screenshots/dashboard-360.png', fullPage: true });
    const overflow = await currentPage().evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
  });
});
