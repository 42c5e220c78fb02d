import type { SessionUser } from '@sentia/contracts/auth';
import type { Role } from '@sentia/contracts/common';
import { Boxes, BrainCircuit, CalendarRange, Factory, FileUp, LayoutDashboard, ListChecks, PlugZap, ShieldCheck, ShoppingCart, Tablet, Wallet, type LucideIcon } from 'lucide-react';

/**
 * Every section of the app, from the spec's sidebar (6.2.1) and access matrix. A section is
 * listed here before its page exists, with `isAvailable: false`, so later issues only flip the
 * flag and add a route; unavailable sections are never shown (no placeholder pages).
 *
 * Roles follow the spec's permission matrix (6.3.1.3), which the server seeds into role_permissions:
 * a section shows when the role is listed AND the session carries the section's read permission,
 * so revoking a grant on the server also hides the menu entry. The server enforces access either way.
 */
export interface NavSection {
  id: string;
  label: string;
  /** Route path; also the link target. */
  path: string;
  icon: LucideIcon;
  roles: readonly Role[];
  /** The permission (resource:action) the section's data needs. */
  permission: string;
  isAvailable: boolean;
  /** Whether the top bar shows the date range, currency and freshness controls on this page. */
  hasReportControls: boolean;
}

export const navSections: readonly NavSection[] = [
  {
    id: 'executive',
    label: 'Executive overview',
    path: '/dashboard',
    icon: LayoutDashboard,
    roles: ['ADMIN', 'MANAGER', 'OPERATOR', 'VIEWER'],
    permission: 'dashboard:read',
    isAvailable: true,
    hasReportControls: true,
  },
  {
    id: 'production',
    label: 'Production intelligence',
    path: '/production',
    icon: Factory,
    // VIEWER has no production access (docs/decisions/0008-viewer-has-no-production-access.md).
    roles: ['ADMIN', 'MANAGER', 'OPERATOR'],
    permission: 'production:read',
    isAvailable: true,
    hasReportControls: false,
  },
  {
    id: 'production-schedule',
    label: 'Production schedule',
    path: '/production/schedule',
    icon: CalendarRange,
    roles: ['ADMIN', 'MANAGER', 'OPERATOR'],
    permission: 'production:read',
    isAvailable: true,
    hasReportControls: false,
  },
  {
    id: 'production-operator',
    label: 'Operator station',
    path: '/production/operator',
    icon: Tablet,
    roles: ['ADMIN', 'MANAGER', 'OPERATOR'],
    permission: 'production:execute',
    isAvailable: true,
    hasReportControls: false,
  },
  {
    id: 'working-capital',
    label: 'Working capital',
    path: '/working-capital',
    icon: Wallet,
    roles: ['ADMIN', 'MANAGER', 'VIEWER'],
    permission: 'workingcapital:read',
    isAvailable: true,
    hasReportControls: true,
  },
  {
    id: 'inventory',
    label: 'Inventory policy',
    path: '/inventory',
    icon: Boxes,
    // The permission matrix grants inventory:read to every role; OPERATOR and VIEWER see it read-only.
    roles: ['ADMIN', 'MANAGER', 'OPERATOR', 'VIEWER'],
    permission: 'inventory:read',
    isAvailable: true,
    hasReportControls: false,
  },
  {
    id: 'purchasing',
    label: 'Purchasing',
    path: '/purchasing',
    icon: ShoppingCart,
    // Approving is MANAGER/ADMIN (the workflow's rule); OPERATOR receives deliveries; VIEWER reads.
    roles: ['ADMIN', 'MANAGER', 'OPERATOR', 'VIEWER'],
    permission: 'inventory:read',
    isAvailable: true,
    hasReportControls: false,
  },
  {
    id: 'forecasting',
    label: 'Forecasting & analytics',
    path: '/forecasting',
    icon: BrainCircuit,
    roles: ['ADMIN', 'MANAGER', 'VIEWER'],
    permission: 'forecast:read',
    isAvailable: true,
    hasReportControls: false,
  },
  {
    id: 'integrations',
    label: 'Integrations & sync',
    path: '/integrations',
    icon: PlugZap,
    // ADMIN manages connections; MANAGER reads sync health (issue 7).
    roles: ['ADMIN', 'MANAGER'],
    permission: 'integrations:read',
    isAvailable: true,
    hasReportControls: false,
  },
  {
    id: 'imports',
    label: 'Import data',
    path: '/imports',
    icon: FileUp,
    // CSV/Excel imports write orders, stock and master data: ADMIN and MANAGER (data:import).
    roles: ['ADMIN', 'MANAGER'],
    permission: 'data:import',
    isAvailable: true,
    hasReportControls: false,
  },
  {
    id: 'jobs',
    label: 'Background jobs',
    // Listed before 'administration' so sectionForPath matches this deeper path first.
    path: '/admin/jobs',
    icon: ListChecks,
    roles: ['ADMIN'],
    permission: 'admin:manage',
    isAvailable: true,
    hasReportControls: false,
  },
  {
    id: 'administration',
    label: 'System administration',
    path: '/admin',
    icon: ShieldCheck,
    roles: ['ADMIN'],
    permission: 'admin:manage',
    isAvailable: true,
    hasReportControls: false,
  },
];

/** Whether a user may open a section: it is available, lists their role, and they hold its permission. */
export function canSeeSection(user: Pick<SessionUser, 'role' | 'permissions'>, section: NavSection): boolean {
  return section.isAvailable && section.roles.includes(user.role) && user.permissions.includes(section.permission);
}

/** The sections a user sees, in menu order. */
export function visibleSections(user: Pick<SessionUser, 'role' | 'permissions'>, sections: readonly NavSection[] = navSections): NavSection[] {
  return sections.filter((section) => canSeeSection(user, section));
}

/** The section whose path the pathname is in, if any; the deepest one when sections nest (/production/schedule). */
export function sectionForPath(pathname: string, sections: readonly NavSection[] = navSections): NavSection | undefined {
  let best: NavSection | undefined;
  for (const section of sections) {
    if ((pathname === section.path || pathname.startsWith(`${section.path}/`)) && (!best || section.path.length > best.path.length)) best = section;
  }
  return best;
}

/** Whether another section lives below this one's path, so its menu link should be active on its own path only. */
export function hasNestedSection(section: NavSection, sections: readonly NavSection[] = navSections): boolean {
  return sections.some((other) => other.path.startsWith(`${section.path}/`));
}
