import { seriesDetailSchema } from '@sentia/contracts/forecasting';
import { describe, expect, inject, it } from 'vitest';
import { demoAccounts, openPagePerTest, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const currentPage = openPagePerTest({ width: 1440, height: 900 });
const SERIES = 'SEN-GIN-70|*|*';

/** Opens the Forecasting page from the main navigation and picks the Sentia London Dry Gin 70cl, all regions and channels. */
async function openGinSeries(): Promise<void> {
  const page = currentPage();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Forecasting & analytics' }).click();
  await page.getByRole('heading', { name: 'Forecasting & analytics' }).waitFor();
  await page.getByRole('combobox', { name: 'SKU' }).click();
  await page.getByRole('option', { name: 'SEN-GIN-70' }).click();
  await expect.poll(() => page.getByRole('combobox', { name: 'SKU' }).innerText()).toContain('SEN-GIN-70');
}

describe('Forecasting page', () => {
  it('when a manager picks a series and runs its forecast, then the chart shows 80/95 % bands, the model comparison table and an applied override', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.manager);
    await openGinSeries();

    await page.getByRole('button', { name: 'Run forecast' }).click();
    const table = page.getByRole('table', { name: /Forecast per period/ });
    await table.waitFor({ timeout: 90_000 });

    // the demo's 24 monthly points are two seasons: the forecast carries the gin's Christmas peak instead of a flat line
    const ran = seriesDetailSchema.parse(await (await page.request.get(`${baseUrl}/api/forecasts/series/${encodeURIComponent(SERIES)}?granularity=month`)).json());
    const means = ran.forecast!.points.map((p) => p.mean);
    expect(Math.max(...means) / Math.min(...means)).toBeGreaterThan(1.2);

    // chart: history and forecast lines, both interval bands drawn as areas
    const legend = page.locator('.recharts-legend-wrapper').filter({ hasText: '95 % interval' });
    await expect.poll(() => legend.innerText()).toMatch(/80 % interval/);
    expect(await legend.innerText()).toMatch(/Actual[\s\S]*Forecast/);
    await expect.poll(() => page.locator('.recharts-area-area').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.recharts-area-area').first().getAttribute('d')).toMatch(/^M/);

    // accuracy table: the members with their weights and backtest metrics
    const comparison = page.getByRole('table', { name: /Model comparison/ });
    await expect.poll(() => comparison.getByRole('rowheader').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^ets/), expect.stringMatching(/^theta/)]));
    const weights = await comparison.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(weights.some((w) => /\d+ %/.test(w))).toBe(true);

    // the Prophet-style member's decomposition: its trend and the season it forecast with, up to the forecast line
    const prophet = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Prophet-style decomposition' }) });
    await expect.poll(() => prophet.locator('.recharts-legend-wrapper').innerText()).toMatch(/trend[\s\S]*season|season[\s\S]*trend/i);
    expect(await prophet.innerText()).toMatch(/forecast/);
    expect(ran.forecast!.prophetDecomposition!.periods.slice(-ran.forecast!.points.length)).toEqual(ran.forecast!.points.map((p) => p.period));

    // override the first forecast period with a reason
    await table.getByRole('button', { name: /^Override / }).first().click();
    await table.getByLabel('Override units').fill('1234');
    await table.getByLabel('Override reason').fill('Trade show order expected');
    await table.getByRole('button', { name: 'Save' }).click();
    const firstRow = table.locator('tbody tr').first();
    await expect.poll(() => firstRow.innerText(), { timeout: 15_000 }).toMatch(/1,234[\s\S]*Trade show order expected/);

    const api = seriesDetailSchema.parse(await (await page.request.get(`${baseUrl}/api/forecasts/series/${encodeURIComponent(SERIES)}?granularity=month`)).json());
    expect(api.forecast?.points[0]).toMatchObject({ override: 1234, overrideReason: 'Trade show order expected' });
  }, 150_000);

  it('when a manager adds a promotion to the calendar, then it is listed for the series with its scope, can be changed, and is gone once deleted', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.manager);
    await openGinSeries();
    const card = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Holidays and promotions' }) });
    const table = card.getByRole('table', { name: /Holidays and promotions/ });
    // the demo calendar's planned events that reach the gin (Black Friday reaches every series)
    await expect.poll(() => table.getByRole('rowheader').allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/Christmas Day/)]));

    await card.getByRole('button', { name: 'Add event' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Gin festival');
    await dialog.getByLabel('First day').fill('2027-02-12');
    await dialog.getByLabel('Last day').fill('2027-02-10');
    await dialog.getByRole('checkbox', { name: 'Channels SHOPIFY_UK' }).click();
    await dialog.getByRole('button', { name: 'Add event' }).click();
    // the server names the field at fault, and the dialog stays open
    await expect.poll(() => dialog.innerText()).toMatch(/must be on or after startsOn/);
    await dialog.getByLabel('Last day').fill('2027-02-14');
    await dialog.getByRole('button', { name: 'Add event' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = table.locator('tbody tr').filter({ hasText: 'Gin festival' });
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/Promotion[\s\S]*12 Feb 2027 – 14 Feb 2027[\s\S]*SEN-GIN-70 · SHOPIFY UK/);

    await row.getByRole('button', { name: /^Edit Gin festival/ }).click();
    await page.getByRole('dialog').getByLabel('Notes').fill('Stand at the Bristol gin festival');
    await page.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/Stand at the Bristol gin festival/);

    await row.getByRole('button', { name: /^Delete Gin festival/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete event' }).click();
    await expect.poll(() => table.locator('tbody tr').filter({ hasText: 'Gin festival' }).count(), { timeout: 15_000 }).toBe(0);
  }, 90_000);

  it('when a viewer opens the same series, then the forecast and override are shown read only', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.viewer);
    await openGinSeries();
    const table = page.getByRole('table', { name: /Forecast per period/ });
    await table.waitFor({ timeout: 30_000 });
    await expect.poll(() => table.locator('tbody tr').first().innerText(), { timeout: 15_000 }).toMatch(/1,234[\s\S]*Trade show order expected/);
    expect(await page.getByRole('button', { name: 'Run forecast' }).count()).toBe(0);
    expect(await table.getByRole('button', { name: /^Override / }).count()).toBe(0);
    // the calendar too: listed, not editable
    const card = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Holidays and promotions' }) });
    await expect.poll(() => card.getByRole('table').getByRole('rowheader').allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/Christmas Day/)]));
    expect(await card.getByRole('button', { name: 'Add event' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: /^(Edit|Delete) / }).count()).toBe(0);
  });
});
