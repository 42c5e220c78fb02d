import { request } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { demoAccounts, openPagePerTest, signIn } from './browser.ts';
import { totpCode } from './totp-code.ts';

const baseUrl = inject('baseUrl');
const currentPage = openPagePerTest({ width: 1280, height: 800 });
const headers = { origin: baseUrl };

describe('Step-up dialog', () => {
  it('when an ADMIN whose session has no recent second factor changes a role, then the dialog asks for the authenticator code and the change goes through once it is accepted', async () => {
    const page = currentPage();
    // The demo ADMIN prepares a second administrator (temporary password) and a user whose role will change.
    await signIn(page, baseUrl, demoAccounts.admin);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    const stamp = Date.now();
    const adminEmail = `step-up-admin-${stamp}@sentia.demo`;
    const targetEmail = `step-up-target-${stamp}@sentia.demo`;
    const created = await (await page.request.post(`${baseUrl}/api/admin/users`, { headers, data: { email: adminEmail, name: 'Stella Stepup', role: 'ADMIN' } })).json();
    expect((await page.request.post(`${baseUrl}/api/admin/users`, { headers, data: { email: targetEmail, name: 'Terry Target', role: 'VIEWER' } })).status()).toBe(201);
    await page.context().clearCookies();

    // Elsewhere (an API client), the new ADMIN replaces the temporary password.
    const other = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: headers });
    const password = 'Harbour-Quill-Ember-71!';
    try {
      expect((await other.post('/api/auth/sign-in', { data: { email: adminEmail, password: created.temporaryPassword } })).status()).toBe(200);
      expect((await other.post('/api/auth/password', { data: { currentPassword: created.temporaryPassword, newPassword: password } })).status()).toBe(200);
      // This browser signs in now, before TOTP exists: its session never proves a second factor.
      expect((await page.request.post(`${baseUrl}/api/auth/sign-in`, { headers, data: { email: adminEmail, password } })).status()).toBe(200);
      // The other client enrols TOTP, which opens the app to this session too, without a step-up.
      const { secret } = await (await other.post('/api/auth/mfa/totp/enrol')).json();
      expect((await other.post('/api/auth/mfa/totp/confirm', { data: { code: totpCode(secret) } })).status()).toBe(200);

      await page.goto(`${baseUrl}/admin/users`);
      await page.getByTestId(`user-row-${targetEmail}`).waitFor();
      await page.getByRole('combobox', { name: `Role of ${targetEmail}` }).click();
      await page.getByRole('option', { name: 'Manager' }).click();
      await page.getByRole('dialog', { name: 'Change role' }).getByRole('button', { name: 'Change role' }).click();

      const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
      await stepUp.waitFor();
      // A wrong code is refused in the dialog.
      await stepUp.getByLabel('Authenticator code').fill('000000');
      await stepUp.getByRole('button', { name: 'Confirm' }).click();
      await stepUp.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
      // The next time step's code (the current one was used to confirm enrolment; the server allows one step of drift).
      await stepUp.getByLabel('Authenticator code').fill(totpCode(secret, new Date(Date.now() + 30_000)));
      await stepUp.getByRole('button', { name: 'Confirm' }).click();
      await stepUp.waitFor({ state: 'hidden' });
      await page.getByRole('dialog', { name: 'Change role' }).waitFor({ state: 'hidden' });
      const users = await (await page.request.get(`${baseUrl}/api/admin/users?q=${encodeURIComponent(targetEmail)}`)).json();
      expect(users.users[0].role).toBe('MANAGER');
    } finally {
      await other.dispose();
    }
  });
});
