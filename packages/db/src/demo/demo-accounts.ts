import type { Role } from '@sentia/contracts/common';

/**
 * The demo sign-ins, one per role. Public by design (printed at start-up and in the README): they
 * exist only in the demo world and must never be seeded into a real install.
 */
export const demoAccounts: ReadonlyArray<{ email: string; password: string; name: string; role: Role }> = [
  { email: 'admin@sentia.demo', password: 'Sentia-Admin-2026!', name: 'Alex Admin', role: 'ADMIN' },
  { email: 'manager@sentia.demo', password: 'Sentia-Manager-2026!', name: 'Morgan Manager', role: 'MANAGER' },
  { email: 'operator@sentia.demo', password: 'Sentia-Operator-2026!', name: 'Oli Operator', role: 'OPERATOR' },
  { email: 'viewer@sentia.demo', password: 'Sentia-Viewer-2026!', name: 'Vic Viewer', role: 'VIEWER' },
];
