import type { SessionResponse } from '@sentia/contracts/auth';
import type { InvitationLookupResponse } from '@sentia/contracts/invitations';
import { Loader2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { useAcceptInvitation } from '../api/accept-invitation.ts';
import { roleLabels } from '../role-labels.ts';
import { useFieldErrors } from '../use-field-errors.ts';
import { FormAlert } from './form-alert.tsx';
import { FormField } from './form-field.tsx';
import { PasswordRules } from './password-rules.tsx';

/** The invitee confirms their name and chooses a password meeting the role's rules; the account is created and signed in. */
export function AcceptInvitationForm({ token, invitation, onAccepted }: { token: string; invitation: InvitationLookupResponse; onAccepted: (session: SessionResponse) => void }) {
  const id = useId();
  const accept = useAcceptInvitation();
  const [name, setName] = useState(invitation.name);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { errors, generalError, check } = useFieldErrors(accept, { idPrefix: id, inlineFields: ['password', 'name'], fallback: 'The account could not be created. Try again.' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Enter your name.';
    if (!password) found.password = 'Choose a password.';
    else if (password !== confirmation) found.confirmation = 'The two passwords differ.';
    if (check(found)) accept.mutate({ token, name: name.trim(), password }, { onSuccess: onAccepted });
  };

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] items-center gap-x-4 gap-y-2 rounded-md border bg-muted/40 p-3 text-sm">
        <dt className="text-muted-foreground">E-mail</dt>
        <dd className="truncate font-medium" data-testid="invitation-email">
          {invitation.email}
        </dd>
        <dt className="text-muted-foreground">Role</dt>
        <dd>
          <Badge variant="secondary" data-testid="invitation-role">
            {roleLabels[invitation.role]}
          </Badge>
        </dd>
      </dl>
      {generalError ? <FormAlert>{generalError}</FormAlert> : null}
      <FormField id={`${id}-name`} label="Your name" autoComplete="name" maxLength={200} value={name} onChange={setName} error={errors.name} />
      {/* Lets password managers save the new credential under the right account. */}
      <input type="email" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
      <FormField id={`${id}-password`} label="New password" type="password" autoComplete="new-password" value={password} onChange={setPassword} error={errors.password} describedBy={`${id}-rules`}>
        <PasswordRules id={`${id}-rules`} policy={invitation.passwordPolicy} password={password} />
      </FormField>
      <FormField id={`${id}-confirmation`} label="Repeat the password" type="password" autoComplete="new-password" value={confirmation} onChange={setConfirmation} error={errors.confirmation} />
      <Button type="submit" size="lg" className="w-full" disabled={accept.isPending}>
        {accept.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
        {accept.isPending ? 'Creating your account…' : 'Create account'}
      </Button>
    </form>
  );
}
