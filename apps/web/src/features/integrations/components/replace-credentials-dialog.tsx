import type { ConnectionHealth, ReplaceCredentials } from '@sentia/contracts/integration-connections';
import { KeyRound, Loader2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { useReplaceCredentials } from '../api/replace-credentials.ts';
import { connectionFields } from './connection-fields.ts';

/**
 * "Replace credentials" for one connection (ADMIN). Write-only: the form starts empty and never shows what is stored.
 * The server asks for a fresh second factor (the step-up dialog), tries the new credentials with one authenticated
 * call and keeps the old ones when that fails; "Save anyway" then stores them regardless (a leaked key must go even
 * while the vendor is down). `onDone` gets the outcome for the card to show.
 */
export function ReplaceCredentialsDialog({ connection, onDone }: { connection: ConnectionHealth; onDone: (outcome: { ok: boolean; message: string }) => void }) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const replace = useReplaceCredentials();
  const fields = connectionFields[connection.provider].filter((f) => f.isSecret);
  const fieldErrors = isApiError(replace.error, 400) ? replace.error.fieldErrors : {};
  const testFailure = fieldErrors.credentials ?? null;
  const fieldError = (name: string): string | undefined => fieldErrors[`credentials.${name}`];
  const otherError = replace.error && !testFailure && !fields.some((f) => fieldError(f.name)) ? (isApiError(replace.error) ? (replace.error.detail ?? replace.error.title) : 'The credentials could not be replaced.') : null;

  const reset = () => {
    setValues({});
    replace.reset();
  };
  const submit = (saveIfTestFails: boolean) => {
    const credentials = Object.fromEntries(fields.map((f) => [f.name, values[f.name]?.trim() ?? '']).filter(([, v]) => v !== '')) as ReplaceCredentials['credentials'];
    replace.mutate(
      { id: connection.id, credentials, ...(saveIfTestFails ? { saveIfTestFails } : {}) },
      {
        onSuccess: (result) => {
          onDone({ ok: result.test.ok, message: result.test.ok ? `New credentials saved and tested: ${result.test.message}` : `New credentials saved although their test failed: ${result.test.message}` });
          setOpen(false);
          reset();
        },
      },
    );
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit(false);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="outline">
          <KeyRound aria-hidden="true" />
          Replace credentials
        </Button>
      </DialogTrigger>
      <DialogContent aria-describedby={`replace-${connection.id}-description`}>
        <DialogHeader>
          <DialogTitle>Replace credentials of {connection.name}</DialogTitle>
          <DialogDescription id={`replace-${connection.id}-description`}>
            The stored credentials are never shown. Enter the new ones: they are tried with one call to the source first and stored encrypted only if that works.
          </DialogDescription>
        </DialogHeader>
        <form className="grid gap-3" onSubmit={onSubmit} autoComplete="off">
          {fields.map((field) => {
            const id = `replace-${connection.id}-${field.name}`;
            const error = fieldError(field.name);
            return (
              <div key={field.name} className="grid gap-1.5">
                <Label htmlFor={id}>
                  {field.label}
                  {field.isOptional ? <span className="font-normal text-muted-foreground"> (optional)</span> : null}
                  <span className="font-normal text-muted-foreground"> · write-only</span>
                </Label>
                <Input
                  id={id}
                  name={field.name}
                  type="password"
                  autoComplete="new-password"
                  required={!field.isOptional}
                  value={values[field.name] ?? ''}
                  onChange={(e) => setValues((prev) => ({ ...prev, [field.name]: e.target.value }))}
                  aria-invalid={Boolean(error)}
                />
                {error ? <p className="text-xs text-negative">{error}</p> : field.hint ? <p className="text-xs text-muted-foreground">{field.hint}</p> : null}
              </div>
            );
          })}
          {testFailure ? (
            <div role="alert" className="grid gap-2 rounded-md border border-negative/40 bg-negative/10 px-3 py-2 text-sm" data-testid="replace-test-failed">
              <p>
                The new credentials did not work, so the stored ones were kept: <span className="break-words">{testFailure}</span>
              </p>
              <p className="text-muted-foreground">If the source is down and the old credentials must go anyway, save them without a passing test.</p>
              <Button type="button" size="sm" variant="outline" className="justify-self-start text-negative" disabled={replace.isPending} onClick={() => submit(true)}>
                Save anyway
              </Button>
            </div>
          ) : null}
          {otherError ? (
            <p role="alert" className="text-sm text-negative">
              {otherError}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="submit" disabled={replace.isPending}>
              {replace.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
              {replace.isPending ? 'Testing…' : 'Test and save'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
