import { NavLink } from 'react-router';
import { useSession } from '@/features/auth/api/get-session.ts';
import { cn } from '@/lib/cn.ts';

const tabs = [
  { to: '/production', label: 'OEE and downtime', permission: 'production:read' },
  { to: '/production/schedule', label: 'Schedule', permission: 'production:read' },
  { to: '/production/operator', label: 'Operator station', permission: 'production:execute' },
] as const;

/** Links between the production pages the user may open. */
export function ProductionTabs() {
  const permissions = useSession().data?.user.permissions ?? [];
  return (
    <nav aria-label="Production pages" className="flex gap-1 overflow-x-auto border-b">
      {tabs
        .filter((t) => permissions.includes(t.permission))
        .map((t) => (
          <NavLink
            key={t.to}
            to={t.to}
            end
            className={({ isActive }) => cn('-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium', isActive ? 'border-primary text-foreground' : 'border-transparent text-muted-foreground hover:text-foreground')}
          >
            {t.label}
          </NavLink>
        ))}
    </nav>
  );
}
