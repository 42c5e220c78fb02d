import { oeeReportSchema, productionOrderSchema, scheduleSchema, type OeeReport } from '@sentia/contracts/production';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { demoAccounts, openPagePerTest, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
// A tablet in landscape, the operator station's target (768–1024 px).
const currentPage = openPagePerTest({ width: 1024, height: 768 });
const today = () => new Date().toISOString().slice(0, 10);

async function apiSignIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.context().clearCookies();
  const res = await page.request.post(`${baseUrl}/api/auth/sign-in`, { data: account });
  expect(res.status()).toBe(200);
}

async function oeeToday(page: Page, line: string): Promise<OeeReport> {
  const res = await page.request.get(`${baseUrl}/api/production/oee?from=${today()}&to=${today()}&line=${line}`);
  expect(res.status()).toBe(200);
  return oeeReportSchema.parse(await res.json());
}

describe('Production', () => {
  it('when an OPERATOR on a tablet starts an order and records output and a stop, then the OEE view reflects them', async () => {
    const page = currentPage();
    // A manager plans and releases an order first (operators execute; planning and releasing are the manager's).
    await apiSignIn(page, demoAccounts.manager);
    const skus = (await (await page.request.get(`${baseUrl}/api/meta`)).json()) as { skus: { code: string }[] };
    const planned = await page.request.post(`${baseUrl}/api/production/orders`, {
      data: { sku: skus.skus[0]!.code, line: 'BOTTLING-1', quantity: 1200, dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), priority: 1 },
    });
    expect(planned.status()).toBe(201);
    const order = productionOrderSchema.parse(await planned.json());
    expect((await page.request.post(`${baseUrl}/api/production/orders/${order.id}/transitions`, { data: { action: 'release' } })).status()).toBe(200);
    const before = await oeeToday(page, order.line);
    await page.context().clearCookies();

    await signIn(page, baseUrl, demoAccounts.operator);
    await page.waitForURL(/\/dashboard/);
    await page.getByRole('link', { name: 'Operator station' }).first().click();
    await page.waitForURL(/\/production\/operator/);
    await page.locator(`button[data-order="${order.orderNumber}"]`).click();
    const panel = page.locator(`[data-testid="operator-order"][data-order="${order.orderNumber}"]`);
    const start = panel.getByRole('button', { name: 'Start order' });
    // Touch targets: at least 44 px high (WCAG 2.5.5).
    expect((await start.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await start.click();
    await expect.poll(() => panel.getAttribute('data-status')).toBe('IN_PROGRESS');

    await panel.getByLabel('Good units').fill('270');
    await panel.getByLabel('Total units').fill('300');
    await panel.getByLabel('Run minutes').fill('30');
    const record = panel.getByRole('button', { name: 'Record output' });
    expect((await record.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await record.click();
    await page.getByTestId('operator-message').filter({ hasText: 'Recorded 270 good of 300' }).waitFor();
    await expect.poll(async () => (await panel.getByTestId('order-good').innerText()).trim()).toBe('270');

    await panel.getByRole('tab', { name: 'Stop' }).click();
    await panel.getByRole('radio', { name: 'Unplanned' }).click();
    await panel.getByRole('radiogroup', { name: 'Reason' }).getByRole('radio').first().click();
    await panel.getByLabel('Minutes stopped').fill('12');
    await panel.getByRole('button', { name: 'Record stop' }).click();
    await page.getByTestId('operator-message').filter({ hasText: 'Recorded a 12-minute unplanned stop' }).waitFor();

    const after = await oeeToday(page, order.line);
    expect(after.overall.totalCount).toBe(before.overall.totalCount + 300);
    expect(after.overall.goodCount).toBe(before.overall.goodCount + 270);
    expect(after.overall.unplannedDowntimeMinutes).toBeCloseTo(before.overall.unplannedDowntimeMinutes + 12, 0);

    await page.getByRole('link', { name: 'OEE and downtime' }).click();
    await page.waitForURL((url) => url.pathname === '/production');
    await page.getByRole('radio', { name: 'Today' }).click();
    const overall = await oeeToday(page, order.line);
    const all = oeeReportSchema.parse(await (await page.request.get(`${baseUrl}/api/production/oee?from=${today()}&to=${today()}`)).json());
    expect(overall.overall.oee).not.toBeNull();
    await expect.poll(() => page.getByTestId('oee-value').getAttribute('data-value'), { timeout: 15_000 }).toBe(String(all.overall.oee));
    await expect.poll(() => page.locator(`[data-oee-table="Line"] tr[data-key="${order.line}"]`).getAttribute('data-oee')).toBe(String(overall.overall.oee));

    mkdirSync('apps/web/e2e/screenshots', { recursive: true });
    await page.screenshot({ path: 'apps/web/e2e/screenshots/production-1024.png', fullPage: true });
    await page.goto(`${baseUrl}/production/operator`);
    await page.locator('[data-testid="operator-order"]').first().waitFor();
    await page.screenshot({ path: 'apps/web/e2e/screenshots/operator-1024.png', fullPage: true });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.screenshot({ path: 'apps/web/e2e/screenshots/operator-768.png', fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  it('when a MANAGER opens the schedule, then the Gantt shows the published run per work centre with each order\u2019s routing linked, and a re-plan publishes a new run that stays after a reload', async () => {
    const page = currentPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, baseUrl, demoAccounts.manager);
    await page.waitForURL(/\/dashboard/);
    await page.goto(`${baseUrl}/production/schedule`);
    const published = scheduleSchema.parse(await (await page.request.get(`${baseUrl}/api/production/schedule`)).json());
    await expect.poll(() => page.getByTestId('schedule-run').getAttribute('data-run'), { timeout: 15_000 }).toBe(published.runId);
    // The demo's open order book runs blend → fill → pack: one order's three operations sit on three work centres in one colour.
    const threeStep = published.orders.find((o) => published.operations.filter((op) => op.orderId === o.orderId).length === 3 && Date.parse(o.end) < Date.parse(published.startAt) + 7 * 86_400_000);
    expect(threeStep).toBeDefined();
    const bars = page.locator(`[role="cell"] button[data-order="${threeStep!.orderNumber}"]`);
    await expect.poll(() => bars.count()).toBe(3);
    const centres = await bars.evaluateAll((els) => els.map((el) => el.closest('[data-work-centre]')?.getAttribute('data-work-centre')));
    expect(centres[0]).toBe('BLEND');
    expect(centres).toContain('PACK');
    const colours = new Set(await bars.evaluateAll((els) => els.map((el) => (el as HTMLElement).style.background)));
    expect(colours.size).toBe(1);
    await bars.first().click();
    expect(await bars.first().getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator(`[role="cell"] button[aria-pressed="false"]`).first().evaluate((el) => getComputedStyle(el).opacity)).toBe('0.25');
    for (const o of published.orders.filter((x) => x.isLate)) expect(await page.locator(`[data-testid="schedule-orders"] tr[data-order="${o.orderNumber}"]`).getAttribute('data-late')).toBe('true');

    const [replanResponse] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/production/schedule/runs') && r.request().method() === 'POST', { timeout: 30_000 }),
      page.getByRole('button', { name: 'Re-plan now' }).click(),
    ]);
    expect(replanResponse.status()).toBe(201);
    await expect.poll(() => page.getByTestId('schedule-run').getAttribute('data-run'), { timeout: 15_000 }).toBe(scheduleSchema.parse(await replanResponse.json()).runId);
    const replanned = await page.getByTestId('schedule-run').getAttribute('data-run');
    await expect.poll(() => page.getByTestId('schedule-run').innerText()).toContain('re-planned by manager@sentia.demo');
    await page.reload();
    await expect.poll(() => page.getByTestId('schedule-run').getAttribute('data-run')).toBe(replanned);
    mkdirSync('apps/web/e2e/screenshots', { recursive: true });
    for (const width of [1440, 1024, 768]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.waitForTimeout(300);
      await page.screenshot({ path: `apps/web/e2e/screenshots/schedule-gantt-${width}.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
  });

  it('when the production pages are shown at desktop and phone widths, then screenshots are saved and nothing overflows sideways', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.manager);
    await page.waitForURL(/\/dashboard/);
    mkdirSync('apps/web/e2e/screenshots', { recursive: true });
    for (const width of [1440, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${baseUrl}/production`);
      await page.getByTestId('oee-value').waitFor();
      await page.waitForTimeout(500);
      await page.screenshot({ path: `apps/web/e2e/screenshots/production-${width}.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.goto(`${baseUrl}/production/schedule`);
      await page.getByRole('heading', { name: 'Utilisation by day' }).waitFor();
      await page.waitForTimeout(500);
      await page.screenshot({ path: `apps/web/e2e/screenshots/schedule-${width}.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
  });

  it('when a VIEWER signs in, then production is not in the menu, the page is refused and the API answers 403', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.viewer);
    await page.waitForURL(/\/dashboard/);
    expect(await page.getByRole('link', { name: /Production|Operator station/ }).count()).toBe(0);
    await page.goto(`${baseUrl}/production`);
    await page.getByRole('heading', { name: 'This section is not part of your role' }).waitFor();
    await page.goto(`${baseUrl}/production/operator`);
    await page.getByRole('heading', { name: 'This section is not part of your role' }).waitFor();
    expect((await page.request.get(`${baseUrl}/api/production/oee?from=${today()}&to=${today()}`)).status()).toBe(403);
  });
});
