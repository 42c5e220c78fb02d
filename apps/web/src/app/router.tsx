import { Navigate, createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { sessionQueryOptions } from '@/features/auth/api/get-session.ts';
import { metaQueryOptions } from '@/features/dashboard/api/get-meta.ts';
import { prefetchDashboard } from '@/features/dashboard/api/prefetch-dashboard.ts';
import { queryClient } from './query-client.ts';
import { RouteFallback } from './routes/route-fallback.tsx';
import { RouteError } from './routes/route-error.tsx';
import { ProtectedLayout } from './routes/protected-layout.tsx';
import { HomeRedirect } from './routes/home-redirect.tsx';
import { NotFound } from './routes/not-found.tsx';

/**
 * Routes. Page modules are loaded lazily so the initial bundle holds only the shell and sign-in;
 * each available nav section (see navigation.ts) has one route here.
 */
const router = createBrowserRouter([
  {
    path: '/sign-in',
    lazy: async () => ({ Component: (await import('./routes/sign-in.tsx')).SignInRoute }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <RouteFallback />,
  },
  {
    path: '/mfa-setup',
    lazy: async () => ({ Component: (await import('./routes/mfa-setup.tsx')).MfaSetupRoute }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <RouteFallback />,
  },
  {
    path: '/accept-invite',
    lazy: async () => ({ Component: (await import('./routes/accept-invite.tsx')).AcceptInviteRoute }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <RouteFallback />,
  },
  {
    path: '/change-password',
    lazy: async () => ({ Component: (await import('./routes/change-password.tsx')).ChangePasswordRoute }),
    errorElement: <RouteError />,
    hydrateFallbackElement: <RouteFallback />,
  },
  {
    path: '/',
    hydrateFallbackElement: <RouteFallback />,
    // Starts the session and reference-data requests while the page's code is still loading, instead
    // of one after the other once components mount. Fresh cache entries are not refetched.
    loader: () => {
      void queryClient.prefetchQuery(sessionQueryOptions);
      void queryClient.prefetchQuery(metaQueryOptions);
      return null;
    },
    element: <ProtectedLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRedirect /> },
      {
        path: 'dashboard',
        // Not awaited: the page renders (with skeletons) at once while the summary is already on its way.
        loader: ({ request }) => {
          void prefetchDashboard(queryClient, new URL(request.url));
          return null;
        },
        lazy: async () => ({ Component: (await import('./routes/dashboard.tsx')).DashboardRoute }),
      },
      {
        path: 'forecasting',
        lazy: async () => ({ Component: (await import('@/features/forecasting/components/forecasting-page.tsx')).ForecastingPage }),
      },
      {
        path: 'working-capital',
        lazy: async () => ({ Component: (await import('@/features/working-capital/components/working-capital-page.tsx')).WorkingCapitalPage }),
      },
      {
        path: 'inventory',
        lazy: async () => ({ Component: (await import('@/features/inventory/components/inventory-page.tsx')).InventoryPage }),
      },
      {
        path: 'inventory/:kind/:code/:warehouse',
        lazy: async () => ({ Component: (await import('@/features/inventory/components/policy-detail-page.tsx')).PolicyDetailPage }),
      },
      {
        path: 'purchasing',
        lazy: async () => ({ Component: (await import('@/features/purchasing/components/purchasing-page.tsx')).PurchasingPage }),
      },
      {
        path: 'purchasing/orders/:id',
        lazy: async () => ({ Component: (await import('@/features/purchasing/components/purchase-order-page.tsx')).PurchaseOrderPage }),
      },
      {
        path: 'admin',
        lazy: async () => ({ Component: (await import('@/features/admin/components/admin-layout.tsx')).AdminLayout }),
        children: [
          { index: true, element: <Navigate to="/admin/users" replace /> },
          { path: 'users', lazy: async () => ({ Component: (await import('@/features/admin/components/users-page.tsx')).UsersPage }) },
          { path: 'roles', lazy: async () => ({ Component: (await import('@/features/admin/components/roles-page.tsx')).RolesPage }) },
          { path: 'sessions', lazy: async () => ({ Component: (await import('@/features/admin/components/sessions-page.tsx')).SessionsPage }) },
          { path: 'audit', lazy: async () => ({ Component: (await import('@/features/admin/components/audit-log-page.tsx')).AuditLogPage }) },
        ],
      },
      {
        path: 'production',
        lazy: async () => ({ Component: (await import('@/features/production/components/production-page.tsx')).ProductionPage }),
      },
      {
        path: 'production/schedule',
        lazy: async () => ({ Component: (await import('@/features/production/components/schedule-page.tsx')).SchedulePage }),
      },
      {
        path: 'production/operator',
        lazy: async () => ({ Component: (await import('@/features/production/components/operator-page.tsx')).OperatorPage }),
      },
      {
        path: 'admin/jobs',
        lazy: async () => ({ Component: (await import('@/features/jobs/components/jobs-page.tsx')).JobsPage }),
      },
      {
        path: 'integrations',
        lazy: async () => ({ Component: (await import('@/features/integrations/components/sync-health-page.tsx')).SyncHealthPage }),
      },
      {
        path: 'imports',
        lazy: async () => ({ Component: (await import('@/features/imports/components/import-page.tsx')).ImportPage }),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
