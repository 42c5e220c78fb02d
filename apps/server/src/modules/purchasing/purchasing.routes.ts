import { problemSchema } from '@sentia/contracts/common';
import {
  createPurchaseOrderSchema,
  proposalListSchema,
  purchaseOrderIdParamsSchema,
  purchaseOrderListQuerySchema,
  purchaseOrderListSchema,
  purchaseOrderSchema,
  purchaseOrderTransitionSchema,
} from '@sentia/contracts/purchasing';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext, AppModule } from '../../http/create-app.ts';
import { AppError } from '../../http/app-error.ts';
import { auditActorFromRequest } from '../audit/record-audit.ts';
import { inventoryServiceFor, type InventoryModuleOptions } from '../inventory/inventory.routes.ts';
import { createWorkingCapitalService } from '../working-capital/working-capital.service.ts';
import { createPurchasingService, type PurchasingOptions } from './purchasing.service.ts';
import { renderPurchaseOrderCsv, renderPurchaseOrderPdf } from './render-purchase-order.ts';

const READ = 'inventory:read';
const WRITE = 'inventory:write';
/** Moving an order on; the workflow then checks which role may take the step (OPERATOR only receives). */
const TRANSITION = 'purchasing:transition';
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const tags = ['purchasing'];

export interface PurchasingModuleOptions extends PurchasingOptions {
  inventory?: InventoryModuleOptions;
}

const principalOf = (request: FastifyRequest) => {
  if (!request.principal) throw new AppError('UNAUTHENTICATED', 'Sign in to use this endpoint.');
  return request.principal;
};

/**
 * Purchasing API. Reading proposals and orders needs inventory:read, creating an order inventory:write. Workflow
 * steps need inventory:read to reach the route; who may take which step is the workflow's rule (approve, reject,
 * send, close: MANAGER or ADMIN, above the approval limit ADMIN with step-up; receive: also OPERATOR).
 */
export function purchasingRoutes(app: FastifyInstance, ctx: AppContext, options: PurchasingModuleOptions = {}): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const inventory = inventoryServiceFor(ctx, { ...options.inventory, ...(options.now ? { now: options.now } : {}) });
  const workingCapital = createWorkingCapitalService({ db: ctx.db, ...(options.now ? { now: options.now } : {}) });
  const service = createPurchasingService({ db: ctx.db, inventory, workingCapital, mfa: ctx.mfa, options: { approvalLimitGbp: ctx.config.stepUpPurchaseOrderAbove, ...options } });

  r.get(
    '/api/purchasing/proposals',
    {
      config: { permission: READ },
      schema: { tags, summary: 'Purchase-order proposals grouped by supplier, each with its effect on cash runway and the CCC', response: { 200: proposalListSchema, ...errors } },
    },
    async () => service.proposals(),
  );

  r.get(
    '/api/purchasing/orders',
    { config: { permission: READ }, schema: { tags, summary: 'Purchase orders, newest first', querystring: purchaseOrderListQuerySchema, response: { 200: purchaseOrderListSchema, ...errors } } },
    async (request) => service.listOrders(request.query),
  );

  r.post(
    '/api/purchasing/orders',
    {
      config: { permission: WRITE },
      schema: { tags, summary: 'Create a proposed purchase order (e.g. from a proposal); audited', body: createPurchaseOrderSchema, response: { 201: purchaseOrderSchema, ...errors } },
    },
    async (request, reply) => reply.code(201).send(await service.createOrder(request.body, principalOf(request), auditActorFromRequest(request))),
  );

  r.get(
    '/api/purchasing/orders/:id',
    { config: { permission: READ }, schema: { tags, summary: 'One purchase order with its lines and audited history', params: purchaseOrderIdParamsSchema, response: { 200: purchaseOrderSchema, ...errors } } },
    async (request) => service.getOrder(request.params.id),
  );

  r.post(
    '/api/purchasing/orders/:id/transitions',
    {
      config: { permission: TRANSITION },
      schema: {
        tags,
        summary: 'Approve, reject (with a reason), send, receive or close; audited',
        description: 'Send the version you read: a stale version, a concurrent change or a step the order is not in answers 409 and changes nothing. Approving above the limit needs an ADMIN with a recent second factor (401 STEP_UP_REQUIRED otherwise). Receiving adds to material stock.',
        params: purchaseOrderIdParamsSchema,
        body: purchaseOrderTransitionSchema,
        response: { 200: purchaseOrderSchema, ...errors, 409: problemSchema },
      },
    },
    async (request) => service.transition(request.params.id, request.body, principalOf(request), auditActorFromRequest(request)),
  );

  // Registered without the zod type provider: the replies are files, not JSON.
  app.get<{ Params: { id: string } }>(
    '/api/purchasing/orders/:id.csv',
    { config: { permission: READ }, schema: { tags, summary: 'The order as CSV', params: purchaseOrderIdParamsSchema, response: errors } },
    async (request, reply) => {
      const po = await service.getOrder(request.params.id);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${po.poNumber}.csv"`).send(renderPurchaseOrderCsv(po));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/purchasing/orders/:id.pdf',
    { config: { permission: READ }, schema: { tags, summary: 'The order as PDF', params: purchaseOrderIdParamsSchema, response: errors } },
    async (request, reply) => {
      const po = await service.getOrder(request.params.id);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${po.poNumber}.pdf"`).send(renderPurchaseOrderPdf(po));
    },
  );
}

/** The purchasing module for `createApp({ modules })`. */
export function purchasingModule(options: PurchasingModuleOptions = {}): AppModule {
  return { name: 'purchasing', register: (app, ctx: AppContext) => purchasingRoutes(app, ctx, options) };
}
