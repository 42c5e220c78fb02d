import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAccounts, nextFreshStep, openPagePerTest, signIn } from './browser.ts';
import { totpCode } from './totp-code.ts';

const baseUrl = inject('baseUrl');
const currentPage = openPagePerTest({ width: 1440, height: 900 });
const shop = 'sentia-e2e.myshopify.com';
const accessToken = 'shpat_e2e_write_only_token';
const webhookSecret = 'e2e-webhook-secret-never-shown';
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
let sandbox: ChildProcess | undefined;
let sandboxUrl = '';

beforeAll(async () => {
  // The sandbox runs in a process of its own: the web workspace talks to the server over HTTP only (lint).
  sandbox = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/modules/integrations/testing/shopify-sandbox.fixture.ts', shop, accessToken, webhookSecret], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: sandbox!.stdout! }).once('line', resolve);
    sandbox!.once('exit', (code) => reject(new Error(`the Shopify sandbox exited (${code})`)));
  });
  sandboxUrl = (JSON.parse(firstLine) as { baseUrl: string }).baseUrl;
});
afterAll(() => {
  sandbox?.kill('SIGTERM');
});

describe('Integrations & sync health', () => {
  it('when an ADMIN adds a Shopify sandbox connection and syncs it, then the page shows the records and never the secrets', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.admin);
    await page.waitForURL(/\/dashboard/);
    await page.getByRole('link', { name: 'Integrations & sync' }).first().click();
    await page.waitForURL(/\/integrations$/);

    await page.getByRole('button', { name: 'Add connection' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('E2E Shopify UK');
    await dialog.getByLabel('Store domain').fill(shop);
    await dialog.getByLabel('Sales channel').fill('SHOPIFY_UK');
    await dialog.getByLabel('Home region').fill('UK');
    await dialog.getByLabel('Admin API base URL (optional)').fill(sandboxUrl);
    await dialog.getByLabel('Admin API access token · write-only').fill(accessToken);
    await dialog.getByLabel('Webhook signing secret · write-only').fill(webhookSecret);
    expect(await dialog.getByLabel('Admin API access token · write-only').getAttribute('type')).toBe('password');
    await dialog.getByRole('button', { name: 'Add connection' }).click();
    await dialog.waitFor({ state: 'detached' });

    const card = page.getByTestId('connection-E2E Shopify UK');
    await card.waitFor();
    await card.getByRole('button', { name: 'Sync now', exact: true }).click();
    const ordersRow = card.getByTestId('resource-orders');
    await expect.poll(async () => ordersRow.getByTestId('records-last-run').innerText(), { timeout: 30_000 }).toMatch(/^3/);
    await expect.poll(async () => ordersRow.innerText()).toContain('OK');
    await expect.poll(async () => card.getByTestId('resource-inventory').getByTestId('records-last-run').innerText(), { timeout: 30_000 }).toMatch(/^\d/);
    expect(await card.getByTestId('breaker-state').getAttribute('data-state')).toBe('closed');

    await card.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(async () => card.getByTestId('test-result').innerText(), { timeout: 15_000 }).toContain('Connection works');

    const html = await page.content();
    expect(html).not.toContain(accessToken);
    expect(html).not.toContain(webhookSecret);
    const api = await page.request.get(`${baseUrl}/api/integrations/health`);
    expect(await api.text()).not.toContain(accessToken);

    mkdirSync('apps/web/e2e/screenshots', { recursive: true });
    await page.screenshot({ path: 'apps/web/e2e/screenshots/integrations-1440.png', fullPage: true });
  });

  it('when an ADMIN replaces a connection’s credentials, then wrong ones are tested and refused, and right ones are saved after a step-up', async () => {
    const page = currentPage();
    await signIn(page, baseUrl, demoAccounts.admin);
    await page.waitForURL(/\/dashboard/);
    await page.goto(`${baseUrl}/integrations`);
    const card = page.getByTestId('connection-E2E Shopify UK');
    await card.waitFor();

    await card.getByRole('button', { name: 'Replace credentials' }).click();
    const dialog = page.getByRole('dialog', { name: /Replace credentials/ });
    // Write-only: the form starts empty and its inputs are password fields.
    expect(await dialog.getByLabel('Admin API access token · write-only').inputValue()).toBe('');
    expect(await dialog.getByLabel('Webhook signing secret · write-only').getAttribute('type')).toBe('password');
    await dialog.getByLabel('Admin API access token · write-only').fill('shpat_wrong_token');
    await dialog.getByLabel('Webhook signing secret · write-only').fill(webhookSecret);
    await dialog.getByRole('button', { name: 'Test and save' }).click();
    await expect.poll(async () => dialog.getByTestId('replace-test-failed').innerText(), { timeout: 20_000 }).toContain('did not work');
    expect(await dialog.getByRole('button', { name: 'Save anyway' }).count()).toBe(1);
    mkdirSync('apps/web/e2e/screenshots', { recursive: true });
    await page.screenshot({ path: 'apps/web/e2e/screenshots/integrations-replace-credentials-1440.png' });

    // The sign-in a moment ago counts as a step-up for 10 minutes: the next answer is the server's challenge as it is
    // sent 10 minutes later, so the web's prompt-and-retry runs against the real step-up endpoint.
    await page.route(
      '**/api/integrations/connections/*/credentials',
      (route) =>
        route.fulfill({
          status: 401,
          contentType: 'application/problem+json',
          headers: { 'www-authenticate': 'StepUp realm="sentia", methods="totp recovery-code", max_age="600"' },
          body: JSON.stringify({ type: 'about:blank', title: 'Step-up required', status: 401, code: 'STEP_UP_REQUIRED', detail: 'Confirm with your authenticator code.' }),
        }),
      { times: 1 },
    );
    await dialog.getByLabel('Admin API access token · write-only').fill(accessToken);
    await dialog.getByRole('button', { name: 'Test and save' }).click();
    const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
    await stepUp.waitFor();
    await stepUp.getByLabel('Authenticator code').fill(totpCode(demoAccounts.admin.totpSecret, new Date((await nextFreshStep()) * 30_000)));
    await stepUp.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(async () => card.getByTestId('credentials-result').innerText(), { timeout: 20_000 }).toContain('New credentials saved and tested');
    await expect.poll(async () => dialog.count()).toBe(0);

    const html = await page.content();
    expect(html).not.toContain(accessToken);
    expect(html).not.toContain('shpat_wrong_token');
    await card.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(async () => card.getByTestId('test-result').innerText(), { timeout: 15_000 }).toContain('Connection works');
    await page.screenshot({ path: 'apps/web/e2e/screenshots/integrations-credentials-replaced-1440.png', fullPage: true });
  });

  it('when a MANAGER opens the page on a phone, then the health is shown read-only without sideways scrolling', async () => {
    const page = currentPage();
    await page.setViewportSize({ width: 360, height: 800 });
    await signIn(page, baseUrl, demoAccounts.manager);
    await page.waitForURL(/\/dashboard/);
    await page.goto(`${baseUrl}/integrations`);
    const card = page.getByTestId('connection-E2E Shopify UK');
    await card.waitFor();
    await expect.poll(async () => card.getByTestId('resource-orders').getByTestId('records-last-run').innerText()).toMatch(/^3/);
    expect(await page.getByRole('button', { name: 'Add connection' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Sync now' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Replace credentials' }).count()).toBe(0);
    const replaceRefused = await page.request.put(`${baseUrl}/api/integrations/connections/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}/credentials`, { data: { credentials: { accessToken: 'x', webhookSecret: 'y' } } });
    expect(replaceRefused.status()).toBe(403);
    await expect.poll(() => page.getByText('Read-only: an administrator manages connections.').count()).toBe(1);
    const refused = await page.request.post(`${baseUrl}/api/integrations/connections/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}/sync`, { data: {} });
    expect(refused.status()).toBe(403);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'apps/web/e2e/screenshots/integrations-360.png', fullPage: true });
  });
});
