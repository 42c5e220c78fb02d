import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/button.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { MfaEnrolment } from '@/features/auth/components/mfa-enrolment.tsx';
import { CentredPage } from '../layout/centred-page.tsx';
import { RouteFallback } from './route-fallback.tsx';
import { safeNext } from './safe-next.ts';


/** TOTP enrolment: forced for ADMIN at first sign-in (the session can do nothing else), optional for the other roles. */
export function MfaSetupRoute() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const next = safeNext(searchParams.get('next'));

  if (session.isPending) return <RouteFallback label="Checking your session…" />;
  if (!session.data) return <Navigate to="/sign-in" replace />;
  const mfa = session.data.mfa;

  return (
    <CentredPage>
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
    </CentredPage>
  );
}
