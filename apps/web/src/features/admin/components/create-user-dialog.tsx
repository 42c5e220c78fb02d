import type { CreateUserResponse } from '@sentia/contracts/admin';
import type { Role } from '@sentia/contracts/common';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { useCreateUser } from '../api/create-user.ts';
import { ActionError } from './action-error.tsx';
import { RoleField } from './role-field.tsx';
import { CopyableValue } from './copyable-value.tsx';
import { roleNames } from './role-names.ts';
import { succeeded } from './succeeded.ts';

/** Creates an account, then shows its temporary password once for the admin to pass on. */
export function CreateUserDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('VIEWER');
  const [created, setCreated] = useState<CreateUserResponse | null>(null);

  const reset = () => {
    setEmail('');
    setName('');
    setRole('VIEWER');
    setCreated(null);
    create.reset();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { email: email.trim(), name: name.trim(), role };
    await succeeded(async () => setCreated(await create.mutateAsync(input)));
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(isOpen) => {
        if (!isOpen) reset();
        onOpenChange(isOpen);
      }}
    >
      <DialogContent>
        {created ? (
          <div className="grid gap-4">
            <DialogHeader>
              <DialogTitle>User created</DialogTitle>
              <DialogDescription>
                {created.user.name} ({created.user.email}) is a {roleNames[created.user.role]}. Give them this temporary password through a separate channel; it is shown only once, and
                they must replace it at their first sign-in.
              </DialogDescription>
            </DialogHeader>
            <CopyableValue value={created.temporaryPassword} label="the temporary password" testId="temporary-password" />
            <DialogFooter>
              <Button
                onClick={() => {
                  reset();
                  onOpenChange(false);
                }}
              >
                Done
              </Button>
            </DialogFooter>
          </div>
        ) : (
          <form className="grid gap-4" onSubmit={(e) => void submit(e)}>
            <DialogHeader>
              <DialogTitle>New user</DialogTitle>
              <DialogDescription>The account gets a temporary password that meets the role’s password policy; the user chooses their own at first sign-in.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="new-user-name">Name</Label>
              <Input id="new-user-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="new-user-email">Work e-mail</Label>
              <Input id="new-user-email" type="email" required maxLength={254} autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
            </div>
            <RoleField id="new-user-role" value={role} onChange={setRole} />
            <ActionError error={create.error} />
            <DialogFooter>
              <Button variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending}>
                Create user
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
