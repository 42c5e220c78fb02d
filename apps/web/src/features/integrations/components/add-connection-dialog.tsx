import type { ConnectionProvider, CreateConnection } from '@sentia/contracts/integration-connections';
import { Plus } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { useCreateConnection } from '../api/create-connection.ts';
import { connectionFields as fields } from './connection-fields.ts';

const providerLabels: Record<ConnectionProvider, string> = { AMAZON: 'Amazon SP-API', SHOPIFY: 'Shopify store', UNLEASHED: 'Unleashed ERP' };

function toRequest(provider: ConnectionProvider, name: string, values: Record<string, string>): CreateConnection {
  const v = (key: string) => values[key]?.trim() ?? '';
  const optional = (key: string) => (v(key) ? { [key]: v(key) } : {});
  if (provider === 'AMAZON') {
    return {
      provider,
      name,
      config: { region: v('region') as 'na' | 'eu' | 'fe', marketplaces: v('marketplaces').split(',').map((m) => m.trim().toUpperCase()).filter(Boolean), ...optional('endpoint'), ...optional('tokenUrl') },
      credentials: { clientId: v('clientId'), clientSecret: v('clientSecret'), refreshToken: v('refreshToken') },
    };
  }
  if (provider === 'SHOPIFY') {
    return {
      provider,
      name,
      config: { shopDomain: v('shopDomain').toLowerCase(), channel: v('channel').toUpperCase() as 'SHOPIFY_UK' | 'SHOPIFY_US', region: v('region').toUpperCase() as 'UK' | 'EU' | 'US', ...optional('baseUrl') },
      credentials: { accessToken: v('accessToken'), webhookSecret: v('webhookSecret') },
    };
  }
  return { provider, name, config: { apiId: v('apiId'), ...optional('baseUrl') }, credentials: { apiKey: v('apiKey') } };
}

/** Adds a connection. Secret fields are write-only: typed once, sent once, stored encrypted, never shown again. */
export function AddConnectionDialog() {
  const [open, setOpen] = useState(false);
  const [provider, setProvider] = useState<ConnectionProvider>('SHOPIFY');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const create = useCreateConnection();
  const fieldErrors = isApiError(create.error) ? Object.entries(create.error.fieldErrors).map(([field, message]) => ({ field, message })) : [];
  const errorFor = (field: string) => fieldErrors.find((e) => e.field === field || e.field.endsWith(`.${field}`) || e.field.includes(`.${field}.`))?.message;

  const reset = () => {
    setValues({});
    setName('');
    create.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(toRequest(provider, name.trim(), values), {
      onSuccess: () => {
        setOpen(false);
        reset();
      },
    });
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
        <Button>
          <Plus aria-hidden="true" />
          Add connection
        </Button>
      </DialogTrigger>
      <DialogContent aria-describedby="add-connection-description">
        <DialogHeader>
          <DialogTitle>Add a connection</DialogTitle>
          <DialogDescription id="add-connection-description">Credentials are stored encrypted and can only be replaced, never read back.</DialogDescription>
        </DialogHeader>
        <form className="grid gap-3" onSubmit={submit} autoComplete="off">
          <div className="grid gap-1.5">
            <Label htmlFor="connection-provider">Source</Label>
            <Select
              value={provider}
              onValueChange={(next) => {
                setProvider(next as ConnectionProvider);
                setValues({});
                create.reset();
              }}
            >
              <SelectTrigger id="connection-provider" aria-label="Source">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {(Object.keys(providerLabels) as ConnectionProvider[]).map((p) => (
                  <SelectItem key={p} value={p}>
                    {providerLabels[p]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="connection-name">Name</Label>
            <Input id="connection-name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(errorFor('name'))} />
            {errorFor('name') ? <p className="text-xs text-negative">{errorFor('name')}</p> : null}
          </div>
          {fields[provider].filter((field) => !field.isReplaceOnly).map((field) => {
            const id = `connection-${field.name}`;
            const error = errorFor(field.name);
            return (
              <div key={`${provider}-${field.name}`} className="grid gap-1.5">
                <Label htmlFor={id}>
                  {field.label}
                  {field.isOptional ? <span className="font-normal text-muted-foreground"> (optional)</span> : null}
                  {field.isSecret ? <span className="font-normal text-muted-foreground"> · write-only</span> : null}
                </Label>
                <Input
                  id={id}
                  name={field.name}
                  type={field.isSecret ? 'password' : 'text'}
                  autoComplete={field.isSecret ? 'new-password' : 'off'}
                  required={!field.isOptional}
                  placeholder={field.placeholder}
                  value={values[field.name] ?? ''}
                  onChange={(e) => setValues((prev) => ({ ...prev, [field.name]: e.target.value }))}
                  aria-invalid={Boolean(error)}
                />
                {error ? <p className="text-xs text-negative">{error}</p> : field.hint ? <p className="text-xs text-muted-foreground">{field.hint}</p> : null}
              </div>
            );
          })}
          {create.error && fieldErrors.length === 0 ? (
            <p role="alert" className="text-sm text-negative">
              {isApiError(create.error) ? (create.error.detail ?? create.error.title) : 'The connection could not be added.'}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? 'Adding…' : 'Add connection'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
