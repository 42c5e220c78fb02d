import type { ReactNode } from 'react';
import { BrandMark } from './brand-mark.tsx';

/** The narrow, centred page of the account steps outside the app shell (invitation, password, MFA). */
export function CentredPage({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12 sm:px-8">
      <div className="w-full max-w-md">
        <BrandMark />
        <div className="mt-8">{children}</div>
      </div>
    </main>
  );
}
