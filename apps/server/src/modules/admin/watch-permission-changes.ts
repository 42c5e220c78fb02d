import type { Cache } from '../../cache/create-cache.ts';
import type { EventBus } from '../../events/create-event-bus.ts';
import { authCacheTags } from '../auth/auth.service.ts';

/**
 * Makes this process apply RBAC edits made by any process: on `permissions.changed` (delivered over Redis
 * pub/sub, or read back from the event table when processes share PostgreSQL without Redis) the cached role
 * grants are dropped, and for a user-level change also the cached sessions (they carry the role and active flag).
 * The next permission check reads the database. Returns the unsubscribe function.
 */
export function watchPermissionChanges(bus: EventBus, cache: Cache, logger?: { warn: (obj: object, msg: string) => void }): () => void {
  return bus.subscribe((event) => {
    if (event.type !== 'permissions.changed') return;
    const data = event.data as { userId?: string; role?: string };
    const tags = data.userId ? [authCacheTags.rbac, authCacheTags.sessions] : [authCacheTags.rbac];
    cache.invalidate(tags).catch((err: unknown) => logger?.warn({ err }, 'admin: could not drop cached permissions'));
  });
}
