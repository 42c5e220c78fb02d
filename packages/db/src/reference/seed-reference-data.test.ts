import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../create-db.ts';
import { channels, permissions, rbacSeededGrants, rolePermissions, roles } from '../schema.ts';
import { createTestDb } from '../testing/create-test-db.ts';
import { rolePermissionMatrix } from './rbac-matrix.ts';
import { seedReferenceData } from './seed-reference-data.ts';

describe('seedReferenceData', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(() => handle.close());

  const grantsOf = async (role: 'ADMIN' | 'MANAGER' | 'OPERATOR' | 'VIEWER') =>
    (await handle.db.select().from(rolePermissions).where(eq(rolePermissions.roleCode, role))).map((g) => g.permissionCode).sort();

  it('when run on an empty database, then roles, channels and the permission matrix are present', async () => {
    await seedReferenceData(handle);
    expect((await handle.db.select().from(roles)).map((r) => r.code).sort()).toEqual(['ADMIN', 'MANAGER', 'OPERATOR', 'VIEWER']);
    expect(await handle.db.select().from(channels)).toHaveLength(5);
    expect(await grantsOf('OPERATOR')).toEqual(['dashboard:read', 'inventory:read', 'production:execute', 'production:read', 'purchasing:transition']);
    expect(await grantsOf('VIEWER')).not.toContain('production:execute');
    expect(await grantsOf('MANAGER')).not.toContain('admin:manage');
    expect(await grantsOf('ADMIN')).toEqual((await handle.db.select().from(permissions)).map((p) => p.code).sort());
  });

  it('when run again after an administrator edited the grants, then the edits are kept and nothing is duplicated', async () => {
    await handle.db.insert(rolePermissions).values({ roleCode: 'VIEWER', permissionCode: 'audit:read' });
    await handle.db.delete(rolePermissions).where(and(eq(rolePermissions.roleCode, 'VIEWER'), eq(rolePermissions.permissionCode, 'forecast:read')));
    await seedReferenceData(handle);
    expect(await grantsOf('VIEWER')).toEqual([...rolePermissionMatrix.VIEWER.filter((p) => p !== 'forecast:read'), 'audit:read'].sort());
    expect(await handle.db.select().from(roles)).toHaveLength(4);
  });

  it('when the code’s matrix changed since the last seeding, then exactly that change is applied and the edits stay', async () => {
    // Pretend the previous release granted VIEWER dashboard:write and not inventory:read.
    await handle.db.insert(rbacSeededGrants).values({ roleCode: 'VIEWER', permissionCode: 'dashboard:write' });
    await handle.db.insert(rolePermissions).values({ roleCode: 'VIEWER', permissionCode: 'dashboard:write' });
    await handle.db.delete(rbacSeededGrants).where(and(eq(rbacSeededGrants.roleCode, 'VIEWER'), eq(rbacSeededGrants.permissionCode, 'inventory:read')));
    await handle.db.delete(rolePermissions).where(and(eq(rolePermissions.roleCode, 'VIEWER'), eq(rolePermissions.permissionCode, 'inventory:read')));
    await seedReferenceData(handle);
    const viewer = await grantsOf('VIEWER');
    expect(viewer).not.toContain('dashboard:write');
    expect(viewer).toContain('inventory:read');
    expect(viewer).toContain('audit:read');
    expect(viewer).not.toContain('forecast:read');
  });

  it('when a database seeded before purchasing:transition existed is seeded again, then MANAGER, OPERATOR and ADMIN get it and VIEWER does not', async () => {
    // The release before: no such permission, so neither seeded nor granted.
    await handle.db.delete(rolePermissions).where(eq(rolePermissions.permissionCode, 'purchasing:transition'));
    await handle.db.delete(rbacSeededGrants).where(eq(rbacSeededGrants.permissionCode, 'purchasing:transition'));
    await seedReferenceData(handle);
    for (const role of ['ADMIN', 'MANAGER', 'OPERATOR'] as const) expect(await grantsOf(role)).toContain('purchasing:transition');
    expect(await grantsOf('VIEWER')).not.toContain('purchasing:transition');
  });

  it('when ADMIN lost admin:manage, then seeding gives it back', async () => {
    await handle.db.delete(rolePermissions).where(and(eq(rolePermissions.roleCode, 'ADMIN'), eq(rolePermissions.permissionCode, 'admin:manage')));
    await seedReferenceData(handle);
    expect(await grantsOf('ADMIN')).toContain('admin:manage');
  });
});
