import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export const demoAccounts = {
  admin: { email: 'admin@sentia.demo', password: 'Sentia-Admin-2026!' },
  manager: { email: 'manager@sentia.demo', password: 'Sentia-Manager-2026!' },
  operator: { email: 'operator@sentia.demo', password: 'Sentia-Operator-2026!' },
  viewer: { email: 'viewer@sentia.demo', password: 'Sentia-Viewer-2026!' },
} as const;

/** Debian's Chromium, headless; the flags keep it from phoning home during tests. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Fills the sign-in form and submits it with the mouse. */
export async function signIn(page: Page, baseUrl: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Work email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * One browser per test file and a fresh context (cookies, storage) per test, at the given viewport.
 * Returns the current test's page.
 */
export function openPagePerTest(viewport: { width: number; height: number }): () => Page {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    context = await browser!.newContext({ viewport });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });
  return () => {
    if (!page) throw new Error('openPagePerTest: no page outside a test');
    return page;
  };
}
