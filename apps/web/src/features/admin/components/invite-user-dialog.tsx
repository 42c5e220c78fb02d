import type { IssuedInvitation } from '@sentia/contracts/invitations';
import type { Role } from '@sentia/contracts/common';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { useCreateInvitation } from '../api/create-invitation.ts';
import { ActionError } from './action-error.tsx';
import { RoleField } from './role-field.tsx';
import { InvitationLink } from './invitation-link.tsx';
import { succeeded } from './succeeded.ts';

/** Invites a person by e-mail and role, then shows the single-use link once, to copy and pass on. */
export function InviteUserDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateInvitation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('VIEWER');
  const [issued, setIssued] = useState<IssuedInvitation | null>(null);

  const reset = () => {
    setEmail('');
    setName('');
    setRole('VIEWER');
    setIssued(null);
    create.reset();
  };
  const close = () => {
    reset();
    onOpenChange(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) };
    await succeeded(async () => setIssued(await create.mutateAsync(input)));
  };

  return (
    <Dialog open={open} onOpenChange={(isOpen) => (isOpen ? onOpenChange(true) : close())}>
      <DialogContent>
        {issued ? (
          <div className="grid gap-4">
            <InvitationLink issued={issued} />
            <DialogFooter>
              <Button onClick={close}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form className="grid gap-4" onSubmit={(e) => void submit(e)}>
            <DialogHeader>
              <DialogTitle>Invite a user</DialogTitle>
              <DialogDescription>They get a single-use link to choose their own password; the account exists once they accept.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="invite-email">Work e-mail</Label>
              <Input id="invite-email" type="email" required maxLength={254} autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="invite-name">
                Name <span className="font-normal text-muted-foreground">(optional)</span>
              </Label>
              <Input id="invite-name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <RoleField id="invite-role" value={role} onChange={setRole} />
            <ActionError error={create.error} />
            <DialogFooter>
              <Button variant="outline" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending}>
                Send invitation
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
