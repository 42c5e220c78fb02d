import type { CreateUserResponse } from '@sentia/contracts/admin';
import { type Role, roleCodes } from '@sentia/contracts/common';
import { Check, Copy } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select.tsx';
import { useCreateUser } from '../api/create-user.ts';
import { ActionError } from './action-error.tsx';
import { roleNames } from './role-names.ts';
import { succeeded } from './succeeded.ts';

/** Creates an account, then shows its temporary password once for the admin to pass on. */
export function CreateUserDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('VIEWER');
  const [created, setCreated] = useState<CreateUserResponse | null>(null);
  const [isCopied, setIsCopied] = useState(false);

  const reset = () => {
    setEmail('');
    setName('');
    setRole('VIEWER');
    setCreated(null);
    setIsCopied(false);
    create.reset();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { email: email.trim(), name: name.trim(), role };
    await succeeded(async () => setCreated(await create.mutateAsync(input)));
  };

  const copy = async () => {
    if (!created) return;
    await navigator.clipboard?.writeText(created.temporaryPassword).catch(() => undefined);
    setIsCopied(true);
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
                {created.user.name} ({created.user.email}) is a {roleNames[created.user.role]}. Give them this temporary password through a separate channel; it is shown only once.
              </DialogDescription>
            </DialogHeader>
            <div className="flex items-center gap-2">
              <code data-testid="temporary-password" className="min-w-0 flex-1 rounded-md border bg-muted px-3 py-2 font-mono text-sm break-all">
                {created.temporaryPassword}
              </code>
              <Button variant="outline" size="icon" aria-label="Copy the temporary password" onClick={() => void copy()}>
                {isCopied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
              </Button>
            </div>
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
              <DialogDescription>The account gets a temporary password that meets the role’s password policy.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="new-user-name">Name</Label>
              <Input id="new-user-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="new-user-email">Work e-mail</Label>
              <Input id="new-user-email" type="email" required maxLength={254} autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
            </div>
            <div className="grid gap-2">
              <Label htmlFor="new-user-role">Role</Label>
              <Select value={role} onValueChange={(value) => setRole(value as Role)}>
                <SelectTrigger id="new-user-role" aria-label="Role">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {roleCodes.map((r) => (
                    <SelectItem key={r} value={r}>
                      {roleNames[r]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
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
