CREATE TABLE "forecast_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"series_key" text NOT NULL,
	"period_start" date NOT NULL,
	"statistical" numeric(18, 4) NOT NULL,
	"value" numeric(18, 4),
	"reason" text NOT NULL,
	"updated_by" uuid,
	"updated_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "forecast_series_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"series_key" text NOT NULL,
	"granularity" text NOT NULL,
	"model" text NOT NULL,
	"method" text NOT NULL,
	"history_start" date,
	"history_length" integer NOT NULL,
	"weights" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"interval_scale" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"comparison" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"components" jsonb,
	"fallback" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "forecast_overrides" ADD CONSTRAINT "forecast_overrides_run_id_forecast_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."forecast_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_series_results" ADD CONSTRAINT "forecast_series_results_run_id_forecast_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."forecast_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "forecast_overrides_run_series_period_key" ON "forecast_overrides" USING btree ("run_id","series_key","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "forecast_series_results_run_series_key" ON "forecast_series_results" USING btree ("run_id","series_key");--> statement-breakpoint
CREATE INDEX "forecast_series_results_series_idx" ON "forecast_series_results" USING btree ("series_key","created_at");