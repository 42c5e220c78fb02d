import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/button.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { useSignOut } from '@/features/auth/api/sign-out.ts';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form.tsx';
import { CentredPage } from '../layout/centred-page.tsx';
import { RouteFallback } from './route-fallback.tsx';
import { safeNext } from './safe-next.ts';


/** Change password: forced after an administrator set it (the server opens nothing else until then), or chosen from the account menu. */
export function ChangePasswordRoute() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const signOut = useSignOut();
  const next = safeNext(searchParams.get('next'), '/change-password');

  if (session.isPending) return <RouteFallback label="Checking your session…" />;
  if (!session.data) return <Navigate to="/sign-in" replace />;
  const isForced = session.data.passwordChangeRequired ?? false;
  const { user } = session.data;

  return (
    <CentredPage>
      <h1 className="text-2xl font-semibold tracking-tight">{isForced ? 'Choose your own password' : 'Change your password'}</h1>
      <p className="mt-1 mb-6 text-sm text-muted-foreground">
        {isForced
          ? `An administrator set a temporary password for ${user.email}. Replace it with one only you know before you continue.`
          : 'Your other sessions end when the password changes.'}
      </p>
      <ChangePasswordForm role={user.role} email={user.email} isTemporary={isForced} onChanged={() => navigate(next, { replace: true })} />
      <div className="mt-4 flex justify-between text-sm">
        {isForced ? (
          <button type="button" className="text-muted-foreground underline-offset-4 hover:underline" onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) })}>
            Sign out
          </button>
        ) : (
          <Button variant="link" className="h-auto p-0" asChild>
            <Link to={next}>Cancel</Link>
          </Button>
        )}
      </div>
    </CentredPage>
  );
}
