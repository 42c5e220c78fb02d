import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { demoAccounts, openPagePerTest, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const currentPage = openPagePerTest({ width: 1280, height: 800 });

async function openUsersAsAdmin(page: Page): Promise<void> {
  await signIn(page, baseUrl, demoAccounts.admin);
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  await page.goto(`${baseUrl}/admin/users`);
  await page.getByRole('heading', { name: 'System administration' }).waitFor();
}

describe('Invitations and temporary passwords', () => {
  it('when an ADMIN invites an operator and the invitee opens the copied link in another browser, then they set a password and land on the operator’s dashboard', async () => {
    const admin = currentPage();
    await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await openUsersAsAdmin(admin);

    const email = `olive-${Date.now()}@sentia.demo`;
    await admin.getByRole('button', { name: 'Invite user' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Work e-mail').fill(email);
    await dialog.getByLabel('Name (optional)').fill('Olive Operator');
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await admin.getByRole('option', { name: 'Operator' }).click();
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const shown = (await dialog.getByTestId('invitation-link').innerText()).trim();
    expect(shown).toMatch(new RegExp(`^${baseUrl}/accept-invite#token=[A-Za-z0-9_-]{43}$`));
    await dialog.getByRole('button', { name: 'Copy the invitation link' }).click();
    await dialog.getByRole('button', { name: 'the invitation link copied' }).waitFor();
    const link = await admin.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(shown);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await admin.getByTestId(`invitation-row-${email}`).filter({ hasText: 'Pending' }).waitFor();

    const inviteeContext = await admin.context().browser()!.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const invitee = await inviteeContext.newPage();
      await invitee.goto(link);
      await invitee.getByRole('heading', { name: 'Create your account' }).waitFor();
      expect(await invitee.getByTestId('invitation-email').innerText()).toBe(email);
      expect(await invitee.getByTestId('invitation-role').innerText()).toBe('Operator');
      expect(await invitee.getByLabel('Your name').inputValue()).toBe('Olive Operator');
      // Too short for the OPERATOR policy: the server names the password and nothing is created.
      await invitee.getByLabel('New password').fill('Short1a');
      await invitee.getByLabel('Repeat the password').fill('Short1a');
      await invitee.getByRole('button', { name: 'Create account' }).click();
      await invitee.getByText(/at least 10 characters/i).first().waitFor();
      await invitee.getByLabel('New password').fill('Copper-Kettle-Harbour-7');
      await invitee.getByLabel('Repeat the password').fill('Copper-Kettle-Harbour-7');
      await invitee.getByRole('button', { name: 'Create account' }).click();
      await invitee.waitForURL(/\/dashboard/);
      const me = await (await invitee.request.get(`${baseUrl}/api/auth/me`)).json();
      expect(me.user).toMatchObject({ email, role: 'OPERATOR', name: 'Olive Operator' });

      // The link is spent: opening it again explains why instead of showing the form.
      const again = await inviteeContext.newPage();
      await again.goto(link);
      await again.getByRole('heading', { name: 'This invitation was already used' }).waitFor();
    } finally {
      await inviteeContext.close();
    }
    await admin.reload();
    await admin.getByTestId(`user-row-${email}`).waitFor();
    expect(await admin.getByTestId(`invitation-row-${email}`).count()).toBe(0);
  });

  it('when an ADMIN resets a user’s password, then that user is forced to choose a new one before the app or the API opens', async () => {
    const admin = currentPage();
    await openUsersAsAdmin(admin);
    const email = `reset-${Date.now()}@sentia.demo`;
    const created = await admin.request.post(`${baseUrl}/api/admin/users`, { headers: { origin: baseUrl }, data: { email, name: 'Rita Reset', role: 'VIEWER' } });
    expect(created.status()).toBe(201);
    await admin.reload();
    await admin.getByRole('button', { name: `Actions for ${email}` }).click();
    await admin.getByRole('menuitem', { name: 'Reset password' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Reset password' }).click();
    const temporary = (await admin.getByRole('dialog', { name: 'Password reset' }).getByTestId('temporary-password').innerText()).trim();
    expect(temporary).toHaveLength(20);
    await admin.getByRole('button', { name: 'Done' }).click();
    await admin.getByTestId(`user-row-${email}`).filter({ hasText: 'Temporary password' }).waitFor();

    const userContext = await admin.context().browser()!.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await userContext.newPage();
      await signIn(page, baseUrl, { email, password: temporary });
      await page.waitForURL(/\/change-password/);
      await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
      await page.goto(`${baseUrl}/dashboard`);
      await page.waitForURL(/\/change-password\?next=%2Fdashboard/);
      const blocked = await page.request.get(`${baseUrl}/api/kpis/summary`);
      expect(blocked.status()).toBe(403);
      expect((await blocked.json()).code).toBe('PASSWORD_CHANGE_REQUIRED');

      await page.getByLabel('Temporary password').fill(temporary);
      await page.getByLabel('New password', { exact: true }).fill('Juniper-Slate-Otter');
      await page.getByLabel('Repeat the new password').fill('Juniper-Slate-Otter');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.waitForURL(/\/dashboard/);
      expect((await page.request.get(`${baseUrl}/api/auth/me`)).status()).toBe(200);
      expect((await (await page.request.get(`${baseUrl}/api/auth/me`)).json()).passwordChangeRequired).toBe(false);
    } finally {
      await userContext.close();
    }
  });
});
