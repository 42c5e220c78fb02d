import type { Role } from '@sentia/contracts/common';

/** Human names for the four roles. */
export const roleLabels: Record<Role, string> = {
  ADMIN: 'Admin',
  MANAGER: 'Manager',
  OPERATOR: 'Operator',
  VIEWER: 'Viewer',
};
