import { relations } from 'drizzle-orm';
import { permissions, rolePermissions, roles, sessions, users } from './auth.ts';
import { billOfMaterials, materials, products } from './catalog.ts';
import { apBills, arInvoices } from './finance.ts';
import { forecastAccuracy, forecastRuns, forecastValues } from './forecasting.ts';
import { integrationConnections, syncState, webhookDeliveries } from './integrations.ts';
import { inventory, warehouses } from './inventory.ts';
import { downtimeEvents, equipment, outputCounts, productionOrders, qualityChecks, shifts, workCentres } from './production.ts';
import { purchaseOrderLines, purchaseOrders, supplierMaterials, suppliers } from './purchasing.ts';
import { customers, orderLines, orders, refunds } from './sales.ts';

// Relations only power `db.query.<table>.findMany({ with: … })`; they add no constraints.

export const usersRelations = relations(users, ({ one, many }) => ({ roleRef: one(roles, { fields: [users.role], references: [roles.code] }), sessions: many(sessions) }));
export const sessionsRelations = relations(sessions, ({ one }) => ({ user: one(users, { fields: [sessions.userId], references: [users.id] }) }));
export const rolesRelations = relations(roles, ({ many }) => ({ grants: many(rolePermissions), users: many(users) }));
export const rolePermissionsRelations = relations(rolePermissions, ({ one }) => ({
  role: one(roles, { fields: [rolePermissions.roleCode], references: [roles.code] }),
  permission: one(permissions, { fields: [rolePermissions.permissionCode], references: [permissions.code] }),
}));
export const permissionsRelations = relations(permissions, ({ many }) => ({ grants: many(rolePermissions) }));

export const productsRelations = relations(products, ({ many }) => ({ bom: many(billOfMaterials), inventory: many(inventory), orderLines: many(orderLines), productionOrders: many(productionOrders) }));
export const billOfMaterialsRelations = relations(billOfMaterials, ({ one }) => ({
  product: one(products, { fields: [billOfMaterials.sku], references: [products.sku] }),
  material: one(materials, { fields: [billOfMaterials.materialCode], references: [materials.code] }),
}));
export const materialsRelations = relations(materials, ({ many }) => ({ bom: many(billOfMaterials), suppliers: many(supplierMaterials) }));

export const warehousesRelations = relations(warehouses, ({ many }) => ({ inventory: many(inventory) }));
export const inventoryRelations = relations(inventory, ({ one }) => ({
  product: one(products, { fields: [inventory.sku], references: [products.sku] }),
  warehouse: one(warehouses, { fields: [inventory.warehouseCode], references: [warehouses.code] }),
}));

export const customersRelations = relations(customers, ({ many }) => ({ orders: many(orders), invoices: many(arInvoices) }));
export const ordersRelations = relations(orders, ({ one, many }) => ({ lines: many(orderLines), refunds: many(refunds), customer: one(customers, { fields: [orders.customerId], references: [customers.id] }) }));
export const orderLinesRelations = relations(orderLines, ({ one }) => ({
  order: one(orders, { fields: [orderLines.orderId], references: [orders.id] }),
  product: one(products, { fields: [orderLines.sku], references: [products.sku] }),
}));
export const refundsRelations = relations(refunds, ({ one }) => ({ order: one(orders, { fields: [refunds.orderId], references: [orders.id] }) }));

export const suppliersRelations = relations(suppliers, ({ many }) => ({ materials: many(supplierMaterials), purchaseOrders: many(purchaseOrders), bills: many(apBills) }));
export const supplierMaterialsRelations = relations(supplierMaterials, ({ one }) => ({
  supplier: one(suppliers, { fields: [supplierMaterials.supplierId], references: [suppliers.id] }),
  material: one(materials, { fields: [supplierMaterials.materialCode], references: [materials.code] }),
}));
export const purchaseOrdersRelations = relations(purchaseOrders, ({ one, many }) => ({ supplier: one(suppliers, { fields: [purchaseOrders.supplierId], references: [suppliers.id] }), lines: many(purchaseOrderLines) }));
export const purchaseOrderLinesRelations = relations(purchaseOrderLines, ({ one }) => ({
  purchaseOrder: one(purchaseOrders, { fields: [purchaseOrderLines.purchaseOrderId], references: [purchaseOrders.id] }),
  material: one(materials, { fields: [purchaseOrderLines.materialCode], references: [materials.code] }),
}));

