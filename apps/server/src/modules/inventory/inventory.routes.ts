import { problemSchema } from '@sentia/contracts/common';
import {
  inventoryPolicyDetailSchema,
  inventoryPolicyListSchema,
  policyItemParamsSchema,
  policyListQuerySchema,
  policySimulationSchema,
  putPolicySettingsSchema,
  simulationQuerySchema,
} from '@sentia/contracts/inventory';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext, AppModule } from '../../http/create-app.ts';
import { AppError } from '../../http/app-error.ts';
import { auditActorFromRequest } from '../audit/record-audit.ts';
import { createForecastingService } from '../forecasting/forecasting.service.ts';
import { createInventoryService, type InventoryOptions } from './inventory.service.ts';

const READ = 'inventory:read';
const WRITE = 'inventory:write';
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const tags = ['inventory'];

export interface InventoryModuleOptions extends InventoryOptions {
  /** Fixes "today" (tests, scripts). */
  now?: () => Date;
  /** Read demand from the latest forecast runs when available (default true). */
  useForecasts?: boolean;
}

/** Builds the service the inventory and purchasing routes share. */
export function inventoryServiceFor(ctx: AppContext, options: InventoryModuleOptions = {}) {
  const forecasts = options.useForecasts === false ? undefined : createForecastingService({ db: ctx.db.db, jobs: () => undefined });
  return createInventoryService({ db: ctx.db, forecasts, ...(options.now ? { now: options.now } : {}), options });
}

/** Policy table (inventory:read), item detail, planner settings (inventory:write, audited) and the policy simulation. */
export function inventoryRoutes(app: FastifyInstance, ctx: AppContext, options: InventoryModuleOptions = {}): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = inventoryServiceFor(ctx, options);

  r.get(
    '/api/inventory/policies',
    {
      config: { permission: READ },
      schema: { tags, summary: 'Policy per SKU × warehouse and material × warehouse: ABC/XYZ, EOQ, safety stock, reorder point, min/max, cover, stock-out date', querystring: policyListQuerySchema, response: { 200: inventoryPolicyListSchema, ...errors } },
    },
    async (request) => service.list(request.query),
  );

  r.get(
    '/api/inventory/policies/:kind/:code/:warehouse',
    { config: { permission: READ }, schema: { tags, summary: 'One item\u2019s policy with its 90-day projection and demand history', params: policyItemParamsSchema, response: { 200: inventoryPolicyDetailSchema, ...errors } } },
    async (request) => service.detail(request.params.kind, request.params.code, request.params.warehouse),
  );

  r.put(
    '/api/inventory/policies/:kind/:code/:warehouse/settings',
    {
      config: { permission: WRITE },
      schema: {
        tags,
        summary: 'Set the service level, lead time or review period of one item (null resets to the default); audited',
        description: 'serviceLevel strictly between 0 and 1; lead time and review period whole days ≥ 1. A stale version answers 409.',
        params: policyItemParamsSchema,
        body: putPolicySettingsSchema,
        response: { 200: inventoryPolicyDetailSchema, ...errors, 409: problemSchema },
      },
    },
    async (request) => {
      if (!request.principal) throw new AppError('UNAUTHENTICATED', 'Sign in to use this endpoint.');
      const { kind, code, warehouse } = request.params;
      return service.putSettings(kind, code, warehouse, request.body, request.principal, auditActorFromRequest(request));
    },
  );

  r.get(
    '/api/inventory/simulation',
    {
      config: { permission: READ },
      schema: { tags, summary: 'Held-out replay of demand against the recommended policy and the 8-weeks-of-cover baseline', querystring: simulationQuerySchema, response: { 200: policySimulationSchema, ...errors } },
    },
    async (request) => service.simulate(request.query),
  );
}

/** The inventory module for `createApp({ modules })`. */
export function inventoryModule(options: InventoryModuleOptions = {}): AppModule {
  return { name: 'inventory', register: (app, ctx: AppContext) => inventoryRoutes(app, ctx, options) };
}
