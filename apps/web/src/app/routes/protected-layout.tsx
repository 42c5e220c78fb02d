import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { LiveEventsProvider } from '@/lib/live-events/live-events-provider.tsx';
import { AppShell } from '../layout/app-shell.tsx';
import { canSeeSection, sectionForPath } from '../navigation.ts';
import { Forbidden } from './forbidden.tsx';
import { RouteFallback } from './route-fallback.tsx';

/** Everything behind sign-in: checks the session, then renders the shell around the page. */
export function ProtectedLayout() {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) return <RouteFallback label="Checking your session…" />;
  if (session.isError) {
    return (
      <main className="mx-auto flex min-h-dvh max-w-md items-center p-4">
        <ErrorState title="Could not check your session" error={session.error} onRetry={() => void session.refetch()} className="w-full" />
      </main>
    );
  }
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (session.data.passwordChangeRequired) {
    // An administrator set the password: the server opens nothing else until the user chooses their own.
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/change-password?next=${encodeURIComponent(next)}`} replace />;
  }
  if (session.data.mfa?.enrolmentRequired) {
    // The server opens nothing else to this session until TOTP is set up (ADMIN at first sign-in).
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/mfa-setup?next=${encodeURIComponent(next)}`} replace />;
  }
  const user = session.data.user;
  const section = sectionForPath(location.pathname);
  const isAllowed = !section || canSeeSection(user, section);
  return (
    <LiveEventsProvider>
      <AppShell user={user}>{isAllowed ? <Outlet context={{ user }} /> : <Forbidden />}</AppShell>
    </LiveEventsProvider>
  );
}
