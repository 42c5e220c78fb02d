import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { totpCode } from './totp-code.ts';

/** The demo ADMIN's published TOTP secret (README, apps/server/src/modules/auth/demo-admin-totp.ts). */
export const DEMO_ADMIN_TOTP_SECRET = 'KRSXG5CTMVXHI2LBEBSGK3LPEBQWI3LJ';

export const demoAccounts = {
  admin: { email: 'admin@sentia.demo', password: 'Sentia-Admin-2026!', totpSecret: DEMO_ADMIN_TOTP_SECRET },
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

// The server refuses a code whose time step is not newer than the last one used (replay protection), and accepts the
// next step's code (clock drift). So each sign-in takes a step after the previous one, waiting when it would run ahead.
let lastStep = 0;
export async function nextFreshStep(): Promise<number> {
  const current = Math.floor(Date.now() / 30_000);
  if (lastStep + 1 <= current + 1) {
    lastStep = Math.max(current, lastStep + 1);
    return lastStep;
  }
  await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 200));
  return nextFreshStep();
}

/** Enters the authenticator code on the sign-in form's second step, retrying with a later step if one was already used. */
export async function enterTotpCode(page: Page, secret: string): Promise<void> {
  const input = page.getByLabel('Authenticator code');
  await input.waitFor();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await input.fill(totpCode(secret, new Date((await nextFreshStep()) * 30_000)));
    await page.getByRole('button', { name: 'Verify' }).click();
    const outcome = await Promise.race([
      page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 15_000 }).then(() => 'signed-in' as const),
      page.getByText('That code is not valid or was already used').waitFor({ timeout: 15_000 }).then(() => 'refused' as const),
    ]);
    if (outcome === 'signed-in') return;
    // Another test process used this step: jump past it.
    lastStep = Math.max(lastStep, Math.floor(Date.now() / 30_000)) + 1;
  }
  throw new Error('enterTotpCode: the server refused three codes');
}

/** Fills the sign-in form and submits it with the mouse; for an account with TOTP, enters the current code too. */
export async function signIn(page: Page, baseUrl: string, account: { email: string; password: string; totpSecret?: string }): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Work email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (account.totpSecret) await enterTotpCode(page, account.totpSecret);
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
