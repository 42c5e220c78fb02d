import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { StepUpDialogHost } from '@/features/auth/components/step-up-dialog.tsx';
import { queryClient } from './query-client.ts';

/** App-wide providers: the TanStack Query client, and the step-up dialog the API client calls on STEP_UP_REQUIRED. */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <StepUpDialogHost />
    </QueryClientProvider>
  );
}
