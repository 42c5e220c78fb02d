import { proposalListSchema, type ProposalList } from '@sentia/contracts/purchasing';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Purchase-order proposals by supplier, each with its cash-runway and CCC effect. */
export function getProposals(signal?: AbortSignal): Promise<ProposalList> {
  return apiRequest('/api/purchasing/proposals', { schema: proposalListSchema, signal });
}

export function useProposals() {
  return useQuery({ queryKey: ['purchasing', 'proposals'], queryFn: ({ signal }) => getProposals(signal), staleTime: 60_000 });
}
