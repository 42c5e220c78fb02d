import { Loader2 } from 'lucide-react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '@/features/auth/api/get-session.ts';
import { isMockAuthForced } from '@/features/auth/api/mock-sign-in.ts';
import { MockRolePicker } from '@/features/auth/components/mock-role-picker.tsx';
import { SignInForm } from '@/features/auth/components/sign-in-form.tsx';
import { BrandMark } from '../layout/brand-mark.tsx';
import { safeNext } from './safe-next.ts';


/** The sign-in page; signed-in visitors go straight on. */
export function SignInRoute() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const next = safeNext(searchParams.get('next'));

  if (session.data) return <Navigate to={next} replace />;

  return (
    <div className="grid min-h-dvh lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
      <aside className="relative hidden overflow-hidden bg-sidebar p-12 text-sidebar-foreground lg:flex lg:flex-col lg:justify-between" aria-hidden="true">
        <BrandMark inverted />
        <div className="max-w-md">
          <p className="text-3xl font-semibold leading-tight text-white">Revenue, margin, OEE and cash, from order to shop floor.</p>
          <p className="mt-4 text-sidebar-muted">Amazon and Shopify sales across the UK, EU and US, joined with production and working capital.</p>
        </div>
        <svg className="absolute -right-24 -bottom-24 size-96 opacity-20" viewBox="0 0 200 200">
          <circle cx="100" cy="100" r="98" fill="none" stroke="currentColor" strokeWidth="1" />
          <circle cx="100" cy="100" r="70" fill="none" stroke="currentColor" strokeWidth="1" />
          <circle cx="100" cy="100" r="42" fill="none" stroke="currentColor" strokeWidth="1" />
        </svg>
      </aside>
      <main className="flex items-center justify-center px-4 py-12 sm:px-8">
        <div className="w-full max-w-sm">
          <div className="lg:hidden">
            <BrandMark />
          </div>
          <h1 className="mt-8 text-2xl font-semibold tracking-tight lg:mt-0">Sign in</h1>
          <p className="mt-1 mb-8 text-sm text-muted-foreground">Use your Sentia work account.</p>
          {session.isPending ? (
            <div className="flex justify-center py-8" role="status">
              <Loader2 className="size-5 animate-spin text-muted-foreground" aria-hidden="true" />
              <span className="sr-only">Checking your session…</span>
            </div>
          ) : isMockAuthForced ? (
            <MockRolePicker onSignedIn={() => navigate(next, { replace: true })} />
          ) : (
            <SignInForm onSignedIn={() => navigate(next, { replace: true })} />
          )}
        </div>
      </main>
    </div>
  );
}
