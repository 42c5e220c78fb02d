import type { AdminSession } from '@sentia/contracts/admin';
import { Search } from 'lucide-react';
import { useState } from 'react';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table.tsx';
import { useAdminSessions } from '../api/get-admin-sessions.ts';
import { useRevokeSession } from '../api/revoke-session.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { formatInstant } from './format-instant.ts';
import { roleNames } from './role-names.ts';

/** A short name for a user agent: the browser and platform, not the whole string. */
function describeAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown client';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : userAgent.split(/[\s/]/)[0];
  const platform = /Windows/.test(userAgent) ? 'Windows' : /Mac OS X/.test(userAgent) ? 'macOS' : /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Linux/.test(userAgent) ? 'Linux' : '';
  return platform ? `${browser} on ${platform}` : (browser ?? 'Unknown client');
}

/** Sessions: every live session of every user, and revoking any of them. */
export function SessionsPage() {
  const sessions = useAdminSessions();
  const revoke = useRevokeSession();
  const [text, setText] = useState('');
  const [pending, setPending] = useState<AdminSession | null>(null);
  const needle = text.trim().toLowerCase();
  const shown = (sessions.data ?? []).filter((s) => !needle || s.email.includes(needle) || s.name.toLowerCase().includes(needle));

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Active sessions</CardTitle>
          <CardDescription>Signed-in browsers of every user, most recently active first. Revoking one signs that browser out at its next request.</CardDescription>
        </div>
        <div className="relative w-full sm:w-64">
          <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
          <Input aria-label="Filter sessions by user" placeholder="Filter by user" className="pl-9" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
      </CardHeader>
      <CardContent className="px-0 pb-0 sm:px-0 sm:pb-0">
        {sessions.isError ? (
          <ErrorState className="m-4" error={sessions.error} onRetry={() => void sessions.refetch()} />
        ) : !sessions.data ? (
          <div className="grid gap-2 p-4">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : shown.length === 0 ? (
          <EmptyState className="m-4" title="No live sessions match" />
        ) : (
          <Table aria-label="Sessions">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>User</TableHead>
                <TableHead className="hidden sm:table-cell">Client</TableHead>
                <TableHead className="hidden lg:table-cell">Started</TableHead>
                <TableHead className="hidden sm:table-cell">Last active</TableHead>
                <TableHead className="hidden lg:table-cell">Expires</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((s) => (
                <TableRow key={s.id} data-testid={`session-row-${s.id}`}>
                  <TableCell className="max-w-[14rem]">
                    <p className="flex items-center gap-2 truncate font-medium">
                      <span className="truncate">{s.name}</span>
                      <Badge variant="secondary">{roleNames[s.role]}</Badge>
                    </p>
                    <p className="truncate text-xs text-muted-foreground">{s.email}</p>
                    <p className="text-xs text-muted-foreground sm:hidden">Active {formatInstant(s.lastSeenAt)}</p>
                  </TableCell>
                  <TableCell className="hidden sm:table-cell">
                    <p>{describeAgent(s.userAgent)}</p>
                    <p className="text-xs text-muted-foreground">{s.ipAddress ?? '—'}</p>
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">{formatInstant(s.createdAt)}</TableCell>
                  <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">{formatInstant(s.lastSeenAt)}</TableCell>
                  <TableCell className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">{formatInstant(s.expiresAt)}</TableCell>
                  <TableCell className="text-right">
                    {s.isCurrent ? (
                      <Badge variant="outline">This session</Badge>
                    ) : (
                      <Button
                        variant="outline"
                        size="sm"
                        onClick={() => {
                          revoke.reset();
                          setPending(s);
                        }}
                      >
                        Revoke
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
      <ConfirmDialog
        open={pending !== null}
        title="Revoke session"
        description={pending ? `${pending.name} (${pending.email}) is signed out of ${describeAgent(pending.userAgent)} at their next request.` : null}
        confirmLabel="Revoke"
        isDestructive
        isPending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => {
          if (pending) revoke.mutate(pending.id, { onSuccess: () => setPending(null) });
        }}
        onCancel={() => setPending(null)}
      />
    </Card>
  );
}
