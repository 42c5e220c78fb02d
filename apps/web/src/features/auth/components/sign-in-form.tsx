import type { SessionResponse } from '@sentia/contracts/auth';
import { Loader2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { useSignIn } from '../api/sign-in.ts';
import { FormAlert } from './form-alert.tsx';

function errorMessage(error: unknown): string {
  if (isApiError(error, 401) && error.code === 'SECOND_FACTOR_REQUIRED') return error.detail ?? 'Enter the code from your authenticator app.';
  if (isApiError(error, 401) && /locked/.test(error.detail ?? '')) return error.detail ?? 'This account is locked.';
  if (isApiError(error, 401)) return 'That email and password do not match an account. Check them and try again.';
  if (isApiError(error, 429)) return 'Too many attempts. Wait a minute before trying again.';
  if (isApiError(error, 0)) return 'The server could not be reached. Check your connection and try again.';
  if (isApiError(error)) return error.detail ?? error.title;
  return 'Sign-in failed. Try again.';
}

/**
 * Email + password form; once the server says the account has an authenticator app (401 SECOND_FACTOR_REQUIRED) it
 * asks for the 6-digit code (or a recovery code) and sends everything again. Calls `onSignedIn` with the new session.
 */
export function SignInForm({ onSignedIn }: { onSignedIn: (session: SessionResponse) => void }) {
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const [code, setCode] = useState('');
  const id = useId();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const fieldErrors = { ...(isApiError(signIn.error) ? signIn.error.fieldErrors : {}), ...localErrors };
  // SECOND_FACTOR_REQUIRED is the prompt for the code (and a wrong code is shown at the field), not an alert.
  const showError = signIn.isError && !(isApiError(signIn.error) && signIn.error.code === 'SECOND_FACTOR_REQUIRED');

  const submitWithCode = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = code.replace(/\s+/g, '');
    if (useRecoveryCode ? trimmed.length < 8 : !/^\d{6}$/.test(trimmed)) {
      setLocalErrors({ code: useRecoveryCode ? 'Enter one of your recovery codes.' : 'Enter the 6-digit code from your authenticator app.' });
      document.getElementById(`${id}-code`)?.focus();
      return;
    }
    setLocalErrors({});
    signIn.mutate({ email: email.trim(), password, ...(useRecoveryCode ? { recoveryCode: trimmed } : { totpCode: trimmed }) }, { onSuccess: onSignedIn });
  };

  if (needsCode) {
    const codeError = localErrors.code ?? fieldErrors.totpCode;
    return (
      <form onSubmit={submitWithCode} className="space-y-5" noValidate aria-describedby={showError ? `${id}-error` : undefined}>
        {showError ? (
          <FormAlert id={`${id}-error`}>{errorMessage(signIn.error)}</FormAlert>
        ) : null}
        <p className="text-sm text-muted-foreground">
          {useRecoveryCode ? 'Enter one of the recovery codes you saved when you set up two-factor sign-in. Each works once.' : `Open your authenticator app and enter the current code for ${email.trim()}.`}
        </p>
        <div className="space-y-2">
          <Label htmlFor={`${id}-code`}>{useRecoveryCode ? 'Recovery code' : 'Authenticator code'}</Label>
          <Input
            id={`${id}-code`}
            name={useRecoveryCode ? 'recovery-code' : 'one-time-code'}
            autoComplete="one-time-code"
            inputMode={useRecoveryCode ? 'text' : 'numeric'}
            maxLength={useRecoveryCode ? 32 : 6}
            autoFocus
            value={code}
            onChange={(event) => setCode(event.target.value)}
            aria-invalid={codeError ? true : undefined}
            aria-describedby={codeError ? `${id}-code-error` : undefined}
          />
          {codeError ? (
            <p id={`${id}-code-error`} className="text-sm text-destructive">
              {localErrors.code ?? 'That code is not valid or was already used. Enter the current code.'}
            </p>
          ) : null}
        </div>
        <Button type="submit" size="lg" className="w-full" disabled={signIn.isPending}>
          {signIn.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
          {signIn.isPending ? 'Verifying…' : 'Verify'}
        </Button>
        <div className="flex justify-between text-sm">
          <button
            type="button"
            className="text-primary underline-offset-4 hover:underline"
            onClick={() => {
              setUseRecoveryCode(!useRecoveryCode);
              setCode('');
              setLocalErrors({});
            }}
          >
            {useRecoveryCode ? 'Use the authenticator app' : 'Use a recovery code'}
          </button>
          <button
            type="button"
            className="text-muted-foreground underline-offset-4 hover:underline"
            onClick={() => {
              setNeedsCode(false);
              setCode('');
              signIn.reset();
            }}
          >
            Back
          </button>
        </div>
      </form>
    );
  }

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
    signIn.mutate(
      { email: email.trim(), password },
      {
        onSuccess: onSignedIn,
        onError: (error) => {
          if (isApiError(error, 401) && error.code === 'SECOND_FACTOR_REQUIRED') setNeedsCode(true);
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate aria-describedby={showError ? `${id}-error` : undefined}>
      {showError ? (
        <FormAlert id={`${id}-error`}>{errorMessage(signIn.error)}</FormAlert>
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
