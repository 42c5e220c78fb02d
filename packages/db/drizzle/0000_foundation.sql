CREATE TYPE "public"."channel_code" AS ENUM('AMAZON_UK', 'AMAZON_EU', 'AMAZON_US', 'SHOPIFY_UK', 'SHOPIFY_US');--> statement-breakpoint
CREATE TYPE "public"."currency_code" AS ENUM('GBP', 'EUR', 'USD');--> statement-breakpoint
CREATE TYPE "public"."region_code" AS ENUM('UK', 'EU', 'US');--> statement-breakpoint
CREATE TYPE "public"."role_code" AS ENUM('ADMIN', 'MANAGER', 'OPERATOR', 'VIEWER');--> statement-breakpoint
CREATE TYPE "public"."movement_type" AS ENUM('RECEIPT', 'ISSUE', 'TRANSFER', 'ADJUSTMENT', 'PRODUCTION', 'SALE', 'RETURN');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('PENDING', 'SHIPPED', 'DELIVERED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."purchase_order_status" AS ENUM('DRAFT', 'SENT', 'CONFIRMED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."downtime_kind" AS ENUM('PLANNED', 'UNPLANNED');--> statement-breakpoint
CREATE TYPE "public"."production_status" AS ENUM('PLANNED', 'RELEASED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."quality_result" AS ENUM('PASS', 'FAIL', 'REWORK');--> statement-breakpoint
CREATE TYPE "public"."invoice_status" AS ENUM('OPEN', 'PARTIALLY_PAID', 'PAID', 'VOID');--> statement-breakpoint
CREATE TYPE "public"."forecast_run_status" AS ENUM('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."alert_severity" AS ENUM('INFO', 'WARNING', 'CRITICAL');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('OPEN', 'ACKNOWLEDGED', 'RESOLVED');--> statement-breakpoint
CREATE TYPE "public"."connection_status" AS ENUM('ACTIVE', 'DISABLED', 'ERROR');--> statement-breakpoint
CREATE TYPE "public"."webhook_delivery_status" AS ENUM('RECEIVED', 'PROCESSED', 'FAILED', 'DUPLICATE');--> statement-breakpoint
CREATE TABLE "channels" (
	"code" "channel_code" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"platform" text NOT NULL,
	"home_region" "region_code" NOT NULL,
	"currency" "currency_code" NOT NULL,
	"fee_rate" numeric(7, 4) NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "channels_platform_check" CHECK ("channels"."platform" in ('AMAZON', 'SHOPIFY'))
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"reporting_currency" "currency_code" NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"demo_seed" integer,
	"demo_end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "companies_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "currencies" (
	"code" "currency_code" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"symbol" text NOT NULL,
	"minor_units" smallint DEFAULT 2 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feature_flags" (
	"key" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "fx_rates" (
	"rate_date" date NOT NULL,
	"base" "currency_code" NOT NULL,
	"quote" "currency_code" NOT NULL,
	"rate" numeric(18, 8) NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "fx_rates_rate_date_base_quote_pk" PRIMARY KEY("rate_date","base","quote"),
	CONSTRAINT "fx_rates_positive" CHECK ("fx_rates"."rate" > 0),
	CONSTRAINT "fx_rates_distinct" CHECK ("fx_rates"."base" <> "fx_rates"."quote")
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" "region_code" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"currency" "currency_code" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"actor" text NOT NULL,
	"action_type" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"old_values" jsonb,
	"new_values" jsonb,
	"ip_address" text,
	"user_agent" text,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "permissions" (
	"code" text PRIMARY KEY NOT NULL,
	"resource" text NOT NULL,
	"action" text NOT NULL,
	"description" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_permissions" (
	"role_code" "role_code" NOT NULL,
	"permission_code" text NOT NULL,
	CONSTRAINT "role_permissions_role_code_permission_code_pk" PRIMARY KEY("role_code","permission_code")
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"code" "role_code" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"rank" smallint NOT NULL,
	CONSTRAINT "roles_rank_unique" UNIQUE("rank")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip_address" text,
	"user_agent" text,
	CONSTRAINT "sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "role_code" DEFAULT 'VIEWER' NOT NULL,
	"password_hash" text,
	"external_id" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bill_of_materials" (
	"sku" text NOT NULL,
	"material_code" text NOT NULL,
	"quantity_per_unit" numeric(18, 6) NOT NULL,
	"scrap_allowance" numeric(6, 4) DEFAULT '0' NOT NULL,
	CONSTRAINT "bill_of_materials_sku_material_code_pk" PRIMARY KEY("sku","material_code"),
	CONSTRAINT "bom_quantity_positive" CHECK ("bill_of_materials"."quantity_per_unit" > 0)
);
--> statement-breakpoint
CREATE TABLE "materials" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"unit_of_measure" text NOT NULL,
	"standard_cost" numeric(18, 4) NOT NULL,
	"currency" "currency_code" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_prices" (
	"sku" text NOT NULL,
	"channel_code" "channel_code" NOT NULL,
	"valid_from" date NOT NULL,
	"list_price" numeric(18, 4) NOT NULL,
	"currency" "currency_code" NOT NULL,
	CONSTRAINT "product_prices_sku_channel_code_valid_from_pk" PRIMARY KEY("sku","channel_code","valid_from")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"sku" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"size_ml" integer NOT NULL,
	"abv" numeric(4, 1) NOT NULL,
	"unit_of_measure" text DEFAULT 'bottle' NOT NULL,
	"units_per_case" integer NOT NULL,
	"standard_cost" numeric(18, 4) NOT NULL,
	"cost_currency" "currency_code" NOT NULL,
	"launch_date" date NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_size_positive" CHECK ("products"."size_ml" > 0)
);
--> statement-breakpoint
CREATE TABLE "inventory" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sku" text NOT NULL,
	"warehouse_code" text NOT NULL,
	"quantity_on_hand" integer DEFAULT 0 NOT NULL,
	"quantity_reserved" integer DEFAULT 0 NOT NULL,
	"quantity_available" integer GENERATED ALWAYS AS (quantity_on_hand - quantity_reserved) STORED,
	"reorder_point" integer,
	"safety_stock" integer,
	"max_stock" integer,
	"last_count_date" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_reserved_nonnegative" CHECK ("inventory"."quantity_reserved" >= 0)
);
--> statement-breakpoint
CREATE TABLE "material_inventory" (
	"material_code" text NOT NULL,
	"warehouse_code" text NOT NULL,
	"quantity_on_hand" numeric(18, 4) DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "material_inventory_material_code_warehouse_code_pk" PRIMARY KEY("material_code","warehouse_code")
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"sku" text NOT NULL,
	"warehouse_code" text NOT NULL,
	"movement_type" "movement_type" NOT NULL,
	"quantity" integer NOT NULL,
	"unit_cost" numeric(18, 4),
	"currency" "currency_code",
	"reference_type" text,
	"reference_id" text,
	"notes" text,
	"created_by" uuid,
	CONSTRAINT "stock_movements_nonzero" CHECK ("stock_movements"."quantity" <> 0)
);
--> statement-breakpoint
CREATE TABLE "warehouses" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region" "region_code" NOT NULL,
	"channel_code" "channel_code",
	"currency" "currency_code" NOT NULL,
	CONSTRAINT "warehouses_kind_check" CHECK ("warehouses"."kind" in ('OWN', 'FBA', '3PL'))
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region" "region_code" NOT NULL,
	"currency" "currency_code" NOT NULL,
	"payment_terms_days" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_code_unique" UNIQUE("code"),
	CONSTRAINT "customers_kind_check" CHECK ("customers"."kind" in ('MARKETPLACE', 'PAYMENT_PROCESSOR', 'WHOLESALE'))
);
--> statement-breakpoint
CREATE TABLE "daily_sales" (
	"sales_date" date NOT NULL,
	"sku" text NOT NULL,
	"region_code" "region_code" NOT NULL,
	"channel_code" "channel_code" NOT NULL,
	"orders" integer NOT NULL,
	"units" integer NOT NULL,
	"revenue" numeric(18, 4) NOT NULL,
	"cogs" numeric(18, 4) NOT NULL,
	"currency" "currency_code" NOT NULL,
	"revenue_gbp" numeric(18, 4) NOT NULL,
	"cogs_gbp" numeric(18, 4) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "daily_sales_sales_date_sku_region_code_channel_code_pk" PRIMARY KEY("sales_date","sku","region_code","channel_code")
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"line_number" smallint NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" numeric(18, 4) NOT NULL,
	"discount" numeric(18, 4) DEFAULT '0' NOT NULL,
	"line_total" numeric(18, 4) NOT NULL,
	"unit_cost" numeric(18, 4) NOT NULL,
	"currency" "currency_code" NOT NULL,
	CONSTRAINT "order_lines_quantity_positive" CHECK ("order_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_number" text NOT NULL,
	"channel_code" "channel_code" NOT NULL,
	"external_id" text NOT NULL,
	"ship_to_region" "region_code" NOT NULL,
	"customer_id" uuid,
	"fulfilled_from" text,
	"status" "order_status" NOT NULL,
	"ordered_at" timestamp with time zone NOT NULL,
	"currency" "currency_code" NOT NULL,
	"subtotal" numeric(18, 4) NOT NULL,
	"discount" numeric(18, 4) DEFAULT '0' NOT NULL,
	"shipping" numeric(18, 4) DEFAULT '0' NOT NULL,
	"tax" numeric(18, 4) DEFAULT '0' NOT NULL,
	"total" numeric(18, 4) NOT NULL,
	"fees" numeric(18, 4) DEFAULT '0' NOT NULL,
	"promotion_code" text,
	"source" text NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"sku" text,
	"quantity" integer DEFAULT 0 NOT NULL,
	"refunded_at" timestamp with time zone NOT NULL,
	"amount" numeric(18, 4) NOT NULL,
	"currency" "currency_code" NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "refunds_amount_positive" CHECK ("refunds"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "purchase_order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purchase_order_id" uuid NOT NULL,
	"line_number" smallint NOT NULL,
	"material_code" text NOT NULL,
	"quantity" numeric(18, 4) NOT NULL,
	"quantity_received" numeric(18, 4) DEFAULT '0' NOT NULL,
	"unit_price" numeric(18, 4) NOT NULL,
	"line_total" numeric(18, 4) NOT NULL,
	"currency" "currency_code" NOT NULL,
	"expected_date" date NOT NULL,
	"received_date" date
);
--> statement-breakpoint
CREATE TABLE "purchase_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"po_number" text NOT NULL,
	"supplier_id" uuid NOT NULL,
	"status" "purchase_order_status" NOT NULL,
	"ordered_at" timestamp with time zone NOT NULL,
	"expected_date" date NOT NULL,
	"received_at" timestamp with time zone,
	"currency" "currency_code" NOT NULL,
	"total" numeric(18, 4) NOT NULL,
	"payment_terms_days" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purchase_orders_po_number_unique" UNIQUE("po_number")
);
--> statement-breakpoint
CREATE TABLE "supplier_materials" (
	"supplier_id" uuid NOT NULL,
	"material_code" text NOT NULL,
	"unit_price" numeric(18, 4) NOT NULL,
	"currency" "currency_code" NOT NULL,
	"moq" numeric(18, 4) NOT NULL,
	"order_multiple" numeric(18, 4) DEFAULT '1' NOT NULL,
	"lead_time_days" integer NOT NULL,
	"lead_time_std_days" numeric(8, 2) NOT NULL,
	"is_preferred" boolean DEFAULT true NOT NULL,
	CONSTRAINT "supplier_materials_supplier_id_material_code_pk" PRIMARY KEY("supplier_id","material_code"),
	CONSTRAINT "supplier_materials_moq_positive" CHECK ("supplier_materials"."moq" > 0)
);
--> statement-breakpoint
CREATE TABLE "suppliers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"country" text NOT NULL,
	"currency" "currency_code" NOT NULL,
	"payment_terms_days" integer NOT NULL,
	"lead_time_days" integer NOT NULL,
	"lead_time_std_days" numeric(8, 2) NOT NULL,
	"on_time_rate" numeric(5, 4),
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppliers_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "downtime_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_centre_code" text NOT NULL,
	"equipment_id" uuid,
	"production_order_id" uuid,
	"kind" "downtime_kind" NOT NULL,
	"reason_code" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"notes" text,
	CONSTRAINT "downtime_events_ends_after_start" CHECK ("downtime_events"."ended_at" is null or "downtime_events"."ended_at" > "downtime_events"."started_at")
);
--> statement-breakpoint
CREATE TABLE "equipment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"work_centre_code" text NOT NULL,
	"name" text NOT NULL,
	"ideal_rate_per_hour" numeric(12, 2) NOT NULL,
	"commissioned_on" date NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	CONSTRAINT "equipment_code_unique" UNIQUE("code"),
	CONSTRAINT "equipment_status_check" CHECK ("equipment"."status" in ('ACTIVE', 'MAINTENANCE', 'RETIRED'))
);
--> statement-breakpoint
CREATE TABLE "output_counts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"production_order_id" uuid NOT NULL,
	"shift_id" uuid,
	"equipment_id" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"run_minutes" integer NOT NULL,
	"good_units" integer NOT NULL,
	"scrap_units" integer DEFAULT 0 NOT NULL,
	"rework_units" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "output_counts_nonnegative" CHECK ("output_counts"."good_units" >= 0 and "output_counts"."scrap_units" >= 0 and "output_counts"."rework_units" >= 0)
);
--> statement-breakpoint
CREATE TABLE "production_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_number" text NOT NULL,
	"sku" text NOT NULL,
	"work_centre_code" text NOT NULL,
	"quantity_planned" integer NOT NULL,
	"scheduled_start" timestamp with time zone NOT NULL,
	"scheduled_end" timestamp with time zone NOT NULL,
	"actual_start" timestamp with time zone,
	"actual_end" timestamp with time zone,
	"status" "production_status" DEFAULT 'PLANNED' NOT NULL,
	"priority" smallint DEFAULT 5 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "production_orders_order_number_unique" UNIQUE("order_number"),
	CONSTRAINT "production_orders_quantity_positive" CHECK ("production_orders"."quantity_planned" > 0)
);
--> statement-breakpoint
CREATE TABLE "quality_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"production_order_id" uuid NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"check_type" text NOT NULL,
	"result" "quality_result" NOT NULL,
	"is_first_pass" boolean DEFAULT true NOT NULL,
	"sample_size" integer NOT NULL,
	"defects" integer DEFAULT 0 NOT NULL,
	"inspector" text NOT NULL,
	"notes" text
);
--> statement-breakpoint
CREATE TABLE "shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_centre_code" text NOT NULL,
	"shift_date" date NOT NULL,
	"shift_name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"planned_minutes" integer NOT NULL,
	"crew_size" smallint NOT NULL,
	CONSTRAINT "shifts_ends_after_start" CHECK ("shifts"."ends_at" > "shifts"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "work_centres" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"rate_per_hour" numeric(12, 2) NOT NULL,
	"unit_of_measure" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ap_bills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_number" text NOT NULL,
	"supplier_id" uuid NOT NULL,
	"purchase_order_id" uuid,
	"category" text NOT NULL,
	"issue_date" date NOT NULL,
	"due_date" date NOT NULL,
	"paid_date" date,
	"amount" numeric(18, 4) NOT NULL,
	"amount_paid" numeric(18, 4) DEFAULT '0' NOT NULL,
	"currency" "currency_code" NOT NULL,
	"status" "invoice_status" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ap_bills_bill_number_unique" UNIQUE("bill_number"),
	CONSTRAINT "ap_bills_due_after_issue" CHECK ("ap_bills"."due_date" >= "ap_bills"."issue_date")
);
--> statement-breakpoint
CREATE TABLE "ar_invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"channel_code" "channel_code",
	"period_start" date,
	"period_end" date,
	"issue_date" date NOT NULL,
	"due_date" date NOT NULL,
	"paid_date" date,
	"amount" numeric(18, 4) NOT NULL,
	"amount_paid" numeric(18, 4) DEFAULT '0' NOT NULL,
	"currency" "currency_code" NOT NULL,
	"status" "invoice_status" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ar_invoices_invoice_number_unique" UNIQUE("invoice_number"),
	CONSTRAINT "ar_invoices_due_after_issue" CHECK ("ar_invoices"."due_date" >= "ar_invoices"."issue_date")
);
--> statement-breakpoint
CREATE TABLE "cash_balances" (
	"balance_date" date NOT NULL,
	"currency" "currency_code" NOT NULL,
	"account" text DEFAULT 'OPERATING' NOT NULL,
	"balance" numeric(18, 4) NOT NULL,
	CONSTRAINT "cash_balances_balance_date_currency_account_pk" PRIMARY KEY("balance_date","currency","account")
);
--> statement-breakpoint
CREATE TABLE "forecast_accuracy" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"series_key" text NOT NULL,
	"sku" text,
	"region_code" "region_code",
	"channel_code" "channel_code",
	"model" text NOT NULL,
	"points" integer NOT NULL,
	"mae" numeric(18, 6),
	"rmse" numeric(18, 6),
	"mape" numeric(18, 6),
	"smape" numeric(18, 6),
	"mase" numeric(18, 6),
	"bias" numeric(18, 6),
	"coverage_80" numeric(7, 6),
	"coverage_95" numeric(7, 6),
	"revenue_at_risk" numeric(18, 4),
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forecast_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "forecast_run_status" DEFAULT 'QUEUED' NOT NULL,
	"model" text NOT NULL,
	"horizon_days" integer NOT NULL,
	"training_end" date NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"series_count" integer DEFAULT 0 NOT NULL,
	"triggered_by" uuid,
	"job_id" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "forecast_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"series_key" text NOT NULL,
	"sku" text,
	"region_code" "region_code",
	"channel_code" "channel_code",
	"model" text NOT NULL,
	"forecast_date" date NOT NULL,
	"mean" numeric(18, 4) NOT NULL,
	"lower_80" numeric(18, 4),
	"upper_80" numeric(18, 4),
	"lower_95" numeric(18, 4),
	"upper_95" numeric(18, 4)
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"severity" "alert_severity" NOT NULL,
	"status" "alert_status" DEFAULT 'OPEN' NOT NULL,
	"title" text NOT NULL,
	"message" text NOT NULL,
	"entity_type" text,
	"entity_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "integration_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"name" text NOT NULL,
	"channel_code" "channel_code",
	"status" "connection_status" DEFAULT 'ACTIVE' NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"credentials_encrypted" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_connections_provider_check" CHECK ("integration_connections"."provider" in ('AMAZON', 'SHOPIFY', 'UNLEASHED'))
);
--> statement-breakpoint
CREATE TABLE "sync_state" (
	"connection_id" uuid NOT NULL,
	"resource" text NOT NULL,
	"cursor" text,
	"last_started_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_error" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"records_synced" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_state_connection_id_resource_pk" PRIMARY KEY("connection_id","resource")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"connection_id" uuid,
	"delivery_id" text NOT NULL,
	"topic" text NOT NULL,
	"is_signature_valid" boolean NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "webhook_delivery_status" DEFAULT 'RECEIVED' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "domain_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"roles" text[],
	"source" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_dead_letters" (
	"id" text PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"provider" text NOT NULL,
	"queue" text NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"error" text NOT NULL,
	"attempts" integer NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "job_schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"name" text NOT NULL,
	"cron" text NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"payload" jsonb NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'waiting' NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"attempts_made" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"backoff_base_ms" integer NOT NULL,
	"backoff_max_ms" integer NOT NULL,
	"timeout_ms" integer NOT NULL,
	"stalled_count" integer DEFAULT 0 NOT NULL,
	"idempotency_key" text,
	"schedule_id" text,
	"progress" jsonb,
	"result" jsonb,
	"last_error" text,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_home_region_regions_code_fk" FOREIGN KEY ("home_region") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_reporting_currency_currencies_code_fk" FOREIGN KEY ("reporting_currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fx_rates" ADD CONSTRAINT "fx_rates_base_currencies_code_fk" FOREIGN KEY ("base") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fx_rates" ADD CONSTRAINT "fx_rates_quote_currencies_code_fk" FOREIGN KEY ("quote") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_permissions" ADD CONSTRAINT "role_permissions_role_code_roles_code_fk" FOREIGN KEY ("role_code") REFERENCES "public"."roles"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_permissions" ADD CONSTRAINT "role_permissions_permission_code_permissions_code_fk" FOREIGN KEY ("permission_code") REFERENCES "public"."permissions"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_roles_code_fk" FOREIGN KEY ("role") REFERENCES "public"."roles"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_of_materials" ADD CONSTRAINT "bill_of_materials_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_of_materials" ADD CONSTRAINT "bill_of_materials_material_code_materials_code_fk" FOREIGN KEY ("material_code") REFERENCES "public"."materials"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_prices" ADD CONSTRAINT "product_prices_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_warehouse_code_warehouses_code_fk" FOREIGN KEY ("warehouse_code") REFERENCES "public"."warehouses"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_inventory" ADD CONSTRAINT "material_inventory_material_code_materials_code_fk" FOREIGN KEY ("material_code") REFERENCES "public"."materials"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_inventory" ADD CONSTRAINT "material_inventory_warehouse_code_warehouses_code_fk" FOREIGN KEY ("warehouse_code") REFERENCES "public"."warehouses"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_warehouse_code_warehouses_code_fk" FOREIGN KEY ("warehouse_code") REFERENCES "public"."warehouses"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_sales" ADD CONSTRAINT "daily_sales_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_channel_code_channels_code_fk" FOREIGN KEY ("channel_code") REFERENCES "public"."channels"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_ship_to_region_regions_code_fk" FOREIGN KEY ("ship_to_region") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_fulfilled_from_warehouses_code_fk" FOREIGN KEY ("fulfilled_from") REFERENCES "public"."warehouses"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_purchase_order_id_purchase_orders_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_material_code_materials_code_fk" FOREIGN KEY ("material_code") REFERENCES "public"."materials"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_materials" ADD CONSTRAINT "supplier_materials_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_materials" ADD CONSTRAINT "supplier_materials_material_code_materials_code_fk" FOREIGN KEY ("material_code") REFERENCES "public"."materials"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "downtime_events" ADD CONSTRAINT "downtime_events_work_centre_code_work_centres_code_fk" FOREIGN KEY ("work_centre_code") REFERENCES "public"."work_centres"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "downtime_events" ADD CONSTRAINT "downtime_events_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "downtime_events" ADD CONSTRAINT "downtime_events_production_order_id_production_orders_id_fk" FOREIGN KEY ("production_order_id") REFERENCES "public"."production_orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_work_centre_code_work_centres_code_fk" FOREIGN KEY ("work_centre_code") REFERENCES "public"."work_centres"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_counts" ADD CONSTRAINT "output_counts_production_order_id_production_orders_id_fk" FOREIGN KEY ("production_order_id") REFERENCES "public"."production_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_counts" ADD CONSTRAINT "output_counts_shift_id_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_counts" ADD CONSTRAINT "output_counts_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_orders" ADD CONSTRAINT "production_orders_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_orders" ADD CONSTRAINT "production_orders_work_centre_code_work_centres_code_fk" FOREIGN KEY ("work_centre_code") REFERENCES "public"."work_centres"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_checks" ADD CONSTRAINT "quality_checks_production_order_id_production_orders_id_fk" FOREIGN KEY ("production_order_id") REFERENCES "public"."production_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_work_centre_code_work_centres_code_fk" FOREIGN KEY ("work_centre_code") REFERENCES "public"."work_centres"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_bills" ADD CONSTRAINT "ap_bills_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_bills" ADD CONSTRAINT "ap_bills_purchase_order_id_purchase_orders_id_fk" FOREIGN KEY ("purchase_order_id") REFERENCES "public"."purchase_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ar_invoices" ADD CONSTRAINT "ar_invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_accuracy" ADD CONSTRAINT "forecast_accuracy_run_id_forecast_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."forecast_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_values" ADD CONSTRAINT "forecast_values_run_id_forecast_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."forecast_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_state" ADD CONSTRAINT "sync_state_connection_id_integration_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."integration_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_connection_id_integration_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."integration_connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_audit_logs_user_date" ON "audit_logs" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_audit_logs_entity_action" ON "audit_logs" USING btree ("entity_type","action_type","created_at");--> statement-breakpoint
CREATE INDEX "idx_audit_logs_created" ON "audit_logs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_external_id_key" ON "users" USING btree ("external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_inventory_product_warehouse" ON "inventory" USING btree ("sku","warehouse_code");--> statement-breakpoint
CREATE INDEX "idx_inventory_reorder_analysis" ON "inventory" USING btree ("quantity_on_hand","reorder_point") WHERE "inventory"."reorder_point" is not null;--> statement-breakpoint
CREATE INDEX "stock_movements_sku_warehouse_time_idx" ON "stock_movements" USING btree ("sku","warehouse_code","occurred_at");--> statement-breakpoint
CREATE INDEX "stock_movements_time_idx" ON "stock_movements" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "daily_sales_sku_date_idx" ON "daily_sales" USING btree ("sku","sales_date");--> statement-breakpoint
CREATE INDEX "daily_sales_channel_date_idx" ON "daily_sales" USING btree ("channel_code","sales_date");--> statement-breakpoint
CREATE INDEX "daily_sales_region_date_idx" ON "daily_sales" USING btree ("region_code","sales_date");--> statement-breakpoint
CREATE UNIQUE INDEX "order_lines_order_line_key" ON "order_lines" USING btree ("order_id","line_number");--> statement-breakpoint
CREATE INDEX "order_lines_sku_idx" ON "order_lines" USING btree ("sku");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_channel_external_key" ON "orders" USING btree ("channel_code","external_id");--> statement-breakpoint
CREATE INDEX "orders_ordered_at_idx" ON "orders" USING btree ("ordered_at");--> statement-breakpoint
CREATE INDEX "orders_channel_ordered_at_idx" ON "orders" USING btree ("channel_code","ordered_at");--> statement-breakpoint
CREATE INDEX "orders_region_ordered_at_idx" ON "orders" USING btree ("ship_to_region","ordered_at");--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "orders" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "orders_ingested_at_idx" ON "orders" USING btree ("ingested_at");--> statement-breakpoint
CREATE INDEX "refunds_order_idx" ON "refunds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "refunds_refunded_at_idx" ON "refunds" USING btree ("refunded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_order_lines_po_line_key" ON "purchase_order_lines" USING btree ("purchase_order_id","line_number");--> statement-breakpoint
CREATE INDEX "purchase_order_lines_material_idx" ON "purchase_order_lines" USING btree ("material_code");--> statement-breakpoint
CREATE INDEX "purchase_orders_supplier_date_idx" ON "purchase_orders" USING btree ("supplier_id","ordered_at");--> statement-breakpoint
CREATE INDEX "purchase_orders_status_expected_idx" ON "purchase_orders" USING btree ("status","expected_date");--> statement-breakpoint
CREATE INDEX "downtime_events_work_centre_start_idx" ON "downtime_events" USING btree ("work_centre_code","started_at");--> statement-breakpoint
CREATE INDEX "downtime_events_start_idx" ON "downtime_events" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "equipment_work_centre_idx" ON "equipment" USING btree ("work_centre_code");--> statement-breakpoint
CREATE INDEX "output_counts_order_idx" ON "output_counts" USING btree ("production_order_id");--> statement-breakpoint
CREATE INDEX "output_counts_recorded_idx" ON "output_counts" USING btree ("recorded_at");--> statement-breakpoint
CREATE INDEX "idx_production_orders_status_date" ON "production_orders" USING btree ("status","scheduled_start");--> statement-breakpoint
CREATE INDEX "idx_production_orders_work_center" ON "production_orders" USING btree ("work_centre_code","status");--> statement-breakpoint
CREATE INDEX "production_orders_sku_idx" ON "production_orders" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "quality_checks_order_idx" ON "quality_checks" USING btree ("production_order_id");--> statement-breakpoint
CREATE INDEX "quality_checks_checked_at_idx" ON "quality_checks" USING btree ("checked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shifts_work_centre_start_key" ON "shifts" USING btree ("work_centre_code","starts_at");--> statement-breakpoint
CREATE INDEX "shifts_date_idx" ON "shifts" USING btree ("shift_date");--> statement-breakpoint
CREATE INDEX "ap_bills_status_due_idx" ON "ap_bills" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "ap_bills_supplier_issue_idx" ON "ap_bills" USING btree ("supplier_id","issue_date");--> statement-breakpoint
CREATE INDEX "ap_bills_issue_idx" ON "ap_bills" USING btree ("issue_date");--> statement-breakpoint
CREATE INDEX "ar_invoices_status_due_idx" ON "ar_invoices" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "ar_invoices_customer_issue_idx" ON "ar_invoices" USING btree ("customer_id","issue_date");--> statement-breakpoint
CREATE INDEX "ar_invoices_issue_idx" ON "ar_invoices" USING btree ("issue_date");--> statement-breakpoint
CREATE INDEX "cash_balances_date_idx" ON "cash_balances" USING btree ("balance_date");--> statement-breakpoint
CREATE UNIQUE INDEX "forecast_accuracy_run_series_model_key" ON "forecast_accuracy" USING btree ("run_id","series_key","model");--> statement-breakpoint
CREATE INDEX "forecast_runs_created_idx" ON "forecast_runs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "forecast_runs_status_idx" ON "forecast_runs" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "forecast_values_run_series_date_key" ON "forecast_values" USING btree ("run_id","series_key","model","forecast_date");--> statement-breakpoint
CREATE INDEX "forecast_values_sku_date_idx" ON "forecast_values" USING btree ("sku","forecast_date");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_dedupe_key" ON "alerts" USING btree ("dedupe_key") WHERE "alerts"."status" <> 'RESOLVED';--> statement-breakpoint
CREATE INDEX "alerts_status_created_idx" ON "alerts" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "integration_connections_provider_name_key" ON "integration_connections" USING btree ("provider","name");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_provider_delivery_key" ON "webhook_deliveries" USING btree ("provider","delivery_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_idx" ON "webhook_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "domain_events_occurred_idx" ON "domain_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "job_dead_letters_open_idx" ON "job_dead_letters" USING btree ("resolved_at","failed_at");--> statement-breakpoint
CREATE INDEX "jobs_claim_idx" ON "jobs" USING btree ("queue","state","run_at");--> statement-breakpoint
CREATE INDEX "jobs_lease_idx" ON "jobs" USING btree ("state","locked_until");