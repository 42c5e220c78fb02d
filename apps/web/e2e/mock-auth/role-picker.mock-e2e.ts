import { describe, expect, inject, it } from 'vitest';
import { openPagePerTest } from '../browser.ts';

const baseUrl = inject('baseUrl');
const currentPage = openPagePerTest({ width: 1280, height: 800 });

describe('Mock auth role picker (AUTH_MOCK + VITE_FORCE_MOCK_AUTH)', () => {
  it('when a developer picks a role, then they are signed in as that role without a password, and ADMIN skips the forced enrolment', async () => {
    const page = currentPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByText('Development mode: sign in as any role without a password.').waitFor();
    expect(await page.getByLabel('Password').count()).toBe(0);
    await page.getByRole('button', { name: 'Sign in as Operator' }).click();
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    expect((await page.getByTestId('role-badge').innerText()).trim()).toBe('Operator');
    expect((await (await page.request.get(`${baseUrl}/api/auth/me`)).json()).user.role).toBe('OPERATOR');

    await page.context().clearCookies();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('button', { name: 'Sign in as Admin' }).click();
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    expect(new URL(page.url()).pathname).not.toBe('/mfa-setup');
    await page.goto(`${baseUrl}/admin/users`);
    await page.getByRole('heading', { name: 'System administration' }).waitFor();
    expect((await (await page.request.get(`${baseUrl}/api/auth/me`)).json()).user.role).toBe('ADMIN');
  });
});
