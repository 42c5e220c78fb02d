import type { Invitation, IssuedInvitation } from '@sentia/contracts/invitations';
import { useState } from 'react';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Dialog, DialogContent, DialogFooter } from '@/components/ui/dialog.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { useInvitations } from '../api/get-invitations.ts';
import { useReissueInvitation } from '../api/reissue-invitation.ts';
import { useRevokeInvitation } from '../api/revoke-invitation.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { formatInstant } from './format-instant.ts';
import { InvitationLink } from './invitation-link.tsx';
import { roleNames } from './role-names.ts';
import { succeeded } from './succeeded.ts';

/** Open invitations (pending or expired) with revoke and re-issue; hidden while there are none. */
export function InvitationsPanel() {
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const reissue = useReissueInvitation();
  const [pending, setPending] = useState<{ kind: 'revoke' | 'reissue'; invitation: Invitation } | null>(null);
  const [issued, setIssued] = useState<IssuedInvitation | null>(null);
  const active = pending?.kind === 'revoke' ? revoke : reissue;

  if (invitations.isError) return <ErrorState title="Could not load the invitations" error={invitations.error} onRetry={() => void invitations.refetch()} />;
  if (!invitations.data) return <Skeleton className="h-24" />;
  if (invitations.data.length === 0) return null;

  const confirm = async () => {
    if (!pending) return;
    const id = pending.invitation.id;
    const ok = await succeeded(async () => {
      if (pending.kind === 'revoke') await revoke.mutateAsync(id);
      else setIssued(await reissue.mutateAsync(id));
    });
    if (ok) setPending(null);
  };

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Open invitations</CardTitle>
          <CardDescription>Links not used yet. Re-issue one to get a fresh link (the old one stops working).</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <ul className="divide-y" aria-label="Open invitations">
          {invitations.data.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3" data-testid={`invitation-row-${invitation.email}`}>
              <div className="min-w-0 flex-1 basis-48">
                <p className="truncate font-medium">{invitation.name || invitation.email}</p>
                <p className="truncate text-xs text-muted-foreground">
                  {invitation.name ? `${invitation.email} · ` : ''}invited by {invitation.invitedBy ?? 'a removed user'}
                </p>
              </div>
              <Badge variant="outline">{roleNames[invitation.role]}</Badge>
              {invitation.status === 'expired' ? <Badge className="bg-warning/15 text-warning">Expired</Badge> : <Badge variant="secondary">Pending</Badge>}
              <p className="w-full text-xs text-muted-foreground sm:w-auto">
                {invitation.status === 'expired' ? 'Expired' : 'Expires'} {formatInstant(invitation.expiresAt)}
              </p>
              <div className="ml-auto flex gap-2">
                <Button variant="outline" size="sm" onClick={() => {
                    reissue.reset();
                    setPending({ kind: 'reissue', invitation });
                  }}>
                  Re-issue
                </Button>
                <Button variant="ghost" size="sm" className="text-negative" onClick={() => {
                    revoke.reset();
                    setPending({ kind: 'revoke', invitation });
                  }}>
                  Revoke
                </Button>
              </div>
            </li>
          ))}
        </ul>
      </CardContent>
      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === 'revoke' ? 'Revoke invitation' : 'Re-issue invitation'}
        description={
          pending?.kind === 'revoke' ? (
            <>The link sent to {pending.invitation.email} stops working. You can invite the address again later.</>
          ) : pending ? (
            <>
              {pending.invitation.email} gets a new link valid from now; the previous link stops working.
            </>
          ) : null
        }
        confirmLabel={pending?.kind === 'revoke' ? 'Revoke' : 'Re-issue'}
        isDestructive={pending?.kind === 'revoke'}
        isPending={active.isPending}
        error={active.error}
        onConfirm={() => void confirm()}
        onCancel={() => setPending(null)}
      />
      <Dialog open={issued !== null} onOpenChange={(isOpen) => (isOpen ? undefined : setIssued(null))}>
        {/* Shown once: only the Done button (or Escape) closes it, not focus returning to the page as the confirmation closes. */}
        <DialogContent onInteractOutside={(event) => event.preventDefault()}>
          {issued ? (
            <div className="grid gap-4">
              <InvitationLink issued={issued} />
              <DialogFooter>
                <Button onClick={() => setIssued(null)}>Done</Button>
              </DialogFooter>
            </div>
          ) : null}
        </DialogContent>
      </Dialog>
    </Card>
  );
}
