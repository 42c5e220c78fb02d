import { sessionResponseSchema } from '@sentia/contracts/auth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { navSections, visibleSections } from '../src/app/navigation.ts';
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
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
});

async function navLabels(): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link').first().waitFor();
  return (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
}

describe('Sign-in and navigation', () => {
  it('when a visitor opens the dashboard signed out, then they are sent to sign-in and come back after', async () => {
    await page.goto(`${baseUrl}/dashboard?region=UK`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('Work email').fill(demoAccounts.manager.email);
    await page.getByLabel('Password').fill(demoAccounts.manager.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard' && url.searchParams.get('region') === 'UK');
  });

  it('when the password is wrong, then an error is shown and the user stays on sign-in', async () => {
    await signIn(page, baseUrl, { email: demoAccounts.manager.email, password: 'not-the-password' });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/do not match/);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    const me = await page.request.get(`${baseUrl}/api/auth/me`);
    expect(me.status()).toBe(401);
  });

  it('when a viewer signs in, then the menu shows exactly the viewer sections and no administration', async () => {
    await signIn(page, baseUrl, demoAccounts.viewer);
    await page.waitForURL(/\/dashboard/);
    await page.getByTestId('role-badge').filter({ hasText: 'Viewer' }).waitFor();
    const labels = await navLabels();
    const me = sessionResponseSchema.parse(await (await page.request.get(`${baseUrl}/api/auth/me`)).json());
    expect(me.user.role).toBe('VIEWER');
    expect(me.user.permissions).not.toContain('admin:manage');
    expect(labels).toEqual(visibleSections(me.user).map((s) => s.label));
    const adminOnly = navSections.filter((s) => !s.roles.includes('VIEWER')).map((s) => s.label);
    expect(adminOnly).toContain('System administration');
    for (const label of adminOnly) expect(labels).not.toContain(label);
    await page.getByTestId('kpi-value-revenue').waitFor();

    await page.goto(`${baseUrl}/admin`);
    await page.getByRole('heading', { name: 'This section is not part of your role' }).waitFor();
  });

  it('when an admin signs in, then the menu shows exactly the admin sections', async () => {
    await signIn(page, baseUrl, demoAccounts.admin);
    await page.waitForURL(/\/dashboard/);
    const me = sessionResponseSchema.parse(await (await page.request.get(`${baseUrl}/api/auth/me`)).json());
    expect(me.user.role).toBe('ADMIN');
    expect(await navLabels()).toEqual(visibleSections(me.user).map((s) => s.label));
  });

  it('when the user signs out, then the session ends and the dashboard needs sign-in again', async () => {
    await signIn(page, baseUrl, demoAccounts.manager);
    await page.waitForURL(/\/dashboard/);
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    expect((await page.request.get(`${baseUrl}/api/auth/me`)).status()).toBe(401);
    await page.goto(`${baseUrl}/dashboard`);
    await page.waitForURL(/\/sign-in/);
  });
});
