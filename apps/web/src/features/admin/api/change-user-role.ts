import { adminUserSchema, type AdminUser } from '@sentia/contracts/admin';
import type { Role } from '@sentia/contracts/common';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

export function changeUserRole({ userId, role }: { userId: string; role: Role }): Promise<AdminUser> {
  return apiRequest(`/api/admin/users/${encodeURIComponent(userId)}/role`, { method: 'PATCH', body: { role }, schema: adminUserSchema });
}

export function useChangeUserRole() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: changeUserRole, onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }) });
}
