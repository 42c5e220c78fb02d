import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { demoAccounts, openPagePerTest, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const currentPage = openPagePerTest({ width: 1280, height: 800 });

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** Ticks or unticks one cell of the matrix and saves it through the confirmation dialog. */
async function setGrant(page: Page, role: string, permission: string, granted: boolean): Promise<void> {
  const cell = page.getByTestId(`grant-${role}-${permission}`);
  await cell.waitFor();
  expect(await cell.getAttribute('data-state')).toBe(granted ? 'unchecked' : 'checked');
  await cell.click();
  await page.getByRole('button', { name: /^Save changes \(1\)$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Save permission changes' });
  await dialog.getByRole('listitem').filter({ hasText: permission }).waitFor();
  await dialog.getByRole('button', { name: 'Save 1 change' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await cell.getAttribute('data-state')).toBe(granted ? 'checked' : 'unchecked');
}

describe('Admin portal', () => {
  it('when an ADMIN creates a user and revokes a permission of their role, then that user’s open app hides the section within seconds', async () => {
    const admin = currentPage();
    await signIn(admin, baseUrl, demoAccounts.admin);
    await admin.waitForURL((url) => url.pathname !== '/sign-in');
    await mainNav(admin).getByRole('link', { name: 'System administration' }).click();
    await admin.waitForURL(/\/admin\/users$/);
    await admin.getByRole('heading', { name: 'System administration' }).waitFor();

    const email = `planner-${Date.now()}@sentia.demo`;
    await admin.getByRole('button', { name: 'New user' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Pat Planner');
    await dialog.getByLabel('Work e-mail').fill(email);
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const password = (await dialog.getByTestId('temporary-password').innerText()).trim();
    expect(password).toHaveLength(20);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await admin.getByTestId(`user-row-${email}`).waitFor();
    expect(await admin.getByTestId(`user-row-${email}`).innerText()).toContain('Pat Planner');

    // On a phone the users table fits the screen: the status folds under the name instead of scrolling sideways.
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.getByTestId(`user-row-${email}`).getByText('Temporary password').locator('visible=true').waitFor();
    const users = admin.getByRole('table', { name: 'Users' });
    expect(await users.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth)).toBe(0);
    await admin.setViewportSize({ width: 1280, height: 800 });

    // The new VIEWER signs in on another browser and keeps the app open.
    const viewerContext = await admin.context().browser()!.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const viewer = await viewerContext.newPage();
      await signIn(viewer, baseUrl, { email, password });
      // The password an ADMIN set is temporary: the first screen asks for the user's own.
      await viewer.waitForURL(/\/change-password/);
      await viewer.getByLabel('Temporary password').fill(password);
      await viewer.getByLabel('New password', { exact: true }).fill('Bramble-Copper-Lantern');
      await viewer.getByLabel('Repeat the new password').fill('Bramble-Copper-Lantern');
      await viewer.getByRole('button', { name: 'Change password' }).click();
      await viewer.waitForURL(/\/dashboard/);
      const forecasting = mainNav(viewer).getByRole('link', { name: 'Forecasting & analytics' });
      await forecasting.waitFor();
      expect((await viewer.request.get(`${baseUrl}/api/forecasts/series`)).status()).toBe(200);

      await admin.getByRole('link', { name: 'Roles & permissions' }).click();
      await admin.waitForURL(/\/admin\/roles$/);
      await setGrant(admin, 'VIEWER', 'forecast:read', false);
      try {
        // No reload: the permissions.changed event refreshes the viewer's session and the menu follows.
        await forecasting.waitFor({ state: 'detached', timeout: 10_000 });
        expect((await viewer.request.get(`${baseUrl}/api/forecasts/series`)).status()).toBe(403);
      } finally {
        await setGrant(admin, 'VIEWER', 'forecast:read', true);
      }
      await forecasting.waitFor({ timeout: 10_000 });
    } finally {
      await viewerContext.close();
    }

    await admin.getByRole('link', { name: 'Audit log' }).click();
    await admin.getByTestId('chain-status').filter({ hasText: 'Chain intact' }).waitFor();
    await admin.getByLabel('Action').fill('rbac.*');
    await admin.getByRole('button', { name: 'Search' }).click();
    await admin.getByRole('cell', { name: 'rbac.role.permissions.change' }).first().waitFor();
  });

  it('when a VIEWER signs in, then there is no administration in the menu, the pages say so and the admin API answers 403', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.viewer);
    await page.waitForURL(/\/dashboard/);
    await mainNav(page).getByRole('link').first().waitFor();
    const labels = (await mainNav(page).getByRole('link').allInnerTexts()).map((t) => t.trim());
    expect(labels).not.toContain('System administration');

    for (const [method, path] of [
      ['GET', '/api/admin/users'],
      ['GET', '/api/admin/rbac'],
      ['GET', '/api/admin/sessions'],
      ['GET', '/api/admin/audit'],
      ['PATCH', '/api/admin/rbac'],
      ['POST', '/api/admin/users'],
    ] as const) {
      const res = await page.request.fetch(`${baseUrl}${path}`, {
        method,
        headers: { origin: baseUrl },
        ...(method === 'GET' ? {} : { data: method === 'PATCH' ? { changes: [{ role: 'VIEWER', permission: 'admin:manage', granted: true }] } : { email: 'x@sentia.demo', name: 'X', role: 'ADMIN' } }),
      });
      expect(res.status(), `${method} ${path}`).toBe(403);
    }

    await page.goto(`${baseUrl}/admin/users`);
    await page.getByRole('heading', { name: 'This section is not part of your role' }).waitFor();
  });
});
