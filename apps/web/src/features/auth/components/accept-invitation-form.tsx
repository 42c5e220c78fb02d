import type { SessionResponse } from '@sentia/contracts/auth';
import type { InvitationLookupResponse } from '@sentia/contracts/invitations';
import { AlertCircle, Loader2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { useAcceptInvitation } from '../api/accept-invitation.ts';
import { roleLabels } from '../role-labels.ts';
import { PasswordRules } from './password-rules.tsx';

/** The invitee confirms their name and chooses a password meeting the role's rules; the account is created and signed in. */
export function AcceptInvitationForm({ token, invitation, onAccepted }: { token: string; invitation: InvitationLookupResponse; onAccepted: (session: SessionResponse) => void }) {
  const id = useId();
  const accept = useAcceptInvitation();
  const [name, setName] = useState(invitation.name);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const serverErrors = isApiError(accept.error) ? accept.error.fieldErrors : {};
  const errors = { ...serverErrors, ...localErrors };
  const generalError = accept.error && !serverErrors.password && !serverErrors.name ? (isApiError(accept.error) ? (accept.error.detail ?? accept.error.title) : 'The account could not be created. Try again.') : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Enter your name.';
    if (!password) found.password = 'Choose a password.';
    else if (password !== confirmation) found.confirmation = 'The two passwords differ.';
    setLocalErrors(found);
    if (Object.keys(found).length > 0) {
      accept.reset();
      document.getElementById(`${id}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    accept.mutate({ token, name: name.trim(), password }, { onSuccess: onAccepted });
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
      {generalError ? (
        <div role="alert" className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm text-destructive">
          <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <p>{generalError}</p>
        </div>
      ) : null}
      <div className="space-y-2">
        <Label htmlFor={`${id}-name`}>Your name</Label>
        <Input id={`${id}-name`} autoComplete="name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? `${id}-name-error` : undefined} />
        {errors.name ? (
          <p id={`${id}-name-error`} className="text-sm text-destructive">
            {errors.name}
          </p>
        ) : null}
      </div>
      {/* Lets password managers save the new credential under the right account. */}
      <input type="email" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
      <div className="space-y-2">
        <Label htmlFor={`${id}-password`}>New password</Label>
        <Input
          id={`${id}-password`}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={`${id}-rules${errors.password ? ` ${id}-password-error` : ''}`}
        />
        {errors.password ? (
          <p id={`${id}-password-error`} className="text-sm text-destructive">
            {errors.password}
          </p>
        ) : null}
        <PasswordRules id={`${id}-rules`} policy={invitation.passwordPolicy} password={password} />
      </div>
      <div className="space-y-2">
        <Label htmlFor={`${id}-confirmation`}>Repeat the password</Label>
        <Input
          id={`${id}-confirmation`}
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
          aria-invalid={errors.confirmation ? true : undefined}
          aria-describedby={errors.confirmation ? `${id}-confirmation-error` : undefined}
        />
        {errors.confirmation ? (
          <p id={`${id}-confirmation-error`} className="text-sm text-destructive">
            {errors.confirmation}
          </p>
        ) : null}
      </div>
      <Button type="submit" size="lg" className="w-full" disabled={accept.isPending}>
        {accept.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
        {accept.isPending ? 'Creating your account…' : 'Create account'}
      </Button>
    </form>
  );
}
