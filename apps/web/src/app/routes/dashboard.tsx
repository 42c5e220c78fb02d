import { ExecutiveDashboard } from '@/features/dashboard/components/executive-dashboard.tsx';

/** Route module for the Executive overview (loaded lazily with its charts). */
export function DashboardRoute() {
  return <ExecutiveDashboard />;
}
