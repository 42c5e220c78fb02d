import type { SessionResponse } from '@sentia/contracts/auth';
import { AlertCircle, Loader2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { useSignIn } from '../api/sign-in.ts';

function errorMessage(error: unknown): string {
  if (isApiError(error, 401)) return 'That email and password do not match an account. Check them and try again.';
  if (isApiError(error, 429)) return 'Too many attempts. Wait a minute before trying again.';
  if (isApiError(error, 0)) return 'The server could not be reached. Check your connection and try again.';
  if (isApiError(error)) return error.detail ?? error.title;
  return 'Sign-in failed. Try again.';
}

/** Email + password form; calls `onSignedIn` with the new session. */
export function SignInForm({ onSignedIn }: { onSignedIn: (session: SessionResponse) => void }) {
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const id = useId();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const fieldErrors = { ...(isApiError(signIn.error) ? signIn.error.fieldErrors : {}), ...localErrors };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Checked here rather than by disabling the button, so keyboard and screen-reader users learn what is missing.
    const errors: Record<string, string> = {};
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) errors.email = 'Enter your work email address.';
    if (!password) errors.password = 'Enter your password.';
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) {
      signIn.reset();
      document.getElementById(errors.email ? `${id}-email` : `${id}-password`)?.focus();
      return;
    }
    signIn.mutate({ email: email.trim(), password }, { onSuccess: onSignedIn });
  };

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate aria-describedby={signIn.isError ? `${id}-error` : undefined}>
      {signIn.isError ? (
        <div id={`${id}-error`} role="alert" className="flex gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm text-destructive">
          <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <p>{errorMessage(signIn.error)}</p>
        </div>
      ) : null}
      <div className="space-y-2">
        <Label htmlFor={`${id}-email`}>Work email</Label>
        <Input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={fieldErrors.email ? true : undefined}
          aria-describedby={fieldErrors.email ? `${id}-email-error` : undefined}
        />
        {fieldErrors.email ? (
          <p id={`${id}-email-error`} className="text-sm text-destructive">
            {fieldErrors.email}
          </p>
        ) : null}
      </div>
      <div className="space-y-2">
        <Label htmlFor={`${id}-password`}>Password</Label>
        <Input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={fieldErrors.password ? true : undefined}
          aria-describedby={fieldErrors.password ? `${id}-password-error` : undefined}
        />
        {fieldErrors.password ? (
          <p id={`${id}-password-error`} className="text-sm text-destructive">
            {fieldErrors.password}
          </p>
        ) : null}
      </div>
      <Button type="submit" size="lg" className="w-full" disabled={signIn.isPending}>
        {signIn.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
