import type { Role } from '@sentia/contracts/common';
import { AlertCircle, Loader2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { useChangePassword } from '../api/change-password.ts';
import { usePasswordPolicy } from '../api/get-password-policy.ts';
import { PasswordRules } from './password-rules.tsx';

/** Current password, a new one meeting the role's rules, and its repetition; `isTemporary` when an administrator set the current one. */
export function ChangePasswordForm({ role, email, isTemporary, onChanged }: { role: Role; email: string; isTemporary: boolean; onChanged: () => void }) {
  const id = useId();
  const change = useChangePassword();
  const policy = usePasswordPolicy(role);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const serverErrors = isApiError(change.error) ? change.error.fieldErrors : {};
  const errors = { ...serverErrors, ...localErrors };
  const generalError = change.error && !serverErrors.currentPassword && !serverErrors.newPassword ? (isApiError(change.error) ? (change.error.detail ?? change.error.title) : 'The password could not be changed. Try again.') : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!currentPassword) found.currentPassword = isTemporary ? 'Enter the temporary password you were given.' : 'Enter your current password.';
    if (!newPassword) found.newPassword = 'Choose a new password.';
    else if (newPassword !== confirmation) found.confirmation = 'The two passwords differ.';
    setLocalErrors(found);
    if (Object.keys(found).length > 0) {
      change.reset();
      document.getElementById(`${id}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    change.mutate({ currentPassword, newPassword }, { onSuccess: onChanged });
  };

  const field = (key: 'currentPassword' | 'newPassword' | 'confirmation', label: string, value: string, set: (v: string) => void, autoComplete: string, extra?: React.ReactNode) => (
    <div className="space-y-2">
      <Label htmlFor={`${id}-${key}`}>{label}</Label>
      <Input
        id={`${id}-${key}`}
        type="password"
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `${id}-${key}-error` : undefined}
      />
      {errors[key] ? (
        <p id={`${id}-${key}-error`} className="text-sm text-destructive">
          {errors[key]}
        </p>
      ) : null}
      {extra}
    </div>
  );

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      {generalError ? (
        <div role="alert" className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm text-destructive">
          <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <p>{generalError}</p>
        </div>
      ) : null}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      {field('currentPassword', isTemporary ? 'Temporary password' : 'Current password', currentPassword, setCurrentPassword, 'current-password')}
      {field('newPassword', 'New password', newPassword, setNewPassword, 'new-password', policy ? <PasswordRules policy={policy} password={newPassword} /> : null)}
      {field('confirmation', 'Repeat the new password', confirmation, setConfirmation, 'new-password')}
      <Button type="submit" size="lg" className="w-full" disabled={change.isPending}>
        {change.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
        {change.isPending ? 'Saving…' : 'Change password'}
      </Button>
    </form>
  );
}
