import { sessionResponseSchema } from '@sentia/contracts/auth';
import { describe, expect, inject, it } from 'vitest';
import { navSections, visibleSections } from '../src/app/navigation.ts';
import { demoAccounts, signIn, openPagePerTest } from './browser.ts';

const baseUrl = inject('baseUrl');
const currentPage = openPagePerTest({ width: 1280, height: 800 });

async function navLabels(): Promise<string[]> {
  const nav = currentPage().getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link').first().waitFor();
  return (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
}

describe('Sign-in and navigation', () => {
  it('when a visitor opens the dashboard signed out, then they are sent to sign-in and come back after', async () => {
    await currentPage().goto(`${baseUrl}/dashboard?region=UK`);
    await currentPage().waitForURL(/\/sign-in\?next=/);
    await currentPage().getByLabel('Work email').fill(demoAccounts.manager.email);
    await currentPage().getByLabel('Password').fill(demoAccounts.manager.password);
    await currentPage().getByRole('button', { name: 'Sign in' }).click();
    await currentPage().waitForURL((url) => url.pathname === '/dashboard' && url.searchParams.get('region') === 'UK');
  });

  it('when the password is wrong, then an error is shown and the user stays on sign-in', async () => {
    await signIn(currentPage(), baseUrl, { email: demoAccounts.manager.email, password: 'not-the-password' });
    const alert = currentPage().getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/do not match/);
    expect(new URL(currentPage().url()).pathname).toBe('/sign-in');
    const me = await currentPage().request.get(`${baseUrl}/api/auth/me`);
    expect(me.status()).toBe(401);
  });

  it('when a viewer signs in, then the menu shows exactly the viewer sections and no administration', async () => {
    await signIn(currentPage(), baseUrl, demoAccounts.viewer);
    await currentPage().waitForURL(/\/dashboard/);
    await currentPage().getByTestId('role-badge').filter({ hasText: 'Viewer' }).waitFor();
    const labels = await navLabels();
    const me = sessionResponseSchema.parse(await (await currentPage().request.get(`${baseUrl}/api/auth/me`)).json());
    expect(me.user.role).toBe('VIEWER');
    expect(me.user.permissions).not.toContain('admin:manage');
    expect(labels).toEqual(visibleSections(me.user).map((s) => s.label));
    const adminOnly = navSections.filter((s) => !s.roles.includes('VIEWER')).map((s) => s.label);
    expect(adminOnly).toContain('System administration');
    for (const label of adminOnly) expect(labels).not.toContain(label);
    await currentPage().getByTestId('kpi-value-revenue').waitFor();

    await currentPage().goto(`${baseUrl}/admin`);
    await currentPage().getByRole('heading', { name: 'This section is not part of your role' }).waitFor();
  });

  it('when an admin signs in, then the menu shows exactly the admin sections', async () => {
    await signIn(currentPage(), baseUrl, demoAccounts.admin);
    await currentPage().waitForURL(/\/dashboard/);
    const me = sessionResponseSchema.parse(await (await currentPage().request.get(`${baseUrl}/api/auth/me`)).json());
    expect(me.user.role).toBe('ADMIN');
    expect(await navLabels()).toEqual(visibleSections(me.user).map((s) => s.label));
  });

  it('when the user signs out, then the session ends and the dashboard needs sign-in again', async () => {
    await signIn(currentPage(), baseUrl, demoAccounts.manager);
    await currentPage().waitForURL(/\/dashboard/);
    await currentPage().getByRole('button', { name: /Account menu/ }).click();
    await currentPage().getByRole('menuitem', { name: 'Sign out' }).click();
    await currentPage().waitForURL(/\/sign-in/);
    expect((await currentPage().request.get(`${baseUrl}/api/auth/me`)).status()).toBe(401);
    await currentPage().goto(`${baseUrl}/dashboard`);
    await currentPage().waitForURL(/\/sign-in/);
  });
});
