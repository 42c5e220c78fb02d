import { describe, expect, it } from 'vitest';
import { navSections, sectionForPath, visibleSections, type NavSection } from './navigation.ts';

const icon = navSections[0]!.icon;
const section = (overrides: Partial<NavSection>): NavSection => ({ id: 'x', label: 'X', path: '/x', icon, roles: ['ADMIN'], isAvailable: true, hasReportControls: false, ...overrides });

describe('visibleSections', () => {
  it('when a section is not available yet, then no role sees it', () => {
    const sections = [section({ id: 'a', roles: ['ADMIN', 'VIEWER'], isAvailable: false }), section({ id: 'b', roles: ['ADMIN', 'VIEWER'] })];
    expect(visibleSections('ADMIN', sections).map((s) => s.id)).toEqual(['b']);
  });

  it('when a section lists only ADMIN, then a VIEWER does not see it', () => {
    const sections = [section({ id: 'admin', roles: ['ADMIN'] }), section({ id: 'exec', roles: ['ADMIN', 'VIEWER'] })];
    expect(visibleSections('VIEWER', sections).map((s) => s.id)).toEqual(['exec']);
    expect(visibleSections('ADMIN', sections).map((s) => s.id)).toEqual(['admin', 'exec']);
  });

  it('when using the real menu, then the administration section is for ADMIN only and executive is visible to viewers', () => {
    expect(navSections.find((s) => s.id === 'administration')?.roles).toEqual(['ADMIN']);
    expect(visibleSections('VIEWER').map((s) => s.id)).toContain('executive');
    expect(visibleSections('VIEWER').map((s) => s.id)).not.toContain('administration');
  });
});

describe('sectionForPath', () => {
  it('when the path is inside a section, then that section is returned', () => {
    expect(sectionForPath('/dashboard')?.id).toBe('executive');
    expect(sectionForPath('/dashboard/anything')?.id).toBe('executive');
    expect(sectionForPath('/dashboardx')).toBeUndefined();
  });
});
