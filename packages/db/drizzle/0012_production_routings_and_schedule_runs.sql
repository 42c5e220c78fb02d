CREATE TYPE "public"."schedule_run_status" AS ENUM('PUBLISHED', 'SUPERSEDED');--> statement-breakpoint
CREATE TABLE "product_routings" (
	"sku" text NOT NULL,
	"step" smallint NOT NULL,
	"operation" text NOT NULL,
	"work_centre_code" text NOT NULL,
	"rate_per_hour" numeric(12, 2) NOT NULL,
	"setup_minutes" integer DEFAULT 0 NOT NULL,
	"transfer_minutes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "product_routings_sku_step_pk" PRIMARY KEY("sku","step"),
	CONSTRAINT "product_routings_step_positive" CHECK ("product_routings"."step" >= 1),
	CONSTRAINT "product_routings_rate_positive" CHECK ("product_routings"."rate_per_hour" > 0),
	CONSTRAINT "product_routings_minutes_nonnegative" CHECK ("product_routings"."setup_minutes" >= 0 and "product_routings"."transfer_minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "production_schedule_operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"production_order_id" uuid NOT NULL,
	"step" smallint NOT NULL,
	"step_count" smallint NOT NULL,
	"operation" text NOT NULL,
	"work_centre_code" text NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"changeover_minutes" integer NOT NULL,
	"setup_minutes" integer NOT NULL,
	"run_minutes" numeric(12, 1) NOT NULL,
	"transfer_minutes" integer NOT NULL,
	CONSTRAINT "production_schedule_operations_ends_after_start" CHECK ("production_schedule_operations"."end_at" >= "production_schedule_operations"."start_at")
);
--> statement-breakpoint
CREATE TABLE "production_schedule_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "schedule_run_status" DEFAULT 'PUBLISHED' NOT NULL,
	"trigger" text NOT NULL,
	"triggered_by" uuid,
	"previous_run_id" uuid,
	"inputs_version" text NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"horizon_days" smallint NOT NULL,
	"order_count" integer NOT NULL,
	"operation_count" integer NOT NULL,
	"late_orders" integer NOT NULL,
	"total_tardiness_minutes" numeric(14, 1) NOT NULL,
	"total_changeover_minutes" integer NOT NULL,
	"makespan_end" timestamp with time zone,
	"compute_ms" numeric(10, 1) NOT NULL,
	"details" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "production_schedule_runs_trigger_check" CHECK ("production_schedule_runs"."trigger" in ('manual', 'orders_changed', 'initial'))
);
--> statement-breakpoint
ALTER TABLE "work_centres" ADD COLUMN "changeover_minutes" integer DEFAULT 40 NOT NULL;--> statement-breakpoint
ALTER TABLE "product_routings" ADD CONSTRAINT "product_routings_sku_products_sku_fk" FOREIGN KEY ("sku") REFERENCES "public"."products"("sku") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_routings" ADD CONSTRAINT "product_routings_work_centre_code_work_centres_code_fk" FOREIGN KEY ("work_centre_code") REFERENCES "public"."work_centres"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_schedule_operations" ADD CONSTRAINT "production_schedule_operations_run_id_production_schedule_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."production_schedule_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_schedule_operations" ADD CONSTRAINT "production_schedule_operations_production_order_id_production_orders_id_fk" FOREIGN KEY ("production_order_id") REFERENCES "public"."production_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_schedule_operations" ADD CONSTRAINT "production_schedule_operations_work_centre_code_work_centres_code_fk" FOREIGN KEY ("work_centre_code") REFERENCES "public"."work_centres"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_schedule_runs" ADD CONSTRAINT "production_schedule_runs_triggered_by_users_id_fk" FOREIGN KEY ("triggered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "production_schedule_operations_run_idx" ON "production_schedule_operations" USING btree ("run_id","work_centre_code","start_at");--> statement-breakpoint
CREATE INDEX "production_schedule_operations_order_idx" ON "production_schedule_operations" USING btree ("production_order_id");--> statement-breakpoint
CREATE INDEX "production_schedule_runs_created_idx" ON "production_schedule_runs" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "production_schedule_runs_one_published" ON "production_schedule_runs" USING btree ("status") WHERE "production_schedule_runs"."status" = 'PUBLISHED';