import type { SessionUser } from '@sentia/contracts/auth';
import { KeyRound, LogOut, ShieldCheck } from 'lucide-react';
import { Link } from 'react-router';
import { Badge } from '@/components/ui/badge.tsx';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu.tsx';
import { useSession } from '../api/get-session.ts';
import { useSignOut } from '../api/sign-out.ts';
import { roleLabels } from '../role-labels.ts';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase() || '?';
}

/** Avatar button with the user's name, role badge, two-factor set-up (until enrolled) and sign-out. */
export function UserMenu({ user, onSignedOut }: { user: SessionUser; onSignedOut: () => void }) {
  const signOut = useSignOut();
  const isMfaEnrolled = useSession().data?.mfa?.enrolled ?? true;
  return (
    <div className="flex items-center gap-2">
      <Badge variant="default" className="hidden sm:inline-flex" data-testid="role-badge">
        {roleLabels[user.role]}
      </Badge>
      <DropdownMenu>
        <DropdownMenuTrigger
          className="flex size-10 items-center justify-center rounded-full bg-sidebar text-sm font-semibold text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
          aria-label={`Account menu for ${user.name} (${roleLabels[user.role]})`}
        >
          <span aria-hidden="true">{initials(user.name)}</span>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuLabel>
            <span className="block font-medium">{user.name}</span>
            <span className="block truncate text-xs text-muted-foreground">{user.email}</span>
            <Badge variant="secondary" className="mt-2">
              {roleLabels[user.role]}
            </Badge>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          {isMfaEnrolled ? null : (
            <DropdownMenuItem asChild>
              <Link to="/mfa-setup">
                <ShieldCheck aria-hidden="true" />
                Set up two-factor sign-in
              </Link>
            </DropdownMenuItem>
          )}
          <DropdownMenuItem asChild>
            <Link to="/change-password">
              <KeyRound aria-hidden="true" />
              Change password
            </Link>
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => signOut.mutate(undefined, { onSettled: onSignedOut })}>
            <LogOut aria-hidden="true" />
            Sign out
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
