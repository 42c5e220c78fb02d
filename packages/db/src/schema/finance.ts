import { sql } from 'drizzle-orm';
import { check, date, index, numeric, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant, money } from './columns.ts';
import { purchaseOrders, suppliers } from './purchasing.ts';
import { channelCode, currencyCode } from './reference.ts';
import { customers } from './sales.ts';

export const invoiceStatus = pgEnum('invoice_status', ['OPEN', 'PARTIALLY_PAID', 'PAID', 'VOID']);

/**
 * Accounts receivable: Amazon settlements, Shopify payouts and wholesale invoices. Overdue is not a
 * stored status: it is `status <> 'PAID' and due_date < today`.
 */
export const arInvoices = pgTable(
  'ar_invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceNumber: text('invoice_number').notNull().unique(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    channelCode: channelCode('channel_code'),
    periodStart: date('period_start'),
    periodEnd: date('period_end'),
    issueDate: date('issue_date').notNull(),
    dueDate: date('due_date').notNull(),
    paidDate: date('paid_date'),
    amount: money('amount').notNull(),
    amountPaid: money('amount_paid').notNull().default('0'),
    currency: currencyCode('currency').notNull(),
    status: invoiceStatus('status').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('ar_invoices_status_due_idx').on(t.status, t.dueDate),
    index('ar_invoices_customer_issue_idx').on(t.customerId, t.issueDate),
    index('ar_invoices_issue_idx').on(t.issueDate),
    check('ar_invoices_due_after_issue', sql`${t.dueDate} >= ${t.issueDate}`),
  ],
);

/** Accounts payable: supplier bills (materials against purchase orders, plus freight, utilities, services). */
export const apBills = pgTable(
  'ap_bills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    billNumber: text('bill_number').notNull().unique(),
    supplierId: uuid('supplier_id').notNull().references(() => suppliers.id),
    purchaseOrderId: uuid('purchase_order_id').references(() => purchaseOrders.id),
    category: text('category').notNull(),
    issueDate: date('issue_date').notNull(),
    dueDate: date('due_date').notNull(),
    paidDate: date('paid_date'),
    amount: money('amount').notNull(),
    amountPaid: money('amount_paid').notNull().default('0'),
    currency: currencyCode('currency').notNull(),
    status: invoiceStatus('status').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('ap_bills_status_due_idx').on(t.status, t.dueDate),
    index('ap_bills_supplier_issue_idx').on(t.supplierId, t.issueDate),
    index('ap_bills_issue_idx').on(t.issueDate),
    check('ap_bills_due_after_issue', sql`${t.dueDate} >= ${t.issueDate}`),
  ],
);

/** End-of-day cash balance per currency per bank account. */
export const cashBalances = pgTable(
  'cash_balances',
  {
    balanceDate: date('balance_date').notNull(),
    currency: currencyCode('currency').notNull(),
    account: text('account').notNull().default('OPERATING'),
    balance: money('balance').notNull(),
  },
  (t) => [primaryKey({ columns: [t.balanceDate, t.currency, t.account] }), index('cash_balances_date_idx').on(t.balanceDate)],
);

/**
 * Daily financial metrics derived by jobs (DSO, DIO, DPO, cash conversion cycle, gross margin, …), so
 * working-capital trends read one narrow table. `value` is in `unit` (days, ratio) or `currency` for amounts.
 */
export const financialMetrics = pgTable(
  'financial_metrics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    metricDate: date('metric_date').notNull(),
    metricType: text('metric_type').notNull(),
    value: numeric('value', { precision: 20, scale: 6 }).notNull(),
    unit: text('unit').notNull(),
    currency: currencyCode('currency'),
    calculatedAt: instant('calculated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('idx_financial_metrics_date_type').on(t.metricDate, t.metricType)],
);

/** Projected cash per day and currency for a named scenario (e.g. `base`, `late-payers`), written by a projection run. */
export const cashFlowProjections = pgTable(
  'cash_flow_projections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scenario: text('scenario').notNull(),
    projectionDate: date('projection_date').notNull(),
    currency: currencyCode('currency').notNull(),
    inflow: money('inflow').notNull(),
    outflow: money('outflow').notNull(),
    closingBalance: money('closing_balance').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('idx_cash_flow_projections_date').on(t.projectionDate), index('cash_flow_projections_scenario_idx').on(t.scenario, t.projectionDate)],
);
