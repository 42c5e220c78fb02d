DROP INDEX "orders_region_ordered_at_idx";--> statement-breakpoint
DROP INDEX "orders_customer_idx";--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "orders" USING btree ("customer_id") WHERE "orders"."customer_id" is not null;