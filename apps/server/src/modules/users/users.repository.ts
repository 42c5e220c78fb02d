import type { Db } from '@sentia/db/create-db';
import { users } from '@sentia/db/schema';
import { asc } from 'drizzle-orm';

export const listUsers = (db: Db) =>
  db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, isActive: users.isActive, lastLoginAt: users.lastLoginAt })
    .from(users)
    .orderBy(asc(users.email));
