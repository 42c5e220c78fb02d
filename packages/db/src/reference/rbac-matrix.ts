import type { Role } from '@sentia/contracts/common';

/**
 * Every permission the application checks, named `resource:action`. Access is denied unless a role
 * is granted the permission (deny by default).
 */
export const permissionCatalog = [
  { code: 'dashboard:read', description: 'View the executive dashboard and KPIs' },
  { code: 'dashboard:write', description: 'Configure dashboard layouts, targets and saved views' },
  { code: 'production:read', description: 'View production orders, OEE, downtime and quality' },
  { code: 'production:execute', description: 'Record output, downtime and quality checks on the shop floor' },
  { code: 'production:write', description: 'Plan, release and cancel production orders; manage work centres' },
  { code: 'inventory:read', description: 'View stock levels, movements and reorder analysis' },
  { code: 'inventory:write', description: 'Adjust stock, create purchase orders' },
  { code: 'purchasing:transition', description: 'Move purchase orders through their workflow (approve, reject, send, receive, close); the workflow still checks which role may take each step' },
  { code: 'workingcapital:read', description: 'View receivables, payables, cash and the cash conversion cycle' },
  { code: 'workingcapital:write', description: 'Run working-capital scenarios and set targets' },
  { code: 'forecast:read', description: 'View forecasts and their accuracy' },
  { code: 'forecast:execute', description: 'Run forecasts' },
  { code: 'forecast:write', description: 'Configure forecasting models and parameters' },
  { code: 'data:import', description: 'Import orders, stock counts, products, suppliers and purchase orders from CSV/Excel files' },
  { code: 'integrations:read', description: 'View integration connections and their sync health' },
  { code: 'admin:manage', description: 'Manage users, roles, integrations and feature flags' },
  { code: 'audit:read', description: 'Read the audit log' },
] as const;

export type PermissionCode = (typeof permissionCatalog)[number]['code'];

/** Ranks order the roles: a higher rank is a more privileged role. */
export const roleCatalog: ReadonlyArray<{ code: Role; name: string; rank: number; description: string }> = [
  { code: 'ADMIN', name: 'Administrator', rank: 4, description: 'Full access, including system administration' },
  { code: 'MANAGER', name: 'Manager', rank: 3, description: 'Runs operations, finance and forecasting; no system administration' },
  { code: 'OPERATOR', name: 'Operator', rank: 2, description: 'Shop-floor execution: records production; reads the dashboard' },
  { code: 'VIEWER', name: 'Viewer', rank: 1, description: 'Read-only access to dashboard, production, working capital and forecasts' },
];

/**
 * The role × permission grants, from the specification's permission matrix (section 6.3.1.3):
 *
 * | resource            | ADMIN | MANAGER           | OPERATOR     | VIEWER    |
 * |---------------------|-------|-------------------|--------------|-----------|
 * | Executive dashboard | full  | read/write        | read only    | read only |
 * | Production control  | full  | full              | execute only | none      |
 * | Working capital     | full  | read/write        | none         | read only |
 * | System admin        | full  | none              | none         | none      |
 * | Forecasting models  | full  | configure/execute | none         | read only |
 *
 * Inventory sits with production control for execution and with working capital for analysis, so
 * OPERATOR reads it and MANAGER writes it. Purchase-order steps (`purchasing:transition`) go to MANAGER and OPERATOR,
 * because the goods-in operator receives deliveries; the workflow itself lets OPERATOR only receive. File imports (`data:import`) write orders, stock and master data
 * across those areas at once, so only the roles that write all of them (ADMIN, MANAGER) hold it. Integrations are
 * system administration (ADMIN manages them with admin:manage); MANAGER reads their sync health (issue 7:
 * "ADMIN; MANAGER read-only") through `integrations:read`. The spec contradicts itself on VIEWER and
 * production control (6.3.1.3 says read only; the manufacturing matrix in 6.4.2.1 and the route table in 6.2.x
 * say no access); issue 6 settles it as none (docs/decisions/0008-viewer-has-no-production-access.md). Working
 * capital stays read-only for VIEWER as both matrices say.
 */
export const rolePermissionMatrix: Record<Role, readonly PermissionCode[]> = {
  ADMIN: permissionCatalog.map((p) => p.code),
  MANAGER: [
    'dashboard:read', 'dashboard:write',
    'production:read', 'production:execute', 'production:write',
    'inventory:read', 'inventory:write', 'purchasing:transition',
    'workingcapital:read', 'workingcapital:write',
    'forecast:read', 'forecast:execute', 'forecast:write',
    'data:import',
    'integrations:read',
  ],
  OPERATOR: ['dashboard:read', 'production:read', 'production:execute', 'inventory:read', 'purchasing:transition'],
  VIEWER: ['dashboard:read', 'inventory:read', 'workingcapital:read', 'forecast:read'],
};
