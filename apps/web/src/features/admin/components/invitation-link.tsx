import type { IssuedInvitation } from '@sentia/contracts/invitations';
import { DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog.tsx';
import { CopyableValue } from './copyable-value.tsx';
import { formatInstant } from './format-instant.ts';
import { roleNames } from './role-names.ts';

/** The accept link of a new (or re-issued) invitation, shown this once, with what to do with it. */
export function InvitationLink({ issued }: { issued: IssuedInvitation }) {
  const { invitation, acceptUrl, delivery } = issued;
  return (
    <>
      <DialogHeader>
        <DialogTitle>Invitation ready</DialogTitle>
        <DialogDescription>
          {invitation.email} is invited as {roleNames[invitation.role]}. {delivery.delivered ? 'The link was e-mailed to them; ' : 'No e-mail service is set up, so send them this link yourself; '}
          it works once, until {formatInstant(invitation.expiresAt)}, and is shown only now.
        </DialogDescription>
      </DialogHeader>
      <CopyableValue value={acceptUrl} label="the invitation link" testId="invitation-link" />
    </>
  );
}
