import type { AdminUser, AdminUserQuery } from '@sentia/contracts/admin';
import type { SessionUser } from '@sentia/contracts/auth';
import type { Role } from '@sentia/contracts/common';
import { Mail, MoreHorizontal, Search, UserPlus } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useOutletContext } from 'react-router';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent } from '@/components/ui/card.tsx';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog.tsx';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table.tsx';
import { useChangeUserRole } from '../api/change-user-role.ts';
import { useAdminUsers } from '../api/get-admin-users.ts';
import { useResetUserMfa } from '../api/reset-user-mfa.ts';
import { useResetUserPassword } from '../api/reset-user-password.ts';
import { useSetUserActive } from '../api/set-user-active.ts';
import { useUnlockUser } from '../api/unlock-user.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { CopyableValue } from './copyable-value.tsx';
import { CreateUserDialog } from './create-user-dialog.tsx';
import { formatInstant } from './format-instant.ts';
import { InvitationsPanel } from './invitations-panel.tsx';
import { InviteUserDialog } from './invite-user-dialog.tsx';
import { roleNames } from './role-names.ts';
import { succeeded } from './succeeded.ts';
import { RoleItems, RoleSelect } from './role-select.tsx';

const ALL = 'all';

type Pending =
  | { kind: 'role'; user: AdminUser; role: Role }
  | { kind: 'deactivate' | 'reactivate' | 'unlock' | 'reset-mfa' | 'reset-password'; user: AdminUser };

/** The confirmation dialog's title, button and tone per action. */
const actionCopy: Record<Pending['kind'], { title: string; confirm: string; isDestructive: boolean }> = {
  role: { title: 'Change role', confirm: 'Change role', isDestructive: false },
  deactivate: { title: 'Deactivate user', confirm: 'Deactivate', isDestructive: true },
  reactivate: { title: 'Reactivate user', confirm: 'Reactivate', isDestructive: false },
  unlock: { title: 'Unlock sign-in', confirm: 'Unlock', isDestructive: false },
  'reset-password': { title: 'Reset password', confirm: 'Reset password', isDestructive: true },
  'reset-mfa': { title: 'Reset MFA', confirm: 'Reset MFA', isDestructive: true },
};

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function StatusBadges({ user }: { user: AdminUser }) {
  return (
    <div className="flex flex-wrap gap-1">
      {user.isActive ? <Badge variant="secondary">Active</Badge> : <Badge className="bg-negative/10 text-negative">Deactivated</Badge>}
      {user.isLocked ? <Badge className="bg-warning/15 text-warning">Locked</Badge> : null}
      {user.mfaEnrolled ? <Badge variant="outline">MFA</Badge> : null}
      {user.passwordChangeRequired ? <Badge variant="outline">Temporary password</Badge> : null}
    </div>
  );
}

