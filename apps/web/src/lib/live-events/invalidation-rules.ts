import type { QueryKey } from '@tanstack/react-query';

/**
 * Which cached queries each event type makes stale, by query-key prefix. Features name their keys after their
 * resource (`['kpis', …]`, `['jobs', …]`), so a rule here covers every query of that resource.
 */
export const invalidationRules: Record<string, readonly QueryKey[]> = {
  'order.created': [['kpis'], ['orders'], ['meta']],
  'kpi.updated': [['kpis']],
  'inventory.changed': [['kpis'], ['inventory']],
  'forecast.completed': [['forecasts']],
  'alert.raised': [['alerts']],
  'sync.completed': [['kpis'], ['meta'], ['integrations']],
  'job.updated': [['jobs']],
  // The signed-in user's session (menus follow it) and the admin portal's users and matrix.
  'permissions.changed': [['auth'], ['admin']],
};

/** The distinct key prefixes a batch of event types invalidates. */
export function keysToInvalidate(types: Iterable<string>, rules: Record<string, readonly QueryKey[]> = invalidationRules): QueryKey[] {
  const seen = new Map<string, QueryKey>();
  for (const type of types) for (const key of rules[type] ?? []) seen.set(JSON.stringify(key), key);
  return [...seen.values()];
}
