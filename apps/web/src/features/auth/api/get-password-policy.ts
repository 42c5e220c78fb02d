import type { Role } from '@sentia/contracts/common';
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client.ts';

const policySchema = z.object({ minLength: z.number(), requireUppercase: z.boolean(), requireLowercase: z.boolean(), requireDigit: z.boolean(), requireSymbol: z.boolean() });
const policiesSchema = z.object({ policies: z.record(z.string(), policySchema) });

/** The password rules of every role. */
export function getPasswordPolicies(signal?: AbortSignal) {
  return apiRequest('/api/auth/password-policy', { schema: policiesSchema, signal });
}

/** The rules for one role's passwords (undefined while loading). */
export function usePasswordPolicy(role: Role) {
  const query = useQuery({ queryKey: ['auth', 'password-policy'], queryFn: ({ signal }) => getPasswordPolicies(signal), staleTime: Infinity });
  return query.data?.policies[role];
}
