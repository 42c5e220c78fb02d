import type { Role } from '@sentia/contracts/common';
import { roleCodes } from '@sentia/contracts/common';
import { rolePermissionMatrix } from '@sentia/db/reference/rbac-matrix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../events/create-event-bus.ts';
import { eventsModule } from '../events/events.routes.ts';
import { createSseHub } from '../events/sse-hub.ts';
import { extraModules } from '../extra-modules.ts';
import { createInProcessJobProvider } from '../jobs/in-process-provider.ts';
import type { JobProvider } from '../jobs/job-provider.ts';
import { jobsModule } from '../jobs/jobs.routes.ts';
import { type TestApp, createTestApp, signIn } from '../test/create-test-app.ts';
import { type RouteAccess, routeAccessTable } from './auth-guard.ts';

/**
 * Routes open without a session: each is a deliberate decision (sign-in itself, documentation, signed webhooks that
 * authenticate by their own signature). A new public route must be added here, in review.
 */
const PUBLIC_ROUTES = new Set(['POST /api/auth/sign-in', 'POST /api/auth/sign-out', 'GET /api/openapi.json', 'POST /api/auth/invitations/lookup', 'POST /api/auth/invitations/accept']);
const PUBLIC_PREFIXES = ['/api/docs', '/api/webhooks/'];

let t: TestApp;
let bus: EventBus;
let jobs: JobProvider;
let table: RouteAccess[];
const cookies: Partial<Record<Role, string>> = {};

// Every module the server registers: the core ones (createApp), main.ts's extra modules, and the API process's
// background modules (event stream, jobs API).
beforeAll(async () => {
  t = await createTestApp({
    seed: async (db) => {
      bus = await createEventBus({ db: db.db });
      jobs = createInProcessJobProvider({ db: db.db, definitions: [], exclusiveDatabase: false });
    },
    modules: [
      ...extraModules,
      { name: 'events', register: (app, ctx) => eventsModule({ bus, hub: createSseHub({ bus }) }).register(app, ctx) },
      { name: 'jobs', register: (app, ctx) => jobsModule({ jobs }).register(app, ctx) },
    ],
  });
  table = routeAccessTable.get(t.app) ?? [];
  for (const role of roleCodes) cookies[role] = await signIn(t.app, role);
}, 120_000);
afterAll(async () => {
  await jobs?.close({ graceMs: 100 });
  await bus?.close();
  await t?.close();
});

const isPublicAllowed = (r: RouteAccess) => PUBLIC_ROUTES.has(`${r.method} ${r.url}`) || PUBLIC_PREFIXES.some((p) => r.url.startsWith(p));
const concreteUrl = (url: string) => url.replace(/:[A-Za-z_]\w*/g, '00000000-0000-4000-8000-000000000000').replace(/\*/g, 'x');
// A stream never ends, so inject would wait for ever: its access is checked before it starts, by the anonymous and denied cases.
const isStream = (url: string) => url.endsWith('/stream');

async function call(r: RouteAccess, cookie?: string) {
  const withBody = r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH';
  return t.app.inject({ method: r.method as 'GET', url: concreteUrl(r.url), headers: cookie ? { cookie } : {}, ...(withBody ? { payload: {} } : {}) });
}

/** Calls the route as the role; when an earlier route ended the session (sign-out everywhere), signs in again once. */
async function callAs(r: RouteAccess, role: Role) {
  let res = await call(r, cookies[role]);
  if (res.statusCode === 401 && res.json().code === 'UNAUTHENTICATED') {
    cookies[role] = await signIn(t.app, role);
    res = await call(r, cookies[role]);
  }
  return res;
}

describe('every route × every role against the permission matrix', () => {
  it('when the app is built with every module, then every /api route declares its access (public, signed in, or a permission)', () => {
    expect(table.length).toBeGreaterThan(30);
    const undeclared = table.filter((r) => r.access.kind === 'undeclared').map((r) => `${r.method} ${r.url}`);
    expect(undeclared, 'routes without config.permission / signedIn / public').toEqual([]);
  });

  it('when a route is public, then it is one of the deliberate public routes', () => {
    const unexpected = table.filter((r) => r.access.kind === 'public' && !isPublicAllowed(r)).map((r) => `${r.method} ${r.url}`);
    expect(unexpected, 'new public routes: add them to PUBLIC_ROUTES if that is intended').toEqual([]);
  });

  it('when a route declares permissions, then they all exist in the matrix (no typo can close a route to everybody by accident)', () => {
    const known = new Set<string>(Object.values(rolePermissionMatrix).flat());
    const unknown = table.flatMap((r) => (r.access.kind === 'permission' ? r.access.permissions.filter((p) => !known.has(p)).map((p) => `${r.method} ${r.url}: ${p}`) : []));
    expect(unknown).toEqual([]);
  });

  it('when each role calls each protected route, then exactly the roles the matrix grants get past the guard, and anonymous callers get 401', async () => {
    const mismatches: string[] = [];
    const checked = { granted: 0, denied: 0 };
    for (const r of table) {
      if (r.access.kind === 'public' || r.access.kind === 'undeclared') continue;
      const anonymous = await call(r);
      if (anonymous.statusCode !== 401) mismatches.push(`${r.method} ${r.url} anonymous → ${anonymous.statusCode}`);
      for (const role of roleCodes) {
        const granted = r.access.kind === 'permission' ? r.access.permissions.every((p) => (rolePermissionMatrix[role] as readonly string[]).includes(p)) : true;
        if (granted && isStream(r.url)) continue;
        const res = await callAs(r, role);
        const code = String(res.headers['content-type'] ?? '').includes('json') ? (res.json() as { code?: string }).code : undefined;
        const wasDenied = res.statusCode === 403 && code === 'FORBIDDEN';
        const wasUnauthenticated = res.statusCode === 401 && code === 'UNAUTHENTICATED';
        if (r.access.kind === 'guard') continue;
        checked[granted ? 'granted' : 'denied'] += 1;
        if (granted && (wasDenied || wasUnauthenticated)) mismatches.push(`${r.method} ${r.url} ${role}: granted by the matrix but answered ${res.statusCode} ${code}`);
        if (!granted && !wasDenied) mismatches.push(`${r.method} ${r.url} ${role}: not granted by the matrix but answered ${res.statusCode} ${code}`);
      }
    }
    expect(mismatches).toEqual([]);
    // The matrix has both kinds of cell, so a guard that let everyone through (or no one) would show above.
    expect(checked.granted).toBeGreaterThan(50);
    expect(checked.denied).toBeGreaterThan(50);
  }, 600_000);
});
