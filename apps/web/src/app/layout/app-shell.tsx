import type { SessionUser } from '@sentia/contracts/auth';
import type { ReactNode } from 'react';
import { Ellipsis } from 'lucide-react';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu.tsx';
import { UserMenu } from '@/features/auth/components/user-menu.tsx';
import { FreshnessIndicator } from '@/features/dashboard/components/freshness-indicator.tsx';
import { ReportControls } from '@/features/dashboard/components/report-controls.tsx';
import { cn } from '@/lib/cn.ts';
import { ConnectionIndicator } from '@/lib/live-events/connection-indicator.tsx';
import { useMediaQuery } from '@/lib/use-media-query.ts';
import { hasNestedSection, sectionForPath, visibleSections } from '../navigation.ts';
import { BrandMark } from './brand-mark.tsx';

/**
 * The signed-in frame: a sidebar on wide screens, a bottom tab bar on narrow ones (spec 6.5.2),
 * and a top bar with the report controls, data freshness and the user menu.
 */
export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const sections = visibleSections(user);
  const location = useLocation();
  const navigate = useNavigate();
  const current = sectionForPath(location.pathname);
  const hasReportControls = current?.hasReportControls ?? false;
  const isWide = useMediaQuery('(min-width: 1024px)');
  // Carry the report filters between sections that share them.
  // The tab bar holds five targets; when a role has more sections, the fifth becomes "More".
  const tabSections = sections.length > 5 ? sections.slice(0, 4) : sections;
  const moreSections = sections.length > 5 ? sections.slice(4) : [];
  const isMoreActive = moreSections.some((section) => section.id === current?.id);
  const linkSearch = (path: string) => (hasReportControls && sectionForPath(path)?.hasReportControls ? location.search : '');

  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15.5rem_minmax(0,1fr)]">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-card px-4 py-2 font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>

      <aside className="hidden bg-sidebar text-sidebar-foreground lg:block">
        <div className="sticky top-0 flex h-dvh flex-col">
          <div className="px-5 py-5">
            <BrandMark inverted />
          </div>
          <nav aria-label="Main" className="flex-1 px-3">
            <ul className="space-y-1">
              {sections.map((section) => (
                <li key={section.id}>
                  <NavLink
                    to={{ pathname: section.path, search: linkSearch(section.path) }}
                    end={hasNestedSection(section)}
                    className={({ isActive }) =>
                      cn(
                        'flex h-10 items-center gap-3 rounded-md px-3 text-sm font-medium transition-colors hover:bg-sidebar-accent hover:text-white focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-[#5eead4]',
                        isActive ? 'bg-sidebar-accent text-white' : 'text-sidebar-foreground/85',
                      )
                    }
                  >
                    <section.icon className="size-4 shrink-0" aria-hidden="true" />
                    {section.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <p className="px-5 py-4 text-xs text-sidebar-muted">Signed in as {user.name}</p>
        </div>
      </aside>

      <div className="flex min-w-0 flex-col pb-16 lg:pb-0">
        <header className="sticky top-0 z-30 border-b bg-card/95 backdrop-blur supports-[backdrop-filter]:bg-card/80">
          <div className="flex h-14 items-center gap-3 px-4 sm:px-6">
            <div className="lg:hidden">
              <BrandMark compact />
            </div>
            <div className="hidden min-w-0 flex-1 lg:block">{hasReportControls && isWide ? <ReportControls /> : null}</div>
            <div className="ml-auto flex items-center gap-2 sm:gap-3">
              <ConnectionIndicator className="hidden sm:inline-flex" />
              {hasReportControls ? <FreshnessIndicator /> : null}
              <UserMenu user={user} onSignedOut={() => navigate('/sign-in', { replace: true })} />
            </div>
          </div>
        </header>
        {/* On narrow screens the controls scroll away with the page, leaving the short top bar pinned. */}
        {hasReportControls && !isWide ? (
          <div className="border-b bg-card px-4 py-2 sm:px-6">
            <ReportControls />
          </div>
        ) : null}

        <main id="main" tabIndex={-1} className="w-full max-w-[120rem] flex-1 px-4 py-4 outline-none sm:px-6 sm:py-6 2xl:px-10">
          {children}
        </main>
      </div>

      {sections.length > 0 ? (
        <nav aria-label="Main" className="fixed inset-x-0 bottom-0 z-30 border-t bg-card lg:hidden">
          <ul className="mx-auto flex max-w-lg">
            {tabSections.map((section) => (
              <li key={section.id} className="min-w-0 flex-1">
                <NavLink
                  to={{ pathname: section.path, search: linkSearch(section.path) }}
                  end={hasNestedSection(section)}
                  className={({ isActive }) =>
                    cn(
                      'flex h-16 flex-col items-center justify-center gap-1 text-xs font-medium focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring',
                      isActive ? 'text-primary' : 'text-muted-foreground',
                    )
                  }
                >
                  <section.icon className="size-5" aria-hidden="true" />
                  <span className="max-w-full truncate px-1">{section.label}</span>
                </NavLink>
              </li>
            ))}
            {moreSections.length > 0 ? (
              <li className="min-w-0 flex-1">
                <DropdownMenu>
                  <DropdownMenuTrigger
                    className={cn(
                      'flex h-16 w-full flex-col items-center justify-center gap-1 text-xs font-medium focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring',
                      isMoreActive ? 'text-primary' : 'text-muted-foreground',
                    )}
                  >
                    <Ellipsis className="size-5" aria-hidden="true" />
                    <span className="max-w-full truncate px-1">More</span>
                  </DropdownMenuTrigger>
                  <DropdownMenuContent side="top" align="end" className="min-w-52">
                    {moreSections.map((section) => (
                      <DropdownMenuItem key={section.id} onSelect={() => navigate({ pathname: section.path, search: linkSearch(section.path) })}>
                        <section.icon className="size-4" aria-hidden="true" />
                        {section.label}
                      </DropdownMenuItem>
                    ))}
                  </DropdownMenuContent>
                </DropdownMenu>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
