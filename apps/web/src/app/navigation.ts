import type { Role } from '@sentia/contracts/common';
import { BrainCircuit, Factory, LayoutDashboard, ShieldCheck, Wallet, type LucideIcon } from 'lucide-react';

/**
 * Every section of the app, from the spec's sidebar (6.2.1) and access matrix. A section is
 * listed here before its page exists, with `isAvailable: false`, so later issues only flip the
 * flag and add a route; unavailable sections are never shown (no placeholder pages).
 *
 * Roles: the spec's sidebar table gives Executive Overview to ADMIN and MANAGER, and its access
 * matrix adds read-only VIEWER access; the server enforces permissions either way.
 */
export interface NavSection {
  id: string;
  label: string;
  /** Route path; also the link target. */
  path: string;
  icon: LucideIcon;
  roles: readonly Role[];
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
    roles: ['ADMIN', 'MANAGER', 'VIEWER'],
    isAvailable: true,
    hasReportControls: true,
  },
  {
    id: 'production',
    label: 'Production intelligence',
    path: '/production',
    icon: Factory,
    roles: ['ADMIN', 'MANAGER', 'OPERATOR'],
    isAvailable: false,
    hasReportControls: true,
  },
  {
    id: 'working-capital',
    label: 'Working capital',
    path: '/working-capital',
    icon: Wallet,
    roles: ['ADMIN', 'MANAGER'],
    isAvailable: false,
    hasReportControls: true,
  },
  {
    id: 'forecasting',
    label: 'Forecasting & analytics',
    path: '/forecasting',
    icon: BrainCircuit,
    roles: ['ADMIN', 'MANAGER'],
    isAvailable: false,
    hasReportControls: false,
  },
  {
    id: 'administration',
    label: 'System administration',
    path: '/admin',
    icon: ShieldCheck,
    roles: ['ADMIN'],
    isAvailable: false,
    hasReportControls: false,
  },
];

/** The sections a role sees: available ones that list the role, in menu order. */
export function visibleSections(role: Role, sections: readonly NavSection[] = navSections): NavSection[] {
  return sections.filter((section) => section.isAvailable && section.roles.includes(role));
}

/** The section whose path the pathname is in, if any. */
export function sectionForPath(pathname: string, sections: readonly NavSection[] = navSections): NavSection | undefined {
  return sections.find((section) => pathname === section.path || pathname.startsWith(`${section.path}/`));
}
