import type { SessionUser } from '@sentia/contracts/auth';
import { NavLink, Outlet, useOutletContext } from 'react-router';
import { cn } from '@/lib/cn.ts';

const tabs = [
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/roles', label: 'Roles & permissions', shortLabel: 'Roles' },
  { to: '/admin/sessions', label: 'Sessions' },
  { to: '/admin/audit', label: 'Audit log', permission: 'audit:read' },
] as const;

/** The admin portal frame: title and the portal's own tabs above the page. */
export function AdminLayout() {
  // Pass the signed-in user on to the admin pages.
  const context = useOutletContext<{ user: SessionUser } | undefined>();
  // The audit log has its own permission (audit:read), which the matrix may take from ADMIN.
  const shown = tabs.filter((tab) => !('permission' in tab) || (context?.user.permissions.includes(tab.permission) ?? false));
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <div>
        <h1 className="text-2xl font-semibold">System administration</h1>
        <p className="text-sm text-muted-foreground">Accounts, access rights, sessions and the audit trail. Every change here is recorded in the audit log.</p>
      </div>
      <nav aria-label="Administration" className="-mx-4 overflow-x-auto border-b px-4 sm:mx-0 sm:px-0">
        <ul className="flex min-w-max gap-1">
          {shown.map((tab) => (
            <li key={tab.to}>
              <NavLink
                to={tab.to}
                className={({ isActive }) =>
                  cn(
                    'inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring',
                    isActive ? 'border-primary text-foreground' : 'border-transparent text-muted-foreground hover:text-foreground',
                  )
                }
              >
                {'shortLabel' in tab ? (
                  <>
                    <span className="sm:hidden">{tab.shortLabel}</span>
                    <span className="hidden sm:inline">{tab.label}</span>
                  </>
                ) : (
                  tab.label
                )}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet context={context} />
    </div>
  );
}
