import { Loader2 } from 'lucide-react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/button.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { MfaEnrolment } from '@/features/auth/components/mfa-enrolment.tsx';
import { BrandMark } from '../layout/brand-mark.tsx';

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** TOTP enrolment: forced for ADMIN at first sign-in (the session can do nothing else), optional for the other roles. */
export function MfaSetupRoute() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const next = safeNext(searchParams.get('next'));

  if (session.isPending) {
    return (
      <div className="flex min-h-dvh items-center justify-center" role="status">
        <Loader2 className="size-6 animate-spin text-muted-foreground" aria-hidden="true" />
        <span className="sr-only">Checking your session…</span>
      </div>
    );
  }
  if (!session.data) return <Navigate to="/sign-in" replace />;
  const mfa = session.data.mfa;

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12 sm:px-8">
      <div className="w-full max-w-md">
        <BrandMark />
        <div className="mt-8">
          {mfa?.enrolled ? (
            <div className="space-y-4">
              <h1 className="text-2xl font-semibold tracking-tight">Two-factor sign-in is on</h1>
              <p className="text-sm text-muted-foreground">Your account already uses an authenticator app. An administrator can reset it if you lose the device.</p>
              <Button asChild>
                <Link to={next}>Continue</Link>
              </Button>
            </div>
          ) : (
            <MfaEnrolment required={mfa?.enrolmentRequired ?? false} onDone={() => navigate(next, { replace: true })} />
          )}
        </div>
      </div>
    </main>
  );
}
