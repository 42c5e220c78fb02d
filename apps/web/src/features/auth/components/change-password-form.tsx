import type { Role } from '@sentia/contracts/common';
import { Loader2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { useChangePassword } from '../api/change-password.ts';
import { usePasswordPolicy } from '../api/get-password-policy.ts';
import { useFieldErrors } from '../use-field-errors.ts';
import { FormAlert } from './form-alert.tsx';
import { FormField } from './form-field.tsx';
import { PasswordRules } from './password-rules.tsx';

/** Current password, a new one meeting the role's rules, and its repetition; `isTemporary` when an administrator set the current one. */
export function ChangePasswordForm({ role, email, isTemporary, onChanged }: { role: Role; email: string; isTemporary: boolean; onChanged: () => void }) {
  const id = useId();
  const change = useChangePassword();
  const policy = usePasswordPolicy(role);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { errors, generalError, check } = useFieldErrors(change, { idPrefix: id, inlineFields: ['currentPassword', 'newPassword'], fallback: 'The password could not be changed. Try again.' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!currentPassword) found.currentPassword = isTemporary ? 'Enter the temporary password you were given.' : 'Enter your current password.';
    if (!newPassword) found.newPassword = 'Choose a new password.';
    else if (newPassword !== confirmation) found.confirmation = 'The two passwords differ.';
    if (check(found)) change.mutate({ currentPassword, newPassword }, { onSuccess: onChanged });
  };

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      {generalError ? <FormAlert>{generalError}</FormAlert> : null}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <FormField id={`${id}-currentPassword`} label={isTemporary ? 'Temporary password' : 'Current password'} type="password" autoComplete="current-password" value={currentPassword} onChange={setCurrentPassword} error={errors.currentPassword} />
      <FormField id={`${id}-newPassword`} label="New password" type="password" autoComplete="new-password" value={newPassword} onChange={setNewPassword} error={errors.newPassword}>
        {policy ? <PasswordRules policy={policy} password={newPassword} /> : null}
      </FormField>
      <FormField id={`${id}-confirmation`} label="Repeat the new password" type="password" autoComplete="new-password" value={confirmation} onChange={setConfirmation} error={errors.confirmation} />
      <Button type="submit" size="lg" className="w-full" disabled={change.isPending}>
        {change.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
        {change.isPending ? 'Saving…' : 'Change password'}
      </Button>
    </form>
  );
}
