import { adminUserListSchema, type AdminUser, type AdminUserQuery } from '@sentia/contracts/admin';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** User accounts matching the filters. */
export async function getAdminUsers(filters: AdminUserQuery, signal?: AbortSignal): Promise<AdminUser[]> {
  const { users } = await apiRequest('/api/admin/users', { query: filters, schema: adminUserListSchema, signal });
  return users;
}

export function useAdminUsers(filters: AdminUserQuery) {
  return useQuery({ queryKey: ['admin', 'users', filters], queryFn: ({ signal }) => getAdminUsers(filters, signal), placeholderData: keepPreviousData });
}
