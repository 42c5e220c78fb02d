import type { SessionUser } from '@sentia/contracts/auth';
import { Navigate, useOutletContext } from 'react-router';
import { visibleSections } from '../navigation.ts';

/** `/` sends each user to the first section their role sees. */
export function HomeRedirect() {
  const { user } = useOutletContext<{ user: SessionUser }>();
  const first = visibleSections(user)[0];
  if (first) return <Navigate to={first.path} replace />;
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Welcome, {user.name}</h1>
      <p className="mt-2 text-muted-foreground">None of the sections open to your role are available in this release yet.</p>
    </div>
  );
}
