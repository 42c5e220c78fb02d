import type { Role } from '@sentia/contracts/common';
import { describe, expect, it } from 'vitest';
import { hasNestedSection, navSections, sectionForPath, visibleSections, type NavSection } from './navigation.ts';

const icon = navSections[0]!.icon;
const section = (overrides: Partial<NavSection>): NavSection => ({
  id: 'x',
  label: 'X',
  path: '/x',
  icon,
  roles: ['ADMIN'],
  permission: 'x:read',
  isAvailable: true,
  hasReportControls: false,
  ...overrides,
});
const user = (role: Role, permissions: string[]) => ({ role, permissions });

describe('visibleSections', () => {
  it('when a section is not available yet, then nobody sees it', () => {
    const sections = [section({ id: 'a', roles: ['ADMIN', 'VIEWER'], isAvailable: false }), section({ id: 'b', roles: ['ADMIN', 'VIEWER'] })];
    expect(visibleSections(user('ADMIN', ['x:read']), sections).map((s) => s.id)).toEqual(['b']);
  });

  it('when a section lists only ADMIN, then a VIEWER does not see it even with the permission', () => {
    const sections = [section({ id: 'admin', roles: ['ADMIN'] }), section({ id: 'exec', roles: ['ADMIN', 'VIEWER'] })];
    expect(visibleSections(user('VIEWER', ['x:read']), sections).map((s) => s.id)).toEqual(['exec']);
    expect(visibleSections(user('ADMIN', ['x:read']), sections).map((s) => s.id)).toEqual(['admin', 'exec']);
  });

  it('when the session lacks the section permission, then the section is hidden', () => {
    const sections = [section({ id: 'exec', roles: ['VIEWER'], permission: 'dashboard:read' })];
    expect(visibleSections(user('VIEWER', []), sections)).toEqual([]);
    expect(visibleSections(user('VIEWER', ['dashboard:read']), sections).map((s) => s.id)).toEqual(['exec']);
  });

  it('when using the real menu, then administration is ADMIN-only and the executive overview is open to every role with dashboard:read', () => {
    const administration = navSections.find((s) => s.id === 'administration');
    expect(administration?.roles).toEqual(['ADMIN']);
    expect(administration?.permission).toBe('admin:manage');
    for (const role of ['ADMIN', 'MANAGER', 'OPERATOR', 'VIEWER'] as const) {
      expect(visibleSections(user(role, ['dashboard:read'])).map((s) => s.id)).toContain('executive');
    }
  });
});

describe('sectionForPath', () => {
  it('when the path is inside a section, then that section is returned', () => {
    expect(sectionForPath('/dashboard')?.id).toBe('executive');
    expect(sectionForPath('/dashboard/anything')?.id).toBe('executive');
    expect(sectionForPath('/dashboardx')).toBeUndefined();
  });
});

describe('nested sections', () => {
  it('when sections nest, then the deepest one owns the path and the parent link is active on its own path only', () => {
    expect(sectionForPath('/production')?.id).toBe('production');
    expect(sectionForPath('/production/schedule')?.id).toBe('production-schedule');
    expect(sectionForPath('/production/operator/x')?.id).toBe('production-operator');
    expect(hasNestedSection(navSections.find((s) => s.id === 'production')!)).toBe(true);
    expect(hasNestedSection(navSections.find((s) => s.id === 'production-schedule')!)).toBe(false);
  });
});
