import type { Role } from '@sentia/contracts/common';

/** Role names as the admin portal shows them. */
export const roleNames: Record<Role, string> = { ADMIN: 'Admin', MANAGER: 'Manager', OPERATOR: 'Operator', VIEWER: 'Viewer' };