export const workCentresRelations = relations(workCentres, ({ many }) => ({ equipment: many(equipment), shifts: many(shifts), productionOrders: many(productionOrders), downtime: many(downtimeEvents) }));
export const equipmentRelations = relations(equipment, ({ one }) => ({ workCentre: one(workCentres, { fields: [equipment.workCentreCode], references: [workCentres.code] }) }));
export const shiftsRelations = relations(shifts, ({ one }) => ({ workCentre: one(workCentres, { fields: [shifts.workCentreCode], references: [workCentres.code] }) }));
export const productionOrdersRelations = relations(productionOrders, ({ one, many }) => ({
  product: one(products, { fields: [productionOrders.sku], references: [products.sku] }),
  workCentre: one(workCentres, { fields: [productionOrders.workCentreCode], references: [workCentres.code] }),
  outputCounts: many(outputCounts),
  qualityChecks: many(qualityChecks),
  downtime: many(downtimeEvents),
}));
export const outputCountsRelations = relations(outputCounts, ({ one }) => ({
  productionOrder: one(productionOrders, { fields: [outputCounts.productionOrderId], references: [productionOrders.id] }),
  shift: one(shifts, { fields: [outputCounts.shiftId], references: [shifts.id] }),
}));
export const downtimeEventsRelations = relations(downtimeEvents, ({ one }) => ({
  workCentre: one(workCentres, { fields: [downtimeEvents.workCentreCode], references: [workCentres.code] }),
  productionOrder: one(productionOrders, { fields: [downtimeEvents.productionOrderId], references: [productionOrders.id] }),
}));
export const qualityChecksRelations = relations(qualityChecks, ({ one }) => ({ productionOrder: one(productionOrders, { fields: [qualityChecks.productionOrderId], references: [productionOrders.id] }) }));

export const arInvoicesRelations = relations(arInvoices, ({ one }) => ({ customer: one(customers, { fields: [arInvoices.customerId], references: [customers.id] }) }));
export const apBillsRelations = relations(apBills, ({ one }) => ({
  supplier: one(suppliers, { fields: [apBills.supplierId], references: [suppliers.id] }),
  purchaseOrder: one(purchaseOrders, { fields: [apBills.purchaseOrderId], references: [purchaseOrders.id] }),
}));

export const forecastRunsRelations = relations(forecastRuns, ({ many }) => ({ values: many(forecastValues), accuracy: many(forecastAccuracy) }));
export const forecastValuesRelations = relations(forecastValues, ({ one }) => ({ run: one(forecastRuns, { fields: [forecastValues.runId], references: [forecastRuns.id] }) }));
export const forecastAccuracyRelations = relations(forecastAccuracy, ({ one }) => ({ run: one(forecastRuns, { fields: [forecastAccuracy.runId], references: [forecastRuns.id] }) }));

export const integrationConnectionsRelations = relations(integrationConnections, ({ many }) => ({ syncState: many(syncState), webhookDeliveries: many(webhookDeliveries) }));
export const syncStateRelations = relations(syncState, ({ one }) => ({ connection: one(integrationConnections, { fields: [syncState.connectionId], references: [integrationConnections.id] }) }));
export const webhookDeliveriesRelations = relations(webhookDeliveries, ({ one }) => ({ connection: one(integrationConnections, { fields: [webhookDeliveries.connectionId], references: [integrationConnections.id] }) }));
