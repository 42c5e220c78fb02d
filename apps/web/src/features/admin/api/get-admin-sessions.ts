import { adminSessionListSchema, type AdminSession } from '@sentia/contracts/admin';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Live sessions of every user, most recently active first. */
export async function getAdminSessions(signal?: AbortSignal): Promise<AdminSession[]> {
  const { sessions } = await apiRequest('/api/admin/sessions', { schema: adminSessionListSchema, signal });
  return sessions;
}

export function useAdminSessions() {
  return useQuery({ queryKey: ['admin', 'sessions'], queryFn: ({ signal }) => getAdminSessions(signal), refetchInterval: 30_000 });
}
