import type { SessionResponse } from '@sentia/contracts/auth';
import { roleCodes } from '@sentia/contracts/common';
import { Button } from '@/components/ui/button.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { useMockSignIn } from '../api/mock-sign-in.ts';
import { roleLabels } from '../role-labels.ts';
import { FormAlert } from './form-alert.tsx';

/** Development mock auth (VITE_FORCE_MOCK_AUTH): pick a role instead of signing in. The server must run with AUTH_MOCK=true. */
export function MockRolePicker({ onSignedIn }: { onSignedIn: (session: SessionResponse) => void }) {
  const mockSignIn = useMockSignIn();
  return (
    <div className="space-y-4">
      <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">Development mode: sign in as any role without a password.</p>
      {mockSignIn.isError ? (
        <FormAlert>{isApiError(mockSignIn.error, 404) && mockSignIn.error.code === 'NOT_FOUND' && !mockSignIn.error.detail?.includes('account') ? 'The server does not run with AUTH_MOCK=true.' : isApiError(mockSignIn.error) ? (mockSignIn.error.detail ?? mockSignIn.error.title) : 'Mock sign-in failed.'}</FormAlert>
      ) : null}
      <div className="grid gap-2" role="group" aria-label="Sign in as">
        {roleCodes.map((role) => (
          <Button key={role} variant="outline" size="lg" disabled={mockSignIn.isPending} onClick={() => mockSignIn.mutate(role, { onSuccess: onSignedIn })}>
            Sign in as {roleLabels[role]}
          </Button>
        ))}
      </div>
    </div>
  );
}
