import { createUserResponseSchema, type CreateUserRequest, type CreateUserResponse } from '@sentia/contracts/admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Creates an account; the answer carries its temporary password, shown once. */
export function createUser(input: CreateUserRequest): Promise<CreateUserResponse> {
  return apiRequest('/api/admin/users', { method: 'POST', body: input, schema: createUserResponseSchema });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createUser, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }) });
}
