import { AlertCircle, Loader2 } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { registerStepUpPrompt, type StepUpChallenge } from '@/lib/step-up.ts';
import { stepUp } from '../api/step-up.ts';

interface Pending {
  challenge: StepUpChallenge;
  resolve: (isVerified: boolean) => void;
}

/**
 * Answers the server's step-up challenge: mounted once near the root, it installs the prompt the API client calls on
 * 401 STEP_UP_REQUIRED, asks for an authenticator (or recovery) code, proves it, and lets the client retry the request.
 */
export function StepUpDialogHost() {
  const id = useId();
  const [pending, setPending] = useState<Pending | null>(null);
  const [code, setCode] = useState('');
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const pendingRef = useRef<Pending | null>(null);

  useEffect(
    () =>
      registerStepUpPrompt(
        (challenge) =>
          new Promise<boolean>((resolve) => {
            const next = { challenge, resolve };
            pendingRef.current = next;
            setPending(next);
            setCode('');
            setError(null);
            setUseRecoveryCode(false);
          }),
      ),
    [],
  );

  const close = (isVerified: boolean) => {
    pendingRef.current?.resolve(isVerified);
    pendingRef.current = null;
    setPending(null);
  };

  const canProve = pending?.challenge.methods.includes('totp') ?? false;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = code.replace(/\s+/g, '');
    if (useRecoveryCode ? trimmed.length < 8 : !/^\d{6}$/.test(trimmed)) {
      setError(useRecoveryCode ? 'Enter one of your recovery codes.' : 'Enter the 6-digit code from your authenticator app.');
      return;
    }
    setIsSubmitting(true);
    setError(null);
    try {
      await stepUp(useRecoveryCode ? { recoveryCode: trimmed } : { code: trimmed });
      close(true);
    } catch (caught) {
      setError(isApiError(caught, 401) ? 'That code is not valid or was already used. Enter the current code.' : isApiError(caught) ? (caught.detail ?? caught.title) : 'The code could not be checked. Try again.');
    } finally {
      setIsSubmitting(false);
    }
  };

  return (
    <Dialog open={pending !== null} onOpenChange={(isOpen) => (isOpen ? undefined : close(false))}>
      <DialogContent aria-describedby={`${id}-description`}>
        <DialogHeader>
          <DialogTitle>Confirm it is you</DialogTitle>
          <DialogDescription id={`${id}-description`}>
            {canProve
              ? 'This action changes something important. Enter the current code from your authenticator app to continue (valid for 10 minutes).'
              : pending?.challenge.methods.includes('enrol')
                ? 'This action needs two-factor sign-in. Set up an authenticator app from your account settings first.'
                : 'This action needs a recent second factor: sign in again with your identity provider.'}
          </DialogDescription>
        </DialogHeader>
        {canProve ? (
          <form onSubmit={(event) => void onSubmit(event)} className="space-y-4" noValidate>
            <div className="space-y-2">
              <Label htmlFor={`${id}-code`}>{useRecoveryCode ? 'Recovery code' : 'Authenticator code'}</Label>
              <Input
                id={`${id}-code`}
                autoComplete="one-time-code"
                inputMode={useRecoveryCode ? 'text' : 'numeric'}
                maxLength={useRecoveryCode ? 32 : 6}
                autoFocus
                value={code}
                onChange={(event) => setCode(event.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
              />
              {error ? (
                <p id={`${id}-error`} role="alert" className="flex gap-1.5 text-sm text-destructive">
                  <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                  {error}
                </p>
              ) : null}
            </div>
            <button type="button" className="text-sm text-primary underline-offset-4 hover:underline" onClick={() => setUseRecoveryCode(!useRecoveryCode)}>
              {useRecoveryCode ? 'Use the authenticator app' : 'Use a recovery code'}
            </button>
            <DialogFooter>
              <Button variant="outline" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={isSubmitting}>
                {isSubmitting ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
                Confirm
              </Button>
            </DialogFooter>
          </form>
        ) : (
          <DialogFooter>
            <Button onClick={() => close(false)}>Close</Button>
          </DialogFooter>
        )}
      </DialogContent>
    </Dialog>
  );
}