/** Users: search and filter accounts, invite or create one, change roles, deactivate, unlock, reset password or MFA; open invitations. */
export function UsersPage() {
  const { user: me } = useOutletContext<{ user: SessionUser }>();
  const [text, setText] = useState('');
  const [role, setRole] = useState<string>(ALL);
  const [status, setStatus] = useState<string>(ALL);
  const q = useDebounced(text.trim(), 250);
  const filters: AdminUserQuery = { ...(q ? { q } : {}), ...(role !== ALL ? { role: role as Role } : {}), ...(status !== ALL ? { status: status as AdminUserQuery['status'] } : {}) };
  const users = useAdminUsers(filters);

  const changeRole = useChangeUserRole();
  const setActive = useSetUserActive();
  const unlock = useUnlockUser();
  const resetMfa = useResetUserMfa();
  const resetPassword = useResetUserPassword();
  const [pending, setPending] = useState<Pending | null>(null);
  const [isCreating, setIsCreating] = useState(false);
  const [isInviting, setIsInviting] = useState(false);
  const [temporary, setTemporary] = useState<{ user: AdminUser; temporaryPassword: string } | null>(null);

  const mutationFor = (p: Pending | null) =>
    p?.kind === 'role' ? changeRole : p?.kind === 'unlock' ? unlock : p?.kind === 'reset-mfa' ? resetMfa : p?.kind === 'reset-password' ? resetPassword : setActive;
  const active = mutationFor(pending);

  const confirm = async () => {
    if (!pending) return;
    const userId = pending.user.id;
    const action =
      pending.kind === 'role'
        ? () => changeRole.mutateAsync({ userId, role: pending.role })
        : pending.kind === 'unlock'
          ? () => unlock.mutateAsync(userId)
          : pending.kind === 'reset-mfa'
            ? () => resetMfa.mutateAsync(userId)
            : pending.kind === 'reset-password'
              ? async () => setTemporary(await resetPassword.mutateAsync(userId))
              : () => setActive.mutateAsync({ userId, isActive: pending.kind === 'reactivate' });
    if (await succeeded(action)) setPending(null);
  };

  const open = (p: Pending) => {
    for (const m of [changeRole, setActive, unlock, resetMfa, resetPassword]) m.reset();
    setPending(p);
  };

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <div className="flex flex-wrap items-end gap-2">
        <div className="relative min-w-0 flex-1 basis-56">
          <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
          <Input aria-label="Search users by name or e-mail" placeholder="Search name or e-mail" className="pl-9" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <Select value={role} onValueChange={setRole}>
          <SelectTrigger aria-label="Filter by role" className="w-[9.5rem]">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>All roles</SelectItem>
            <RoleItems />
          </SelectContent>
        </Select>
        <Select value={status} onValueChange={setStatus}>
          <SelectTrigger aria-label="Filter by status" className="w-[9.5rem]">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ALL}>Any status</SelectItem>
            <SelectItem value="active">Active</SelectItem>
            <SelectItem value="inactive">Deactivated</SelectItem>
            <SelectItem value="locked">Locked</SelectItem>
          </SelectContent>
        </Select>
        <div className="ml-auto flex gap-2">
          <Button variant="outline" onClick={() => setIsCreating(true)}>
            <UserPlus aria-hidden="true" />
            New user
          </Button>
          <Button onClick={() => setIsInviting(true)}>
            <Mail aria-hidden="true" />
            Invite user
          </Button>
        </div>
      </div>

      <Card>
        <CardContent className="px-0 pt-0 pb-0 sm:px-0 sm:pb-0">
          {users.isError ? (
            <ErrorState className="m-4" error={users.error} onRetry={() => void users.refetch()} />
          ) : !users.data ? (
            <div className="grid gap-2 p-4">
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
            </div>
          ) : users.data.length === 0 ? (
            <EmptyState className="m-4" title="No users match these filters" />
          ) : (
            <Table aria-label="Users">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>User</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead className="hidden sm:table-cell">Status</TableHead>
                  <TableHead className="hidden md:table-cell">Last sign-in</TableHead>
                  <TableHead className="hidden md:table-cell text-right">Sessions</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {users.data.map((u) => {
                  const isMe = u.id === me.id;
                  return (
                    <TableRow key={u.id} data-testid={`user-row-${u.email}`}>
                      <TableCell className="max-w-[10rem] sm:max-w-[16rem]">
                        <p className="truncate font-medium">
                          {u.name}
                          {isMe ? <span className="ml-1.5 text-xs font-normal text-muted-foreground">(you)</span> : null}
                        </p>
                        <p className="truncate text-xs text-muted-foreground">{u.email}</p>
                        {/* on a phone the status column is folded in here, so the row fits without scrolling sideways */}
                        <div className="mt-1.5 sm:hidden">
                          <StatusBadges user={u} />
                        </div>
                      </TableCell>
                      <TableCell>
                        <RoleSelect value={u.role} disabled={isMe} label={`Role of ${u.email}`} className="h-9 w-[7.5rem] sm:w-[8.5rem]" onChange={(role) => open({ kind: 'role', user: u, role })} />
                      </TableCell>
                      <TableCell className="hidden sm:table-cell">
                        <StatusBadges user={u} />
                      </TableCell>
                      <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">{formatInstant(u.lastLoginAt)}</TableCell>
                      <TableCell className="hidden text-right tabular-nums md:table-cell">{u.activeSessions}</TableCell>
                      <TableCell className="px-1 text-right sm:px-3">
                        <DropdownMenu>
                          <DropdownMenuTrigger asChild>
                            <Button variant="ghost" size="icon" aria-label={`Actions for ${u.email}`}>
                              <MoreHorizontal aria-hidden="true" />
                            </Button>
                          </DropdownMenuTrigger>
                          <DropdownMenuContent>
                            <DropdownMenuItem disabled={!u.isLocked} onSelect={() => open({ kind: 'unlock', user: u })}>
                              Unlock sign-in
                            </DropdownMenuItem>
                            <DropdownMenuItem disabled={isMe} onSelect={() => open({ kind: 'reset-password', user: u })}>
                              Reset password
                            </DropdownMenuItem>
                            <DropdownMenuItem disabled={isMe || !u.mfaEnrolled} onSelect={() => open({ kind: 'reset-mfa', user: u })}>
                              Reset MFA
                            </DropdownMenuItem>
                            <DropdownMenuSeparator />
                            {u.isActive ? (
                              <DropdownMenuItem disabled={isMe} className="text-negative" onSelect={() => open({ kind: 'deactivate', user: u })}>
                                Deactivate
                              </DropdownMenuItem>
                            ) : (
                              <DropdownMenuItem onSelect={() => open({ kind: 'reactivate', user: u })}>Reactivate</DropdownMenuItem>
                            )}
                          </DropdownMenuContent>
                        </DropdownMenu>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <ConfirmDialog
        open={pending !== null}
        title={actionCopy[pending?.kind ?? 'reset-mfa'].title}
        description={
          !pending ? null : pending.kind === 'role' ? (
            <>
              {pending.user.name} ({pending.user.email}) becomes <strong>{roleNames[pending.role]}</strong> instead of {roleNames[pending.user.role]}. Their open sessions get the new
              permissions at once.
            </>
          ) : pending.kind === 'deactivate' ? (
            <>
              {pending.user.name} can no longer sign in, and their {pending.user.activeSessions === 1 ? 'open session ends' : `${pending.user.activeSessions} open sessions end`} now.
            </>
          ) : pending.kind === 'reactivate' ? (
            <>{pending.user.name} can sign in again with their existing password.</>
          ) : pending.kind === 'unlock' ? (
            <>Clears the lockout after failed sign-in attempts for {pending.user.email}.</>
          ) : pending.kind === 'reset-password' ? (
            <>
              {pending.user.email} gets a new temporary password, shown to you once. Their open sessions end now, and they must choose their own password at the next sign-in.
            </>
          ) : (
            <>Removes the authenticator app and recovery codes of {pending.user.email}. They set up a new one at their next sign-in.</>
          )
        }
        confirmLabel={actionCopy[pending?.kind ?? 'reset-mfa'].confirm}
        isDestructive={pending ? actionCopy[pending.kind].isDestructive : false}
        isPending={active.isPending}
        error={active.error}
        onConfirm={() => void confirm()}
        onCancel={() => setPending(null)}
      />
      <InvitationsPanel />
      <CreateUserDialog open={isCreating} onOpenChange={setIsCreating} />
      <InviteUserDialog open={isInviting} onOpenChange={setIsInviting} />
      <Dialog open={temporary !== null} onOpenChange={(isOpen) => (isOpen ? undefined : setTemporary(null))}>
        {/* Shown once: only the Done button (or Escape) closes it, not focus returning to the page as the confirmation closes. */}
        <DialogContent onInteractOutside={(event) => event.preventDefault()}>
          {temporary ? (
            <div className="grid gap-4">
              <DialogHeader>
                <DialogTitle>Password reset</DialogTitle>
                <DialogDescription>
                  Give {temporary.user.name} ({temporary.user.email}) this temporary password through a separate channel; it is shown only once, and they must replace it at sign-in.
                </DialogDescription>
              </DialogHeader>
              <CopyableValue value={temporary.temporaryPassword} label="the temporary password" testId="temporary-password" />
              <DialogFooter>
                <Button onClick={() => setTemporary(null)}>Done</Button>
              </DialogFooter>
            </div>
          ) : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}
