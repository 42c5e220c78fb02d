import { Loader2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button } from '@/components/ui/button.tsx';
import { useInvitationLookup } from '@/features/auth/api/lookup-invitation.ts';
import { AcceptInvitationForm } from '@/features/auth/components/accept-invitation-form.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { CentredPage } from '../layout/centred-page.tsx';

/** The token from `#token=` (kept out of server logs: browsers never send the fragment) or, for hand-typed links, `?token=`. */
function readToken(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  return fromHash ?? new URLSearchParams(window.location.search).get('token');
}

const headings: Record<string, string> = {
  INVITATION_EXPIRED: 'This invitation has expired',
  INVITATION_REVOKED: 'This invitation is no longer valid',
  INVITATION_USED: 'This invitation was already used',
  NOT_FOUND: 'This invitation link is not valid',
};

/** Public page behind an invitation link: shows the e-mail and role, takes a password, creates the account and signs in. */
export function AcceptInviteRoute() {
  const navigate = useNavigate();
  const [token, setToken] = useState(readToken);
  useEffect(() => {
    // Another link pasted into this tab changes only the fragment: no reload, so follow it here.
    const follow = () => setToken(readToken());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const lookup = useInvitationLookup(token);
  const code = lookup.error && isApiError(lookup.error) ? (lookup.error.code ?? '') : '';

  return (
    <CentredPage>
      {!token ? (
        <Problem heading="This page needs your invitation link" detail="Open the whole link from your invitation. If it does not work, ask an administrator to send a new one." />
      ) : lookup.isPending ? (
        <div className="flex justify-center py-8" role="status">
          <Loader2 className="size-5 animate-spin text-muted-foreground" aria-hidden="true" />
          <span className="sr-only">Checking your invitation…</span>
        </div>
      ) : lookup.isError ? (
        <Problem
          heading={headings[code] ?? 'The invitation could not be checked'}
          detail={isApiError(lookup.error) ? (lookup.error.detail ?? lookup.error.title) : 'Try again in a moment.'}
          onRetry={headings[code] ? undefined : () => void lookup.refetch()}
        />
      ) : (
        <>
          <h1 className="text-2xl font-semibold tracking-tight">Create your account</h1>
          <p className="mt-1 mb-6 text-sm text-muted-foreground">You were invited to the Sentia Manufacturing Dashboard. Choose a password to finish.</p>
          <AcceptInvitationForm token={token} invitation={lookup.data} onAccepted={() => navigate('/', { replace: true })} />
        </>
      )}
    </CentredPage>
  );
}

function Problem({ heading, detail, onRetry }: { heading: string; detail: string; onRetry?: (() => void) | undefined }) {
  return (
    <div className="space-y-4" role="alert" data-testid="invitation-problem">
      <h1 className="text-2xl font-semibold tracking-tight">{heading}</h1>
      <p className="text-sm text-muted-foreground">{detail}</p>
      <div className="flex gap-2">
        {onRetry ? <Button onClick={onRetry}>Try again</Button> : null}
        <Button variant="outline" asChild>
          <Link to="/sign-in">Go to sign-in</Link>
        </Button>
      </div>
    </div>
  );
}
