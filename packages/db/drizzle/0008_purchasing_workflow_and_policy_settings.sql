ALTER TYPE "public"."purchase_order_status" ADD VALUE 'APPROVED';--> statement-breakpoint
ALTER TYPE "public"."purchase_order_status" ADD VALUE 'REJECTED';--> statement-breakpoint
ALTER TYPE "public"."purchase_order_status" ADD VALUE 'CLOSED';--> statement-breakpoint
CREATE TABLE "inventory_policy_settings" (
	"item_kind" text NOT NULL,
	"item_code" text NOT NULL,
	"warehouse_code" text NOT NULL,
	"service_level" numeric(6, 5),
	"lead_time_days" integer,
	"lead_time_std_days" numeric(8, 2),
	"review_period_days" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_policy_settings_item_kind_item_code_warehouse_code_pk" PRIMARY KEY("item_kind","item_code","warehouse_code"),
	CONSTRAINT "inventory_policy_settings_kind_check" CHECK ("inventory_policy_settings"."item_kind" in ('product', 'material')),
	CONSTRAINT "inventory_policy_settings_service_level_check" CHECK ("inventory_policy_settings"."service_level" is null or ("inventory_policy_settings"."service_level" > 0 and "inventory_policy_settings"."service_level" < 1)),
	CONSTRAINT "inventory_policy_settings_lead_time_check" CHECK ("inventory_policy_settings"."lead_time_days" is null or "inventory_policy_settings"."lead_time_days" >= 1),
	CONSTRAINT "inventory_policy_settings_review_check" CHECK ("inventory_policy_settings"."review_period_days" is null or "inventory_policy_settings"."review_period_days" >= 1)
);
--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD COLUMN "delivery_warehouse_code" text;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD COLUMN "approved_by" uuid;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD COLUMN "rejected_reason" text;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD COLUMN "closed_reason" text;--> statement-breakpoint
ALTER TABLE "inventory_policy_settings" ADD CONSTRAINT "inventory_policy_settings_warehouse_code_warehouses_code_fk" FOREIGN KEY ("warehouse_code") REFERENCES "public"."warehouses"("code") ON DELETE no action ON UPDATE no action;