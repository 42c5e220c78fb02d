import { sessionResponseSchema } from '@sentia/contracts/auth';
import { describe, expect, inject, it } from 'vitest';
import { demoAccounts, openPagePerTest, signIn } from './browser.ts';
import { totpCode } from './totp-code.ts';

const baseUrl = inject('baseUrl');
const currentPage = openPagePerTest({ width: 1280, height: 800 });

describe('Two-factor sign-in', () => {
  it('when a new ADMIN signs in for the first time, then they must enrol TOTP (QR code, code, recovery codes once) before reaching the app', async () => {
    const page = currentPage();
    // The demo ADMIN (enrolled, and freshly stepped up by signing in with the code) creates a second administrator.
    await signIn(page, baseUrl, demoAccounts.admin);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    const email = `second-admin-${Date.now()}@sentia.demo`;
    const created = await page.request.post(`${baseUrl}/api/admin/users`, { data: { email, name: 'Second Admin', role: 'ADMIN' }, headers: { origin: baseUrl } });
    expect(created.status()).toBe(201);
    const { temporaryPassword } = (await created.json()) as { temporaryPassword: string };
    await page.context().clearCookies();

    await signIn(page, baseUrl, { email, password: temporaryPassword });
    // The temporary password goes first (the server opens nothing else, not even enrolment), then TOTP.
    await page.waitForURL(/\/change-password/);
    await page.getByLabel('Temporary password').fill(temporaryPassword);
    await page.getByLabel('New password', { exact: true }).fill('Harbour-Quill-Ember-71!');
    await page.getByLabel('Repeat the new password').fill('Harbour-Quill-Ember-71!');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(/\/mfa-setup/);
    await page.getByTestId('totp-qr').waitFor();
    // Until enrolment is done the API refuses everything else.
    const blocked = await page.request.get(`${baseUrl}/api/kpis/summary`);
    expect(blocked.status()).toBe(403);
    expect(((await blocked.json()) as { code: string }).code).toBe('MFA_ENROLMENT_REQUIRED');

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: 'apps/web/e2e/screenshots/mfa-enrol-1440.png', fullPage: true });
    await page.setViewportSize({ width: 360, height: 780 });
    await page.screenshot({ path: 'apps/web/e2e/screenshots/mfa-enrol-360.png', fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    await page.getByLabel('Code from the app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const codes = page.getByTestId('recovery-codes').getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.getByRole('button', { name: 'I have saved them, continue' }).click();
    await page.waitForURL((url) => url.pathname !== '/mfa-setup');

    const me = sessionResponseSchema.parse(await (await page.request.get(`${baseUrl}/api/auth/me`)).json());
    expect(me.mfa).toEqual({ enrolled: true, enrolmentRequired: false });
    await page.goto(`${baseUrl}/admin`);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/admin/);
  });

  it('when the enrolled demo ADMIN signs in, then the form asks for the authenticator code after the password', async () => {
    const page = currentPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Work email').fill(demoAccounts.admin.email);
    await page.getByLabel('Password').fill(demoAccounts.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authenticator code').waitFor();
    await page.getByLabel('Authenticator code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('That code is not valid or was already used').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
