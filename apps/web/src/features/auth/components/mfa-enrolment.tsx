import type { SessionResponse } from '@sentia/contracts/auth';
import { useQueryClient } from '@tanstack/react-query';
import { Check, Copy, Loader2, ShieldCheck } from 'lucide-react';
import QRCode from 'qrcode';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { useConfirmTotp } from '../api/confirm-totp.ts';
import { useEnrolTotp } from '../api/enrol-totp.ts';
import { sessionQueryKey } from '../api/get-session.ts';
import { FormAlert } from './form-alert.tsx';

/** Renders an otpauth:// URI as a QR code image (generated in the browser: the secret never leaves this page). */
function TotpQrCode({ uri }: { uri: string }) {
  const [dataUrl, setDataUrl] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 200 }).then((url) => {
      if (isCurrent) setDataUrl(url);
    });
    return () => {
      isCurrent = false;
    };
  }, [uri]);
  return dataUrl ? (
    <img src={dataUrl} width={200} height={200} alt="QR code to scan with your authenticator app" className="rounded-md border bg-white p-2" data-testid="totp-qr" />
  ) : (
    <div className="size-[200px] animate-pulse rounded-md bg-muted" />
  );
}

/**
 * TOTP enrolment: QR code (and the secret to type in), a first code to confirm, then the recovery codes, shown once.
 * `required` says the role must have it (ADMIN) before anything else. Calls `onDone` when the user has saved the codes.
 */
export function MfaEnrolment({ required, onDone }: { required: boolean; onDone: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const enrol = useEnrolTotp();
  const confirm = useConfirmTotp();
  const [code, setCode] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [isCopied, setIsCopied] = useState(false);
  const { mutate: startEnrolment } = enrol;

  useEffect(() => {
    startEnrolment();
  }, [startEnrolment]);

  const onConfirm = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(trimmed)) {
      setLocalError('Enter the 6-digit code your authenticator app shows.');
      return;
    }
    setLocalError(null);
    confirm.mutate(trimmed);
  };

  const finish = () => {
    // The server has lifted the enrolment-only restriction; say so locally at once so the app does not bounce back here.
    queryClient.setQueryData<SessionResponse | null>(sessionQueryKey, (old) => (old ? { ...old, mfa: { enrolled: true, enrolmentRequired: false } } : old));
    void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    onDone();
  };

  if (confirm.data) {
    const codes = confirm.data.recoveryCodes;
    return (
      <section className="space-y-5" aria-labelledby={`${id}-saved`}>
        <div className="flex items-center gap-2 text-primary">
          <ShieldCheck className="size-5" aria-hidden="true" />
          <h2 id={`${id}-saved`} className="text-lg font-semibold text-foreground">
            Two-factor sign-in is on
          </h2>
        </div>
        <p className="text-sm text-muted-foreground">
          Save these recovery codes somewhere safe (a password manager). Each one signs you in once if you lose your phone. They are shown only now.
        </p>
        <ol className="grid grid-cols-2 gap-2 rounded-md border bg-muted/40 p-3 font-mono text-sm" data-testid="recovery-codes">
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ol>
        <div className="flex flex-col gap-2 sm:flex-row">
          <Button
            variant="outline"
            onClick={() => {
              void navigator.clipboard?.writeText(codes.join('\n')).then(() => setIsCopied(true));
            }}
          >
            {isCopied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
            {isCopied ? 'Copied' : 'Copy codes'}
          </Button>
          <Button className="sm:flex-1" onClick={finish}>
            I have saved them, continue
          </Button>
        </div>
      </section>
    );
  }

  const serverError = confirm.error ?? enrol.error;
  return (
    <section className="space-y-5" aria-labelledby={`${id}-title`}>
      <div>
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          Set up two-factor sign-in
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">
          {required ? 'Administrator accounts must use an authenticator app. ' : ''}Scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator,
          1Password, …), then enter the 6-digit code it shows.
        </p>
      </div>
      {serverError && !isApiError(serverError, 400) ? (
        <FormAlert>{isApiError(serverError) ? (serverError.detail ?? serverError.title) : 'Something went wrong. Try again.'}</FormAlert>
      ) : null}
      {enrol.data ? (
        <div className="flex flex-col items-center gap-3 sm:flex-row sm:items-start">
          <TotpQrCode uri={enrol.data.otpauthUri} />
          <div className="min-w-0 text-sm">
            <p className="text-muted-foreground">Cannot scan? Type this key into the app:</p>
            <p className="mt-1 font-mono break-all select-all" data-testid="totp-secret">
              {enrol.data.secret.replace(/(.{4})/g, '$1 ').trim()}
            </p>
          </div>
        </div>
      ) : (
        <div className="flex justify-center py-8" role="status">
          <Loader2 className="size-5 animate-spin text-muted-foreground" aria-hidden="true" />
          <span className="sr-only">Preparing your key…</span>
        </div>
      )}
      <form onSubmit={onConfirm} className="space-y-3" noValidate>
        <div className="space-y-2">
          <Label htmlFor={`${id}-code`}>Code from the app</Label>
          <Input
            id={`${id}-code`}
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={6}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            aria-invalid={localError || isApiError(confirm.error, 400) ? true : undefined}
            aria-describedby={localError || isApiError(confirm.error, 400) ? `${id}-code-error` : undefined}
          />
          {localError || isApiError(confirm.error, 400) ? (
            <p id={`${id}-code-error`} className="text-sm text-destructive">
              {localError ?? 'That code is not valid: check the app and the device clock, then enter the current code.'}
            </p>
          ) : null}
        </div>
        <Button type="submit" className="w-full" disabled={!enrol.data || confirm.isPending}>
          {confirm.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
          Turn on two-factor sign-in
        </Button>
      </form>
    </section>
  );
}
