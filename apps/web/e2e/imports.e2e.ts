import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { demoAccounts, openPagePerTest, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');

const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const header = 'Order ID,Channel,Order Date,SKU,Qty,Unit Price,Currency';
const orderFile = (runId: string, secondSku: string) => ({
  name: 'shop-orders.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(`${header}\r\nE2E-${runId}-1,SHOPIFY_UK,${yesterday},SEN-GIN-70,2,34.00,GBP\r\nE2E-${runId}-2,SHOPIFY_UK,${yesterday},${secondSku},1,14.00,GBP\r\n`),
});

describe('Import page', () => {
  const currentPage = openPagePerTest({ width: 1440, height: 900 });

  it('when a MANAGER uploads a CSV with one bad row, then the error is shown and downloadable; after the fix the import commits and shows the counts', async () => {
    const page = currentPage();
    const runId = String(Date.now());
    await signIn(page, baseUrl, demoAccounts.manager);
    await page.waitForURL(/\/dashboard/);
    await page.getByRole('link', { name: 'Import data' }).first().click();
    await page.waitForURL(/\/imports$/);

    await page.getByLabel('What are you importing?').selectOption('orders');
    await page.getByLabel('File').setInputFiles(orderFile(runId, 'NO-SUCH-SKU'));
    await page.getByRole('button', { name: 'Check file' }).click();
    const errors = page.getByRole('table', { name: 'Errors' });
    await errors.waitFor();
    await expect.poll(() => errors.innerText()).toContain('unknown SKU: not in the product catalogue');
    expect(await errors.innerText()).toContain('NO-SUCH-SKU');
    expect(await page.getByTestId('count-rows-with-errors').innerText()).toBe('1');
    expect(await page.getByRole('button', { name: 'Import 1 sales order', exact: true }).isDisabled()).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download error report' }).click()]);
    expect(download.suggestedFilename()).toBe('shop-orders-errors.csv');
    const report = readFileSync((await download.path())!, 'utf8');
    expect(report.split('\r\n')[0]).toBe('row,column,value,message');
    expect(report).toContain('3,SKU,NO-SUCH-SKU,unknown SKU: not in the product catalogue');
    await page.screenshot({ path: 'apps/web/e2e/screenshots/imports-errors-1440.png', fullPage: true });

    await page.getByLabel('File').setInputFiles(orderFile(runId, 'SEN-GIN-20'));
    await page.getByRole('button', { name: 'Check file' }).click();
    const importButton = page.getByRole('button', { name: 'Import 2 sales orders' });
    await importButton.waitFor();
    expect(await page.getByRole('table', { name: 'Errors' }).count()).toBe(0);
    expect(await page.getByRole('table', { name: 'Sample rows' }).innerText()).toContain(`E2E-${runId}-2`);
    await importButton.click();
    const done = page.getByRole('status').filter({ hasText: 'Imported 2 sales orders' });
    await done.waitFor({ timeout: 30_000 });
    expect(await done.innerText()).toContain('2 new, 0 updated, 0 unchanged');
    await page.screenshot({ path: 'apps/web/e2e/screenshots/imports-1440.png', fullPage: true });
  });

  it('when a VIEWER or OPERATOR signs in, then there is no Import entry', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.viewer);
    await page.waitForURL(/\/dashboard/);
    await page.getByRole('link', { name: 'Executive overview' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Import data' }).count()).toBe(0);
  });
});

describe('Import page on a phone', () => {
  const currentPage = openPagePerTest({ width: 360, height: 780 });

  it('when a MANAGER checks a file at 360 px, then the counts, mapping and errors fit the screen', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.manager);
    await page.waitForURL(/\/dashboard/);
    await page.goto(`${baseUrl}/imports`);
    await page.getByLabel('File').waitFor({ timeout: 60_000 });
    await page.getByLabel('File').setInputFiles(orderFile(`${Date.now()}m`, 'NO-SUCH-SKU'));
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByRole('table', { name: 'Errors' }).waitFor();
    await page.screenshot({ path: 'apps/web/e2e/screenshots/imports-360.png', fullPage: true });
    // Nothing may stick out of the screen except inside a container that scrolls sideways (the tables).
    const wide = await page.evaluate(() => {
      const scrolls = (el: Element | null): boolean => !!el && (['auto', 'scroll'].includes(getComputedStyle(el).overflowX) || scrolls(el.parentElement));
      return [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !scrolls(el.parentElement))
        .slice(0, 5)
        .map((el) => `${el.tagName}.${String(el.className).slice(0, 80)}`);
    });
    expect(wide).toEqual([]);
  });
});
