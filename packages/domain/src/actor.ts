/** The spec's four roles. */
export type Role = 'ADMIN' | 'MANAGER' | 'OPERATOR' | 'VIEWER';

/** Who performs a workflow transition. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  /** The actor re-authenticated recently (step-up); required for some high-value actions. */
  readonly hasRecentStepUp?: boolean;
}
